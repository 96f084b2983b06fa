package io.lbctl.schemas;

import io.lbctl.model.Address;
import io.lbctl.model.Attributes;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.Protocol;
import io.lbctl.model.TargetGroup;
import io.lbctl.model.aws.AttributeCatalog;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Target-group attributes: each value against the catalog, then the rules that tie attributes together. */
final class AttributeChecks {
    private static final Map<LoadBalancerType, List<String>> STICKINESS_TYPES = Map.of(
            LoadBalancerType.APPLICATION, List.of("lb_cookie", "app_cookie"),
            LoadBalancerType.NETWORK, List.of("source_ip"),
            LoadBalancerType.GATEWAY, List.of("source_ip_dest_ip", "source_ip_dest_ip_proto"));
    private static final List<String> RESERVED_COOKIE_PREFIXES = List.of("AWSALB", "AWSALBAPP", "AWSALBTG");

    private final CheckContext ctx;

    AttributeChecks(CheckContext ctx) {
        this.ctx = ctx;
    }

    void checkTargetGroup(TargetGroup tg, LoadBalancerType family, Address at) {
        Attributes a = tg.attributes();
        a.values().forEach((key, value) -> ctx.report(AttributeCatalog.check(AttributeCatalog.Scope.TARGET_GROUP,
                family, Optional.of(tg.targetType()), key, value), at.child(key)));
        a.get("stickiness.type").ifPresent(type -> {
            List<String> allowed = STICKINESS_TYPES.get(family);
            if (!allowed.contains(type) && AttributeCatalog.find(AttributeCatalog.Scope.TARGET_GROUP, "stickiness.type")
                    .map(s -> s.values().contains(type)).orElse(false)) {
                ctx.error("attribute.stickiness.type", "stickiness type " + type + " is not for "
                        + family.wireName() + " target groups", "use " + String.join(" or ", allowed),
                        at.child("stickiness.type"));
            }
        });
        if (a.get("stickiness.type").filter("app_cookie"::equals).isPresent()) {
            Optional<String> cookie = a.get("stickiness.app_cookie.cookie_name");
            if (cookie.isEmpty()) {
                ctx.error("attribute.app_cookie.name", "app_cookie stickiness needs stickiness.app_cookie.cookie_name",
                        at.child("stickiness.type"));
            } else if (RESERVED_COOKIE_PREFIXES.stream().anyMatch(p -> cookie.get().startsWith(p))) {
                ctx.error("attribute.app_cookie.reserved", "cookie name '" + cookie.get()
                        + "' starts with a prefix AWS reserves (AWSALB, AWSALBAPP, AWSALBTG)",
                        at.child("stickiness.app_cookie.cookie_name"));
            }
        }
        a.get("slow_start.duration_seconds").filter(v -> v.matches("\\d+")).ifPresent(v -> {
            int seconds = Integer.parseInt(v);
            if (seconds != 0 && (seconds < 30 || seconds > 900)) {
                ctx.error("attribute.value", "slow_start.duration_seconds is " + v + "; it must be 0 (off) or 30-900",
                        at.child("slow_start.duration_seconds"));
            } else if (seconds != 0 && a.get("load_balancing.algorithm.type").filter("least_outstanding_requests"::equals)
                    .isPresent()) {
                ctx.error("attribute.slow_start.algorithm", "slow start cannot be combined with least_outstanding_requests",
                        at.child("slow_start.duration_seconds"));
            }
        });
        if (a.get("load_balancing.algorithm.anomaly_mitigation").filter("on"::equals).isPresent()
                && a.get("load_balancing.algorithm.type").filter("weighted_random"::equals).isEmpty()) {
            ctx.error("attribute.anomaly_mitigation.algorithm", "anomaly mitigation works only with the weighted_random "
                    + "algorithm", at.child("load_balancing.algorithm.anomaly_mitigation"));
        }
        Optional<String> onDeregistration = a.get("target_failover.on_deregistration");
        Optional<String> onUnhealthy = a.get("target_failover.on_unhealthy");
        if (onDeregistration.isPresent() != onUnhealthy.isPresent()
                || onDeregistration.isPresent() && !onDeregistration.equals(onUnhealthy)) {
            ctx.error("attribute.target_failover", "target_failover.on_deregistration and on_unhealthy must be set "
                    + "together and to the same value", at.child(onDeregistration.isPresent()
                    ? "target_failover.on_deregistration" : "target_failover.on_unhealthy"));
        }
        if (a.get("preserve_client_ip.enabled").filter("false"::equals).isPresent()
                && tg.protocol().filter(p -> p == Protocol.UDP || p == Protocol.TCP_UDP).isPresent()) {
            ctx.error("attribute.preserve_client_ip.udp", "client IP preservation cannot be turned off for "
                    + tg.protocol().get() + " target groups", at.child("preserve_client_ip.enabled"));
        }
    }
}
