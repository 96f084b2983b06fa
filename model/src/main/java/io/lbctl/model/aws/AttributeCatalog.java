package io.lbctl.model.aws;

import static io.lbctl.model.LoadBalancerType.APPLICATION;
import static io.lbctl.model.LoadBalancerType.GATEWAY;
import static io.lbctl.model.LoadBalancerType.NETWORK;

import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.TargetType;
import io.lbctl.model.aws.AttributeSpec.Kind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every load-balancer, listener and target-group attribute lbctl accepts, with AWS's kinds,
 * ranges, scopes and defaults (API {@code LoadBalancerAttribute}, {@code ListenerAttribute},
 * {@code TargetGroupAttribute}). The JSON Schema lists the same keys; a test keeps them equal.
 */
public final class AttributeCatalog {
    /** What an attribute belongs to. */
    public enum Scope { LOAD_BALANCER, LISTENER, TARGET_GROUP }

    private static final Set<LoadBalancerType> ALL = EnumSet.allOf(LoadBalancerType.class);
    private static final Set<LoadBalancerType> ALB = EnumSet.of(APPLICATION);
    private static final Set<LoadBalancerType> NLB = EnumSet.of(NETWORK);
    private static final Set<LoadBalancerType> GWLB = EnumSet.of(GATEWAY);
    private static final Set<TargetType> ANY = Set.of();
    private static final Set<TargetType> NOT_LAMBDA = EnumSet.of(TargetType.INSTANCE, TargetType.IP, TargetType.ALB);

    private static final Map<Scope, Map<String, AttributeSpec>> SPECS = Map.of(
            Scope.LOAD_BALANCER, index(List.of(
                    bool("deletion_protection.enabled", ALL, "false"),
                    bool("load_balancing.cross_zone.enabled", EnumSet.of(NETWORK, GATEWAY), "false"),
                    integer("idle_timeout.timeout_seconds", 1, 4000, ALB, "60"),
                    integer("client_keep_alive.seconds", 60, 604_800, ALB, "3600"),
                    oneOf("routing.http.desync_mitigation_mode", List.of("monitor", "defensive", "strictest"), ALB, "defensive"),
                    bool("routing.http.drop_invalid_header_fields.enabled", ALB, "false"),
                    bool("routing.http.preserve_host_header.enabled", ALB, "false"),
                    bool("routing.http.x_amzn_tls_version_and_cipher_suite.enabled", ALB, "false"),
                    bool("routing.http.xff_client_port.enabled", ALB, "false"),
                    oneOf("routing.http.xff_header_processing.mode", List.of("append", "preserve", "remove"), ALB, "append"),
                    bool("routing.http2.enabled", ALB, "true"),
                    bool("waf.fail_open.enabled", ALB, "false"),
                    oneOf("dns_record.client_routing_policy", List.of("availability_zone_affinity",
                            "partial_availability_zone_affinity", "any_availability_zone"), NLB, "any_availability_zone"),
                    bool("access_logs.s3.enabled", EnumSet.of(APPLICATION, NETWORK), "false"),
                    text("access_logs.s3.bucket", EnumSet.of(APPLICATION, NETWORK)),
                    text("access_logs.s3.prefix", EnumSet.of(APPLICATION, NETWORK)))),
            Scope.LISTENER, index(List.of(
                    integer("tcp.idle_timeout.seconds", 60, 6000, NLB, "350"),
                    bool("routing.http.response.server.enabled", ALB, "true"))),
            Scope.TARGET_GROUP, index(List.of(
                    spec("deregistration_delay.timeout_seconds", Kind.INTEGER, 0, 3600, List.of(), ALL, NOT_LAMBDA, "300"),
                    bool("deregistration_delay.connection_termination.enabled", NLB, "false"),
                    spec("slow_start.duration_seconds", Kind.INTEGER, 0, 900, List.of(), ALB, NOT_LAMBDA, "0"),
                    spec("load_balancing.algorithm.type", Kind.ENUM, 0, 0,
                            List.of("round_robin", "least_outstanding_requests", "weighted_random"), ALB, NOT_LAMBDA, "round_robin"),
                    spec("load_balancing.algorithm.anomaly_mitigation", Kind.ENUM, 0, 0, List.of("on", "off"), ALB, NOT_LAMBDA, "off"),
                    oneOf("load_balancing.cross_zone.enabled", List.of("true", "false", "use_load_balancer_configuration"),
                            EnumSet.of(APPLICATION, NETWORK), "use_load_balancer_configuration"),
                    bool("stickiness.enabled", ALL, "false"),
                    oneOf("stickiness.type", List.of("lb_cookie", "app_cookie", "source_ip", "source_ip_dest_ip",
                            "source_ip_dest_ip_proto"), ALL, null),
                    integer("stickiness.lb_cookie.duration_seconds", 1, 604_800, ALB, "86400"),
                    text("stickiness.app_cookie.cookie_name", ALB),
                    integer("stickiness.app_cookie.duration_seconds", 1, 604_800, ALB, "86400"),
                    bool("proxy_protocol_v2.enabled", NLB, "false"),
                    bool("preserve_client_ip.enabled", NLB, null),
                    bool("target_health_state.unhealthy.connection_termination.enabled", NLB, "true"),
                    integer("target_health_state.unhealthy.draining_interval_seconds", 0, 360_000, NLB, "0"),
                    oneOf("target_failover.on_deregistration", List.of("rebalance", "no_rebalance"), GWLB, "no_rebalance"),
                    oneOf("target_failover.on_unhealthy", List.of("rebalance", "no_rebalance"), GWLB, "no_rebalance"),
                    spec("target_group_health.dns_failover.minimum_healthy_targets.count", Kind.INTEGER_OR_OFF, 1, 1000,
                            List.of(), EnumSet.of(APPLICATION, NETWORK), NOT_LAMBDA, "1"),
                    spec("target_group_health.dns_failover.minimum_healthy_targets.percentage", Kind.INTEGER_OR_OFF, 1, 100,
                            List.of(), EnumSet.of(APPLICATION, NETWORK), NOT_LAMBDA, "off"),
                    spec("target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", Kind.INTEGER, 1, 1000,
                            List.of(), EnumSet.of(APPLICATION, NETWORK), NOT_LAMBDA, "1"),
                    spec("target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage", Kind.INTEGER_OR_OFF,
                            1, 100, List.of(), EnumSet.of(APPLICATION, NETWORK), NOT_LAMBDA, "off"),
                    spec("lambda.multi_value_headers.enabled", Kind.BOOLEAN, 0, 0, List.of(), ALB,
                            EnumSet.of(TargetType.LAMBDA), "false"))));

    private AttributeCatalog() {
    }

    public static Optional<AttributeSpec> find(Scope scope, String key) {
        return Optional.ofNullable(SPECS.get(scope).get(key));
    }

    public static Collection<AttributeSpec> all(Scope scope) {
        return SPECS.get(scope).values();
    }

    /** Problems with setting {@code key} to {@code value} on a resource of this type. */
    public static Optional<Violation> check(Scope scope, LoadBalancerType lbType, Optional<TargetType> targetType,
                                           String key, String value) {
        Optional<AttributeSpec> found = find(scope, key);
        if (found.isEmpty()) {
            return Optional.of(Violation.of("attribute.unknown", "unknown attribute " + key));
        }
        AttributeSpec spec = found.get();
        if (!spec.loadBalancerTypes().contains(lbType)) {
            return Optional.of(Violation.of("attribute.scope", "attribute " + key + " does not apply to "
                    + lbType.wireName() + " load balancers" + (scope == Scope.TARGET_GROUP ? "' target groups" : ""),
                    hintFor(scope, key)));
        }
        if (targetType.isPresent() && !spec.targetTypes().isEmpty() && !spec.targetTypes().contains(targetType.get())) {
            return Optional.of(Violation.of("attribute.scope", "attribute " + key + " does not apply to "
                    + targetType.get().wireName() + " target groups"));
        }
        return spec.checkValue(value);
    }

    private static String hintFor(Scope scope, String key) {
        if (scope == Scope.LOAD_BALANCER && key.equals("load_balancing.cross_zone.enabled")) {
            return "cross-zone is always on for application load balancers; turn it off per target group instead";
        }
        return null;
    }

    private static Map<String, AttributeSpec> index(List<AttributeSpec> specs) {
        Map<String, AttributeSpec> map = new LinkedHashMap<>();
        specs.forEach(s -> map.put(s.key(), s));
        return map;
    }

    private static AttributeSpec spec(String key, Kind kind, long min, long max, List<String> values,
                                      Set<LoadBalancerType> types, Set<TargetType> targets, String def) {
        return new AttributeSpec(key, kind, min, max, values, types, targets, Optional.ofNullable(def));
    }

    private static AttributeSpec bool(String key, Set<LoadBalancerType> types, String def) {
        return spec(key, Kind.BOOLEAN, 0, 0, List.of(), types, ANY, def);
    }

    private static AttributeSpec integer(String key, long min, long max, Set<LoadBalancerType> types, String def) {
        return spec(key, Kind.INTEGER, min, max, List.of(), types, ANY, def);
    }

    private static AttributeSpec oneOf(String key, List<String> values, Set<LoadBalancerType> types, String def) {
        return spec(key, Kind.ENUM, 0, 0, new ArrayList<>(values), types, ANY, def);
    }

    private static AttributeSpec text(String key, Set<LoadBalancerType> types) {
        return spec(key, Kind.TEXT, 0, 0, List.of(), types, ANY, null);
    }
}
