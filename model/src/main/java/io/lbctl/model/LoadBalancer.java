package io.lbctl.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An application, network or gateway load balancer. {@code name} is the physical name when the
 * spec pins one; otherwise the planner derives it from stack and id.
 */
public record LoadBalancer(
        String id,
        Optional<String> name,
        LoadBalancerType type,
        Scheme scheme,
        IpAddressType ipAddressType,
        List<String> subnets,
        List<String> securityGroups,
        Attributes attributes,
        Map<String, String> tags,
        Map<String, Listener> listeners) {

    public LoadBalancer {
        subnets = List.copyOf(subnets);
        securityGroups = List.copyOf(securityGroups);
        tags = OrderedMaps.copyOf(tags);
        listeners = OrderedMaps.copyOf(listeners);
    }
}
