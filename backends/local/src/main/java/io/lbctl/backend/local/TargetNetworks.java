package io.lbctl.backend.local;

import io.lbctl.model.aws.IpAddresses;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The networks the runtime may contact, for traffic and health checks alike: loopback unless
 * widened on purpose. A target outside them is accepted by the API, as AWS would, but never
 * contacted, so a spec written for AWS is safe to run locally and the runtime cannot be used to
 * probe a network.
 */
public record TargetNetworks(List<String> cidrs) {
    public static final TargetNetworks LOOPBACK = new TargetNetworks(List.of("127.0.0.0/8", "::1/128"));

    public TargetNetworks {
        cidrs = List.copyOf(cidrs);
        for (String cidr : cidrs) {
            if (!IpAddresses.isCidr(cidr)) {
                throw new IllegalArgumentException("'" + cidr + "' is not a CIDR block");
            }
        }
    }

    /** True when {@code address} is an IP literal inside one of the networks. */
    public boolean allows(String address) {
        Optional<InetAddress> ip = IpAddresses.parse(address);
        return ip.isPresent() && cidrs.stream().anyMatch(c -> IpAddresses.inCidr(c, ip.get()));
    }

    @Override
    public String toString() {
        return String.join(", ", cidrs);
    }
}
