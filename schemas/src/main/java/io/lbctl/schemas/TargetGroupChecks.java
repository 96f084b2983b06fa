package io.lbctl.schemas;

import io.lbctl.model.Address;
import io.lbctl.model.Listener;
import io.lbctl.model.LoadBalancer;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.Protocol;
import io.lbctl.model.Target;
import io.lbctl.model.TargetGroup;
import io.lbctl.model.TargetType;
import io.lbctl.model.aws.AttributeCatalog;
import io.lbctl.model.aws.ElbLimits;
import io.lbctl.model.aws.ElbNames;
import io.lbctl.model.aws.HealthCheckRules;
import io.lbctl.model.aws.ProtocolRules;
import io.lbctl.model.aws.TargetRules;
import io.lbctl.model.aws.Violation;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** AWS's rules for target groups: protocol, port, health check, attributes and targets. */
final class TargetGroupChecks {
    private static final Map<HealthCheckRules.Field, String> FIELD_KEYS = Map.of(
            HealthCheckRules.Field.ENABLED, "enabled", HealthCheckRules.Field.PROTOCOL, "protocol",
            HealthCheckRules.Field.PORT, "port", HealthCheckRules.Field.PATH, "path",
            HealthCheckRules.Field.INTERVAL, "intervalSeconds", HealthCheckRules.Field.TIMEOUT, "timeoutSeconds",
            HealthCheckRules.Field.HEALTHY_THRESHOLD, "healthyThreshold",
            HealthCheckRules.Field.UNHEALTHY_THRESHOLD, "unhealthyThreshold", HealthCheckRules.Field.MATCHER, "matcher");

    private final CheckContext ctx;

    /** A listener that forwards to the group being checked. */
    record Use(LoadBalancer loadBalancer, Listener listener) {
    }

    TargetGroupChecks(CheckContext ctx) {
        this.ctx = ctx;
    }

    /** {@code users}: the listeners whose actions forward to this group. */
    void check(TargetGroup tg, List<Use> users) {
        Address at = Address.targetGroup(tg.id());
        tg.name().ifPresent(n -> ctx.report(ElbNames.checkTargetGroupName(n), at.child("name")));
        Optional<Violation> protocol = ProtocolRules.checkTargetGroup(tg.targetType(), tg.protocol(), tg.protocolVersion());
        ctx.report(protocol, at.child(protocol.map(v -> v.code().contains("protocolVersion")).orElse(false)
                ? "protocolVersion" : "protocol"));
        checkPort(tg, at);
        Address hc = at.child("healthCheck");
        for (HealthCheckRules.FieldViolation v : HealthCheckRules.check(tg.healthCheck(), tg.targetType(), tg.protocol(),
                tg.protocolVersion())) {
            Address field = hc.child(FIELD_KEYS.get(v.field()));
            ctx.report(v.violation(), ctx.written(field) ? field : hc);
        }
        LoadBalancerType family = tg.targetType() == TargetType.LAMBDA ? LoadBalancerType.APPLICATION
                : tg.protocol().map(ProtocolRules::servedBy).orElse(LoadBalancerType.APPLICATION);
        new AttributeChecks(ctx).checkTargetGroup(tg, family, at.child("attributes"));
        ctx.checkTags(tg.tags(), at);
        checkTargets(tg, at.child("targets"));
        checkSourceIpStickiness(tg, users, at.child("attributes", "stickiness.type"));
        Set<String> lbs = new HashSet<>();
        users.forEach(use -> lbs.add(use.loadBalancer().id()));
        if (lbs.size() > 1) {
            ctx.keyError("targetGroup.association.limit", "target group '" + tg.id() + "' is used by "
                    + lbs.size() + " load balancers (" + String.join(", ", lbs.stream().sorted().toList())
                    + "); AWS lets a target group serve one", "give each load balancer its own target group", at);
        }
    }

    /** NLB source-IP stickiness does not work when a TLS listener feeds a TLS target group. */
    private void checkSourceIpStickiness(TargetGroup tg, List<Use> users, Address at) {
        if (tg.attributes().get("stickiness.type").filter("source_ip"::equals).isEmpty()
                || tg.protocol().filter(p -> p == Protocol.TLS).isEmpty()) {
            return;
        }
        users.stream().filter(u -> u.listener().protocol().filter(p -> p == Protocol.TLS).isPresent()).findFirst()
                .ifPresent(u -> ctx.error("attribute.stickiness.tls", "source_ip stickiness is not supported for a TLS "
                        + "target group behind a TLS listener (" + u.loadBalancer().id() + "." + u.listener().id() + ")",
                        "forward to a TCP target group, or turn stickiness off", at));
    }

    private void checkPort(TargetGroup tg, Address at) {
        if (tg.targetType() == TargetType.LAMBDA) {
            if (tg.port().isPresent()) {
                ctx.keyError("targetGroup.lambda.port", "a lambda target group takes no port", null, at.child("port"));
            }
            return;
        }
        if (tg.port().isEmpty()) {
            ctx.keyError("targetGroup.port.missing", "target group '" + tg.id() + "' needs a port", null, at);
        } else if (tg.protocol().filter(p -> p == Protocol.GENEVE).isPresent()
                && tg.port().getAsInt() != ElbLimits.GENEVE_PORT) {
            ctx.error("targetGroup.geneve.port", "GENEVE target groups use port 6081, not " + tg.port().getAsInt(),
                    at.child("port"));
        }
    }

    private void checkTargets(TargetGroup tg, Address at) {
        List<Target> targets = tg.targets();
        if (targets.size() > ElbLimits.MAX_TARGETS_PER_TARGET_GROUP
                || (tg.targetType() == TargetType.LAMBDA && targets.size() > 1)) {
            ctx.error("targetGroup.targets.limit", "target group has " + targets.size() + " targets; AWS allows "
                    + (tg.targetType() == TargetType.LAMBDA ? "1 Lambda function" : ElbLimits.MAX_TARGETS_PER_TARGET_GROUP), at);
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            Address ta = at.index(i);
            boolean hasId = ctx.written(ta.child("id"));
            boolean hasLb = ctx.written(ta.child("loadBalancer"));
            if (hasId == hasLb) {
                ctx.error("target.id.missing", "a target needs exactly one of id and loadBalancer", ta);
                continue;
            }
            if (!seen.add(t.key())) {
                ctx.error("target.duplicate", "target " + t.key() + " is registered twice", ta);
            }
            checkTarget(tg, t, ta);
        }
    }

    private void checkTarget(TargetGroup tg, Target t, Address at) {
        switch (t.id()) {
            case Target.LoadBalancerRef ref -> {
                LoadBalancer lb = ctx.stack.loadBalancers().get(ref.loadBalancer());
                if (tg.targetType() != TargetType.ALB) {
                    ctx.error("target.loadBalancer.type", "only alb target groups take load balancers as targets",
                            at.child("loadBalancer"));
                } else if (lb == null) {
                    ctx.error("reference.loadBalancer", "load balancer '" + ref.loadBalancer() + "' is not defined",
                            at.child("loadBalancer"));
                } else if (lb.type() != LoadBalancerType.APPLICATION) {
                    ctx.error("target.loadBalancer.type", "load balancer '" + ref.loadBalancer()
                            + "' is a " + lb.type().wireName() + " load balancer; alb targets must be application ones",
                            at.child("loadBalancer"));
                }
            }
            case Target.Literal literal -> TargetRules.checkId(tg.targetType(), tg.ipAddressType(), literal.value())
                    .ifPresent(v -> {
                        if (v.code().equals("target.id.public")) {
                            ctx.warning(v, at.child("id"));
                        } else {
                            ctx.report(v, at.child("id"));
                        }
                    });
        }
        if (t.port().isPresent() && tg.targetType() == TargetType.LAMBDA) {
            ctx.keyError("target.port.lambda", "Lambda targets take no port", null, at.child("port"));
        }
        t.zone().ifPresent(zone -> checkZone(tg, zone, at.child("zone")));
    }

    private void checkZone(TargetGroup tg, String zone, Address at) {
        switch (tg.targetType()) {
            case INSTANCE, ALB -> ctx.keyError("target.zone.type", tg.targetType().wireName()
                    + " targets take no zone; AWS finds it", null, at);
            case LAMBDA -> {
                if (!zone.equals("all")) {
                    ctx.error("target.zone.lambda", "a Lambda target's zone can only be 'all'", at);
                }
            }
            case IP -> {
                if (!zone.equals("all") && !ctx.stack.network().subnetZones().containsValue(zone)) {
                    ctx.error("reference.zone", "zone " + zone + " is none of the network's zones ("
                            + String.join(", ", new java.util.TreeSet<>(ctx.stack.network().subnetZones().values()))
                            + ")", "use a zone of one of the VPC's subnets, or all", at);
                }
            }
        }
    }
}
