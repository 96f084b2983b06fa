package io.lbctl.model;

import java.util.Map;

/**
 * A whole spec: every resource of one stack, keyed by logical id in declaration order. The
 * stack name and logical ids are the identity the planner matches live resources by (through
 * ownership tags), so renaming either is a replacement.
 */
public record Stack(
        String name,
        Map<String, String> tags,
        Network network,
        Map<String, TargetGroup> targetGroups,
        Map<String, LoadBalancer> loadBalancers,
        Map<String, ClassicLoadBalancer> classicLoadBalancers) {

    public Stack {
        tags = OrderedMaps.copyOf(tags);
        targetGroups = OrderedMaps.copyOf(targetGroups);
        loadBalancers = OrderedMaps.copyOf(loadBalancers);
        classicLoadBalancers = OrderedMaps.copyOf(classicLoadBalancers);
    }
}
