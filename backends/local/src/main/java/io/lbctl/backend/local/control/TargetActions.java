package io.lbctl.backend.local.control;

import io.lbctl.backend.local.TargetNetworks;
import io.lbctl.backend.local.TargetZones;
import io.lbctl.backend.local.api.ApiActions;
import io.lbctl.backend.local.health.HealthRegistry;
import io.lbctl.backend.local.health.TargetHealth;
import io.lbctl.backend.local.api.ApiError;
import io.lbctl.backend.local.api.QueryRequest;
import io.lbctl.backend.local.api.Xml;
import io.lbctl.backend.local.store.RegisteredTarget;
import io.lbctl.backend.local.store.ResourceStore;
import io.lbctl.backend.local.store.TargetGroupRecord;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.Protocol;
import io.lbctl.model.TargetType;
import io.lbctl.model.aws.ElbLimits;
import io.lbctl.model.aws.TargetRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** RegisterTargets, DeregisterTargets and DescribeTargetHealth. */
final class TargetActions {
    private final ResourceStore store;
    private final TargetGroupActions groups;
    private final Usage usage;
    private final TargetNetworks networks;
    private final HealthRegistry health;

    TargetActions(ResourceStore store, TargetGroupActions groups, Usage usage, TargetNetworks networks,
                  HealthRegistry health) {
        this.store = store;
        this.groups = groups;
        this.usage = usage;
        this.networks = networks;
        this.health = health;
    }

    void register(Map<String, ApiActions.Action> actions) {
        actions.put("RegisterTargets", this::registerTargets);
        actions.put("DeregisterTargets", this::deregisterTargets);
        actions.put("DescribeTargetHealth", this::describeHealth);
    }

    /** A target named by a request, with its port resolved against the group's. */
    private record Named(String id, OptionalInt port, Optional<String> zone) {
    }

    private List<Named> targets(QueryRequest request, TargetGroupRecord tg, boolean required) {
        List<Map<String, String>> given = request.structs("Targets");
        if (given.isEmpty() && required) {
            request.required("Targets");
        }
        List<Named> out = new ArrayList<>();
        for (Map<String, String> t : given) {
            String id = t.get("Id");
            if (id == null || id.isEmpty()) {
                throw ApiError.validation("A target ID must be specified");
            }
            OptionalInt port = OptionalInt.empty();
            if (t.get("Port") != null) {
                try {
                    port = OptionalInt.of(Integer.parseInt(t.get("Port")));
                } catch (NumberFormatException e) {
                    throw ApiError.validation("Value '" + t.get("Port") + "' at 'targets.member.port' failed to satisfy "
                            + "constraint: Member must be a number");
                }
            }
            if (tg.targetType() != TargetType.LAMBDA && port.isEmpty()) {
                port = tg.port();
            }
            out.add(new Named(id, port, Optional.ofNullable(t.get("AvailabilityZone"))));
        }
        return out;
    }

    private void registerTargets(QueryRequest request, Xml result) {
        TargetGroupRecord tg = groups.find(request.required("TargetGroupArn"));
        List<Named> named = targets(request, tg, true);
        named.forEach(t -> check(tg, t));
        List<RegisteredTarget> next = new ArrayList<>();
        Instant now = store.clock().instant();
        for (RegisteredTarget r : tg.targets()) {
            boolean again = named.stream().anyMatch(n -> r.sameAs(n.id(), n.port()));
            if (!again) {
                next.add(r);
            }
        }
        for (Named n : named) {
            Optional<RegisteredTarget> previous = tg.targets().stream().filter(r -> r.sameAs(n.id(), n.port()))
                    .filter(r -> r.drainingUntil().isEmpty()).findFirst();
            next.add(previous.orElse(new RegisteredTarget(n.id(), n.port(), n.zone(), now, Optional.empty())));
        }
        if (next.size() > ElbLimits.MAX_TARGETS_PER_TARGET_GROUP || (tg.targetType() == TargetType.LAMBDA && next.size() > 1)) {
            throw ApiError.of("TooManyTargets", "You've reached the limit on the number of targets for this target group");
        }
        TargetGroupRecord updated = tg.withTargets(next);
        store.update(s -> s.withTargetGroup(updated));
    }

    private void deregisterTargets(QueryRequest request, Xml result) {
        TargetGroupRecord tg = groups.find(request.required("TargetGroupArn"));
        List<Named> named = targets(request, tg, true);
        for (Named n : named) {
            if (tg.targets().stream().noneMatch(r -> r.sameAs(n.id(), n.port()))) {
                throw ApiError.of("InvalidTarget", "The target '" + n.id() + (n.port().isPresent() ? ":" + n.port().getAsInt() : "")
                        + "' is not registered with target group '" + tg.arn() + "'");
            }
        }
        Instant until = store.clock().instant().plus(deregistrationDelay(tg));
        List<RegisteredTarget> next = tg.targets().stream().map(r -> named.stream().anyMatch(n -> r.sameAs(n.id(), n.port()))
                && r.drainingUntil().isEmpty() ? r.draining(until) : r).toList();
        TargetGroupRecord updated = tg.withTargets(next);
        store.update(s -> s.withTargetGroup(updated));
    }

    private void describeHealth(QueryRequest request, Xml result) {
        TargetGroupRecord tg = groups.find(request.required("TargetGroupArn"));
        List<Named> named = targets(request, tg, false);
        Instant now = store.clock().instant();
        result.start("TargetHealthDescriptions");
        if (named.isEmpty()) {
            tg.targets().stream().filter(r -> r.drainingUntil().map(now::isBefore).orElse(true))
                    .forEach(r -> writeHealth(tg, r, now, result));
        } else {
            for (Named n : named) {
                Optional<RegisteredTarget> r = tg.targets().stream().filter(t -> t.sameAs(n.id(), n.port()))
                        .filter(t -> t.drainingUntil().map(now::isBefore).orElse(true)).findFirst();
                if (r.isPresent()) {
                    writeHealth(tg, r.get(), now, result);
                } else {
                    writeState(result, n.id(), n.port(), n.zone(), healthPort(tg, n.port()), "unused", "Target.NotRegistered",
                            "Target is not registered to the target group");
                }
            }
        }
        result.end();
    }

    private void writeHealth(TargetGroupRecord tg, RegisteredTarget r, Instant now, Xml x) {
        String state;
        String reason;
        String description;
        if (r.drainingUntil().isPresent()) {
            state = "draining";
            reason = "Target.DeregistrationInProgress";
            description = "Target deregistration is in progress";
        } else if (tg.targetType() == TargetType.IP && !networks.allows(r.id())) {
            state = "unused";
            reason = "Target.IpUnusable";
            description = "The local runtime contacts only its target networks (" + networks + "); " + r.id()
                    + " is outside them and is never contacted. Map it to a local address in an overlay.";
        } else if (tg.targetType() == TargetType.LAMBDA && !tg.healthCheck().enabled()) {
            state = "unavailable";
            reason = "Target.HealthCheckDisabled";
            description = "Health checks are disabled";
        } else if (usage.loadBalancersOf(tg.arn()).isEmpty()) {
            state = "unused";
            reason = "Target.NotInUse";
            description = "Target group is not configured to receive traffic from the load balancer";
        } else {
            TargetHealth checked = r.port().isPresent()
                    ? health.get(tg.arn(), r.id(), r.port().getAsInt()).orElse(null) : null;
            if (checked == null) {
                state = "initial";
                reason = "Elb.RegistrationInProgress";
                description = "Target registration is in progress";
            } else if (unhealthyDraining(tg, r)) {
                state = "unhealthy.draining";
                reason = null; // AWS names no reason for this state
                description = checked.description();
            } else {
                state = checked.state();
                reason = checked.reason();
                description = checked.description();
            }
        }
        writeState(x, r.id(), r.port(), zone(tg, r), healthPort(tg, r.port()), state, reason, description);
    }

    /**
     * An NLB target that failed its checks while its group keeps such targets' connections
     * (connection termination off) for a draining interval, and the interval has not ended: AWS
     * shows it as {@code unhealthy.draining} then, {@code unhealthy} after. Timed by the clock the
     * health checker stamps with, as the data plane's drain is.
     */
    private boolean unhealthyDraining(TargetGroupRecord tg, RegisteredTarget r) {
        if (tg.family() != LoadBalancerType.NETWORK || r.port().isEmpty()
                || !"false".equals(tg.attribute("target_health_state.unhealthy.connection_termination.enabled"))) {
            return false;
        }
        // A whole number: ModifyTargetGroupAttributes checks it against the attribute's range.
        int seconds = Integer.parseInt(tg.attribute("target_health_state.unhealthy.draining_interval_seconds"));
        return seconds > 0 && health.unhealthySince(tg.arn(), r.id(), r.port().getAsInt())
                .map(since -> Instant.now().isBefore(since.plusSeconds(seconds))).orElse(false);
    }

    /** An IP target's zone as the data plane balances by it ({@link TargetZones}); others' as registered. */
    private Optional<String> zone(TargetGroupRecord tg, RegisteredTarget r) {
        return tg.targetType() == TargetType.IP ? Optional.of(TargetZones.of(store.topology(), r.id(), r.zone())) : r.zone();
    }

    private static void writeState(Xml x, String id, OptionalInt port, Optional<String> zone, String healthPort,
                                   String state, String reason, String description) {
        x.start("member").start("Target").element("Id", id).element("Port", port.isPresent() ? port.getAsInt() : null)
                .element("AvailabilityZone", zone.orElse(null)).end()
                .element("HealthCheckPort", healthPort)
                .start("TargetHealth").element("State", state).element("Reason", reason)
                .element("Description", description).end().end();
    }

    private static String healthPort(TargetGroupRecord tg, OptionalInt port) {
        String configured = tg.healthCheck().port();
        if (configured.equals("traffic-port")) {
            return port.isPresent() ? Integer.toString(port.getAsInt()) : null;
        }
        return configured;
    }

    private static Duration deregistrationDelay(TargetGroupRecord tg) {
        return Duration.ofSeconds(Long.parseLong(tg.attributes().getOrDefault("deregistration_delay.timeout_seconds", "300")));
    }

    /** AWS's rules for one target of this group; loopback IPs are the local runtime's own addition. */
    private void check(TargetGroupRecord tg, Named t) {
        if (t.port().isPresent()) {
            int port = t.port().getAsInt();
            if (port < 1 || port > 65535) {
                throw ApiError.validation("Port " + port + " must be 1-65535");
            }
            if (tg.protocol().filter(p -> p == Protocol.GENEVE).isPresent() && port != ElbLimits.GENEVE_PORT) {
                throw ApiError.of("InvalidTarget", "GENEVE targets must use port 6081");
            }
            if (tg.targetType() == TargetType.LAMBDA) {
                throw ApiError.validation("A port cannot be specified for Lambda targets");
            }
        }
        TargetRules.checkId(tg.targetType(), tg.ipAddressType(), t.id()).ifPresent(v -> {
            boolean localAddress = v.code().equals("target.id.unroutable") && networks.allows(t.id());
            if (!localAddress) {
                throw ApiError.of("InvalidTarget", v.message());
            }
        });
        t.zone().ifPresent(zone -> {
            if (tg.targetType() == TargetType.INSTANCE || tg.targetType() == TargetType.ALB) {
                throw ApiError.validation("An Availability Zone cannot be specified for targets of type '"
                        + tg.targetType().wireName() + "'");
            }
            if (tg.targetType() == TargetType.LAMBDA && !zone.equals("all")) {
                throw ApiError.validation("The Availability Zone of a Lambda target can only be 'all'");
            }
            boolean known = zone.equals("all") || store.topology().subnets().values().stream()
                    .anyMatch(s -> s.zone().equals(zone));
            if (!known) {
                throw ApiError.validation("The Availability Zone '" + zone + "' is not valid");
            }
        });
    }
}
