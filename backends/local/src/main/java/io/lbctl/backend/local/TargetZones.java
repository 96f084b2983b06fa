package io.lbctl.backend.local;

import io.lbctl.model.aws.IpAddresses;
import java.net.InetAddress;
import java.util.Optional;

/**
 * The Availability Zone an IP target is in, one rule for the data plane that balances by it and
 * the API that reports it. AWS takes the zone from the subnet the address lies in, or from
 * RegisterTargets' AvailabilityZone for an address outside the VPC ({@code all}: every enabled
 * zone). Locally: the zone given at registration wins; otherwise an address that is a subnet's
 * node address ({@link Topology.Subnet#address()}) lies in that subnet's zone; any other address
 * (127.0.0.1, or an AWS address the runtime never contacts) cannot be placed by the topology and
 * counts as {@value #ALL}, so a node never goes without targets merely because loopback
 * addresses carry no subnet.
 */
public final class TargetZones {
    /** RegisterTargets' value for a target that takes traffic from every enabled zone. */
    public static final String ALL = "all";

    private TargetZones() {
    }

    /** The target's zone: {@code registered} if given, else its subnet's zone, else {@value #ALL}. */
    public static String of(Topology topology, String id, Optional<String> registered) {
        if (registered.isPresent()) {
            return registered.get();
        }
        Optional<InetAddress> ip = IpAddresses.parse(id);
        if (ip.isEmpty()) {
            return ALL;
        }
        for (Topology.Subnet subnet : topology.subnets().values()) {
            if (IpAddresses.parse(subnet.address()).filter(ip.get()::equals).isPresent()) {
                return subnet.zone();
            }
        }
        return ALL;
    }
}
