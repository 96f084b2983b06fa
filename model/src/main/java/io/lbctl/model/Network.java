package io.lbctl.model;

import java.util.Map;
import java.util.Optional;

/** The VPC the stack lives in and the subnets it may use, each with its Availability Zone. */
public record Network(Optional<String> vpc, Map<String, String> subnetZones) {
    public static final Network NONE = new Network(Optional.empty(), Map.of());

    public Network {
        subnetZones = OrderedMaps.copyOf(subnetZones);
    }

    public Optional<String> zoneOf(String subnet) {
        return Optional.ofNullable(subnetZones.get(subnet));
    }
}
