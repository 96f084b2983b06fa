package io.lbctl.model.aws;

import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.Protocol;
import io.lbctl.model.TargetType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Target-group attributes: each value against {@link AttributeCatalog}, then the rules that tie
 * attributes together (stickiness types per load-balancer type, app cookies, slow start,
 * anomaly mitigation, failover, client IP preservation). {@code family} is the load-balancer
 * type the group's protocol serves.
 */
public final class TargetGroupAttributeRules {
    private static final Map<LoadBalancerType, List<String>> STICKINESS_TYPES = Map.of(
            LoadBalancerType.APPLICATION, List.of("lb_cookie", "app_cookie"),
            LoadBalancerType.NETWORK, List.of("source_ip"),
            LoadBalancerType.GATEWAY, List.of("source_ip_dest_ip", "source_ip_dest_ip_proto"));
    private static final List<String> RESERVED_COOKIE_PREFIXES = List.of("AWSALB", "AWSALBAPP", "AWSALBTG");

    /** A violation and the attribute key it belongs to. */
    public record KeyViolation(String key, Violation violation) {
    }

    private TargetGroupAttributeRules() {
    }

    public static List<KeyViolation> check(Map<String, String> a, LoadBalancerType family, TargetType targetType,
                                           Optional<Protocol> protocol) {
        List<KeyViolation> out = new ArrayList<>();
        a.forEach((key, value) -> AttributeCatalog.check(AttributeCatalog.Scope.TARGET_GROUP, family,
                Optional.of(targetType), key, value).ifPresent(v -> out.add(new KeyViolation(key, v))));
        if (!out.isEmpty()) {
            return out; // the combined rules below assume each value is well-formed
        }
        String type = a.get("stickiness.type");
        if (type != null && !STICKINESS_TYPES.get(family).contains(type)) {
            out.add(new KeyViolation("stickiness.type", Violation.of("attribute.stickiness.type", "stickiness type "
                    + type + " is not for " + family.wireName() + " target groups",
                    "use " + String.join(" or ", STICKINESS_TYPES.get(family)))));
        }
        if ("app_cookie".equals(type)) {
            String cookie = a.get("stickiness.app_cookie.cookie_name");
            if (cookie == null) {
                out.add(new KeyViolation("stickiness.type", Violation.of("attribute.app_cookie.name",
                        "app_cookie stickiness needs stickiness.app_cookie.cookie_name")));
            } else if (RESERVED_COOKIE_PREFIXES.stream().anyMatch(cookie::startsWith)) {
                out.add(new KeyViolation("stickiness.app_cookie.cookie_name", Violation.of("attribute.app_cookie.reserved",
                        "cookie name '" + cookie + "' starts with a prefix AWS reserves (AWSALB, AWSALBAPP, AWSALBTG)")));
            }
        }
        String slowStart = a.get("slow_start.duration_seconds");
        if (slowStart != null && !slowStart.equals("0")) {
            int seconds = Integer.parseInt(slowStart);
            if (seconds < 30 || seconds > 900) {
                out.add(new KeyViolation("slow_start.duration_seconds", Violation.of("attribute.value",
                        "slow_start.duration_seconds is " + slowStart + "; it must be 0 (off) or 30-900")));
            } else if ("least_outstanding_requests".equals(a.get("load_balancing.algorithm.type"))) {
                out.add(new KeyViolation("slow_start.duration_seconds", Violation.of("attribute.slow_start.algorithm",
                        "slow start cannot be combined with least_outstanding_requests")));
            }
        }
        if ("on".equals(a.get("load_balancing.algorithm.anomaly_mitigation"))
                && !"weighted_random".equals(a.get("load_balancing.algorithm.type"))) {
            out.add(new KeyViolation("load_balancing.algorithm.anomaly_mitigation", Violation.of(
                    "attribute.anomaly_mitigation.algorithm", "anomaly mitigation works only with the weighted_random algorithm")));
        }
        String onDeregistration = a.get("target_failover.on_deregistration");
        String onUnhealthy = a.get("target_failover.on_unhealthy");
        if ((onDeregistration == null) != (onUnhealthy == null)
                || onDeregistration != null && !onDeregistration.equals(onUnhealthy)) {
            out.add(new KeyViolation(onDeregistration != null ? "target_failover.on_deregistration" : "target_failover.on_unhealthy",
                    Violation.of("attribute.target_failover", "target_failover.on_deregistration and on_unhealthy must be "
                            + "set together and to the same value")));
        }
        if ("false".equals(a.get("preserve_client_ip.enabled"))
                && protocol.filter(p -> p == Protocol.UDP || p == Protocol.TCP_UDP).isPresent()) {
            out.add(new KeyViolation("preserve_client_ip.enabled", Violation.of("attribute.preserve_client_ip.udp",
                    "client IP preservation cannot be turned off for " + protocol.get() + " target groups")));
        }
        return out;
    }
}
