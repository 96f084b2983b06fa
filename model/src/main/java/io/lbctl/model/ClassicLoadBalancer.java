package io.lbctl.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Classic Load Balancer (the 2012-06-01 ELB API). It has no target groups: listeners map a
 * front-end port to an instance port, and instances are registered on the load balancer itself.
 */
public record ClassicLoadBalancer(
        String id,
        Optional<String> name,
        Scheme scheme,
        List<String> subnets,
        List<String> securityGroups,
        Map<String, ClassicListener> listeners,
        ClassicHealthCheck healthCheck,
        boolean crossZone,
        int idleTimeoutSeconds,
        Optional<Integer> connectionDrainingSeconds,
        List<String> instances,
        Map<String, String> tags) {

    public ClassicLoadBalancer {
        subnets = List.copyOf(subnets);
        securityGroups = List.copyOf(securityGroups);
        listeners = OrderedMaps.copyOf(listeners);
        instances = List.copyOf(instances);
        tags = OrderedMaps.copyOf(tags);
    }

    /** A classic listener: front-end protocol and port to instance protocol and port. */
    public record ClassicListener(
            String id, String protocol, int port, String instanceProtocol, int instancePort,
            Optional<String> certificate) {
    }

    /** A classic health check; {@code target} is {@code PROTOCOL:PORT[/PATH]}, such as {@code HTTP:80/health}. */
    public record ClassicHealthCheck(
            String target, int intervalSeconds, int timeoutSeconds, int healthyThreshold, int unhealthyThreshold) {
    }
}
