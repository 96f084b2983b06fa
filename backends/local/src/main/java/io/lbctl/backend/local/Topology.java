package io.lbctl.backend.local;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime's own network: its region, account and VPC, and the subnets it accepts, each in
 * a zone whose load-balancer node binds a loopback address. The default topology serves the
 * guide's subnet-12345678 and subnet-87654321 as it stands.
 */
public record Topology(String region, String account, String vpcId, Map<String, Subnet> subnets) {

    /** A subnet: its Availability Zone and the loopback address the zone's node binds. */
    public record Subnet(String zone, String address) {
    }

    public Topology {
        subnets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(subnets));
    }

    public static Topology defaults() {
        Map<String, Subnet> subnets = new LinkedHashMap<>();
        subnets.put("subnet-12345678", new Subnet("us-east-1a", "127.0.0.2"));
        subnets.put("subnet-87654321", new Subnet("us-east-1b", "127.0.0.3"));
        subnets.put("subnet-11111111", new Subnet("us-east-1c", "127.0.0.4"));
        return new Topology("us-east-1", "123456789012", "vpc-12345678", subnets);
    }

    public Optional<Subnet> subnet(String id) {
        return Optional.ofNullable(subnets.get(id));
    }
}
