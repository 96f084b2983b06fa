package io.lbctl.model.aws;

import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.Protocol;
import io.lbctl.model.TargetType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The attribute values AWS reports for a resource nobody has changed: every attribute that
 * applies to the resource's type, at its default. The local control plane describes these, and
 * the planner compares a spec against them, so an attribute changed outside lbctl shows up as
 * drift even when the spec never names it.
 */
public final class AttributeDefaults {
    private AttributeDefaults() {
    }

    public static Map<String, String> loadBalancer(LoadBalancerType type) {
        return of(AttributeCatalog.Scope.LOAD_BALANCER, type);
    }

    public static Map<String, String> listener(LoadBalancerType type) {
        return of(AttributeCatalog.Scope.LISTENER, type);
    }

    /** A target group's defaults; {@code family} is the load-balancer type its protocol serves. */
    public static Map<String, String> targetGroup(LoadBalancerType family, TargetType targetType, Optional<Protocol> protocol) {
        Map<String, String> values = new LinkedHashMap<>();
        for (AttributeSpec spec : AttributeCatalog.all(AttributeCatalog.Scope.TARGET_GROUP)) {
            if (spec.loadBalancerTypes().contains(family)
                    && (spec.targetTypes().isEmpty() || spec.targetTypes().contains(targetType))) {
                values.put(spec.key(), targetGroup(spec, family, targetType, protocol));
            }
        }
        return values;
    }

    /** One target-group attribute's default, including those that depend on protocol and target type. */
    public static String targetGroup(AttributeSpec spec, LoadBalancerType family, TargetType targetType,
                                     Optional<Protocol> protocol) {
        boolean udp = protocol.filter(p -> p == Protocol.UDP || p == Protocol.TCP_UDP).isPresent();
        return switch (spec.key()) {
            case "stickiness.type" -> switch (family) {
                case APPLICATION -> "lb_cookie";
                case NETWORK -> "source_ip";
                case GATEWAY -> "source_ip_dest_ip_proto";
            };
            case "preserve_client_ip.enabled" -> Boolean.toString(targetType != TargetType.IP || udp);
            case "deregistration_delay.connection_termination.enabled" -> Boolean.toString(udp);
            default -> spec.defaultValue().orElse("");
        };
    }

    private static Map<String, String> of(AttributeCatalog.Scope scope, LoadBalancerType type) {
        Map<String, String> values = new LinkedHashMap<>();
        for (AttributeSpec spec : AttributeCatalog.all(scope)) {
            if (spec.loadBalancerTypes().contains(type)) {
                values.put(spec.key(), spec.defaultValue().orElse(""));
            }
        }
        return values;
    }
}
