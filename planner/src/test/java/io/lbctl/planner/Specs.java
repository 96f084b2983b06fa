package io.lbctl.planner;

import io.lbctl.model.Action;
import io.lbctl.model.Attributes;
import io.lbctl.model.Condition;
import io.lbctl.model.HealthCheck;
import io.lbctl.model.IpAddressType;
import io.lbctl.model.Listener;
import io.lbctl.model.LoadBalancer;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.Network;
import io.lbctl.model.Protocol;
import io.lbctl.model.ProtocolVersion;
import io.lbctl.model.Rule;
import io.lbctl.model.Scheme;
import io.lbctl.model.Stack;
import io.lbctl.model.Target;
import io.lbctl.model.TargetGroup;
import io.lbctl.model.TargetType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Model records for planner tests, built from editable defaults: {@code tg(t -> t.port = OptionalInt.of(8080))}
 * is the default target group with one setting changed. The planner depends on model only, so no YAML here.
 */
final class Specs {
    static final String VPC = "vpc-12345678";
    static final HealthCheck HTTP_CHECK = new HealthCheck(true, Protocol.HTTP, HealthCheck.TRAFFIC_PORT, Optional.of("/health"),
            30, 5, 5, 2, Optional.of("200"));

    private Specs() {
    }

    /** A target group's settings, an HTTP ip group "api" on port 80 unless edited. */
    static final class Tg {
        String id = "api";
        Optional<String> name = Optional.empty();
        TargetType targetType = TargetType.IP;
        Optional<Protocol> protocol = Optional.of(Protocol.HTTP);
        Optional<ProtocolVersion> protocolVersion = Optional.of(ProtocolVersion.HTTP1);
        OptionalInt port = OptionalInt.of(80);
        IpAddressType ipAddressType = IpAddressType.IPV4;
        HealthCheck healthCheck = HTTP_CHECK;
        Map<String, String> attributes = new LinkedHashMap<>();
        List<Target> targets = new ArrayList<>();
        Map<String, String> tags = new LinkedHashMap<>();
    }

    static TargetGroup tg(Consumer<Tg> edit) {
        Tg t = new Tg();
        edit.accept(t);
        return new TargetGroup(t.id, t.name, t.targetType, t.protocol, t.protocolVersion, t.port, t.ipAddressType, t.healthCheck,
                Attributes.of(t.attributes), t.targets, t.tags);
    }

    static TargetGroup lambda(String id, Target... targets) {
        return tg(t -> {
            t.id = id;
            t.targetType = TargetType.LAMBDA;
            t.protocol = Optional.empty();
            t.protocolVersion = Optional.empty();
            t.port = OptionalInt.empty();
            t.healthCheck = new HealthCheck(false, Protocol.HTTP, HealthCheck.TRAFFIC_PORT, Optional.of("/"), 35, 30, 5, 2,
                    Optional.of("200"));
            t.targets = List.of(targets);
        });
    }

    /** A load balancer's settings, an internet-facing ALB "web" in two subnets unless edited. */
    static final class Lb {
        String id = "web";
        Optional<String> name = Optional.empty();
        LoadBalancerType type = LoadBalancerType.APPLICATION;
        Scheme scheme = Scheme.INTERNET_FACING;
        IpAddressType ipAddressType = IpAddressType.IPV4;
        List<String> subnets = List.of("subnet-b", "subnet-a");
        List<String> securityGroups = List.of();
        Map<String, String> attributes = new LinkedHashMap<>();
        Map<String, String> tags = new LinkedHashMap<>();
        List<Listener> listeners = new ArrayList<>();
    }

    static LoadBalancer lb(Consumer<Lb> edit) {
        Lb l = new Lb();
        edit.accept(l);
        Map<String, Listener> listeners = new LinkedHashMap<>();
        l.listeners.forEach(x -> listeners.put(x.id(), x));
        return new LoadBalancer(l.id, l.name, l.type, l.scheme, l.ipAddressType, l.subnets, l.securityGroups,
                Attributes.of(l.attributes), l.tags, listeners);
    }

    static Listener listener(String id, Protocol protocol, int port, Action defaultAction, Rule... rules) {
        Map<String, Rule> byId = new LinkedHashMap<>();
        for (Rule r : rules) {
            byId.put(r.id(), r);
        }
        return new Listener(id, OptionalInt.of(port), Optional.of(protocol), List.of(), Optional.empty(), Optional.empty(),
                defaultAction, byId, Attributes.NONE, Map.of());
    }

    static Rule rule(String id, int priority, Action action, Condition... conditions) {
        return new Rule(id, priority, List.of(conditions), action, Map.of());
    }

    static Target target(String id) {
        return new Target(new Target.Literal(id), OptionalInt.empty(), Optional.empty());
    }

    static Target target(String id, int port) {
        return new Target(new Target.Literal(id), OptionalInt.of(port), Optional.empty());
    }

    static Stack stack(List<TargetGroup> targetGroups, List<LoadBalancer> loadBalancers) {
        return stack(Map.of(), Optional.of(VPC), targetGroups, loadBalancers);
    }

    static Stack stack(Map<String, String> tags, Optional<String> vpc, List<TargetGroup> targetGroups,
                       List<LoadBalancer> loadBalancers) {
        Map<String, TargetGroup> tgs = new LinkedHashMap<>();
        targetGroups.forEach(t -> tgs.put(t.id(), t));
        Map<String, LoadBalancer> lbs = new LinkedHashMap<>();
        loadBalancers.forEach(l -> lbs.put(l.id(), l));
        return new Stack(Resources.STACK, tags, new Network(vpc, Map.of("subnet-a", "us-east-1a", "subnet-b", "us-east-1b")),
                tgs, lbs, Map.of());
    }

    /** The state a spec leaves live once applied: its desired state with ARNs. */
    static State applied(Stack stack) {
        return Resources.liveState(DesiredState.of(stack).resources().values().toArray(Resource[]::new));
    }
}
