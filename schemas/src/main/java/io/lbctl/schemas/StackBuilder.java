package io.lbctl.schemas;

import static io.lbctl.schemas.Nodes.bool;
import static io.lbctl.schemas.Nodes.entries;
import static io.lbctl.schemas.Nodes.field;
import static io.lbctl.schemas.Nodes.integer;
import static io.lbctl.schemas.Nodes.scalars;
import static io.lbctl.schemas.Nodes.strings;
import static io.lbctl.schemas.Nodes.text;

import io.lbctl.model.Action;
import io.lbctl.model.AlpnPolicy;
import io.lbctl.model.Attributes;
import io.lbctl.model.ClassicLoadBalancer;
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
import io.lbctl.model.WireEnum;
import io.lbctl.model.aws.HealthCheckRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import tools.jackson.databind.JsonNode;

/**
 * Builds the immutable model from a tree the schema has accepted, filling in AWS's defaults
 * (scheme, address type, target type, every health-check setting) so that the model says what
 * AWS will run, not just what the user wrote.
 */
final class StackBuilder {
    private StackBuilder() {
    }

    static Stack build(JsonNode root) {
        JsonNode network = field(root, "network").orElse(null);
        Network net = network == null ? Network.NONE : new Network(text(network, "vpc"),
                entries(network, "subnets", (id, s) -> text(s, "zone").orElse("")));
        return new Stack(text(root, "stack").orElse(""), scalars(root, "tags"), net,
                entries(root, "targetGroups", StackBuilder::targetGroup),
                entries(root, "loadBalancers", StackBuilder::loadBalancer),
                entries(root, "classicLoadBalancers", StackBuilder::classic));
    }

    static TargetGroup targetGroup(String id, JsonNode n) {
        TargetType targetType = enumOf(TargetType.class, n, "targetType").orElse(TargetType.INSTANCE);
        Optional<Protocol> protocol = enumOf(Protocol.class, n, "protocol");
        Optional<ProtocolVersion> version = enumOf(ProtocolVersion.class, n, "protocolVersion");
        JsonNode hc = field(n, "healthCheck").orElse(null);
        Optional<Protocol> checkProtocol = hc == null ? Optional.empty() : enumOf(Protocol.class, hc, "protocol");
        HealthCheck defaults = HealthCheckRules.defaults(targetType, protocol, version, checkProtocol);
        HealthCheck check = hc == null ? defaults : new HealthCheck(
                bool(hc, "enabled").orElse(defaults.enabled()),
                checkProtocol.orElse(defaults.protocol()),
                text(hc, "port").orElse(defaults.port()),
                text(hc, "path").or(defaults::path),
                integer(hc, "intervalSeconds").orElse(defaults.intervalSeconds()),
                integer(hc, "timeoutSeconds").orElse(defaults.timeoutSeconds()),
                integer(hc, "healthyThreshold").orElse(defaults.healthyThreshold()),
                integer(hc, "unhealthyThreshold").orElse(defaults.unhealthyThreshold()),
                text(hc, "matcher").or(defaults::matcher));
        List<Target> targets = new ArrayList<>();
        field(n, "targets").ifPresent(list -> list.forEach(t -> targets.add(target(t))));
        return new TargetGroup(id, text(n, "name"), targetType, protocol, version, integer(n, "port"),
                enumOf(IpAddressType.class, n, "ipAddressType").orElse(IpAddressType.IPV4), check,
                Attributes.of(scalars(n, "attributes")), targets, scalars(n, "tags"));
    }

    private static Target target(JsonNode t) {
        Target.TargetId id = text(t, "loadBalancer").<Target.TargetId>map(Target.LoadBalancerRef::new)
                .orElseGet(() -> new Target.Literal(text(t, "id").orElse("")));
        return new Target(id, integer(t, "port"), text(t, "zone"));
    }

    static LoadBalancer loadBalancer(String id, JsonNode n) {
        LoadBalancerType type = enumOf(LoadBalancerType.class, n, "type").orElse(LoadBalancerType.APPLICATION);
        Scheme scheme = enumOf(Scheme.class, n, "scheme")
                .orElse(type == LoadBalancerType.GATEWAY ? Scheme.INTERNAL : Scheme.INTERNET_FACING);
        return new LoadBalancer(id, text(n, "name"), type, scheme,
                enumOf(IpAddressType.class, n, "ipAddressType").orElse(IpAddressType.IPV4),
                strings(n, "subnets"), strings(n, "securityGroups"), Attributes.of(scalars(n, "attributes")),
                scalars(n, "tags"), entries(n, "listeners", StackBuilder::listener));
    }

    static Listener listener(String id, JsonNode n) {
        return new Listener(id, integer(n, "port"), enumOf(Protocol.class, n, "protocol"),
                strings(n, "certificates"), text(n, "sslPolicy"), enumOf(AlpnPolicy.class, n, "alpnPolicy"),
                action(field(n, "defaultAction").orElseThrow()), entries(n, "rules", StackBuilder::rule),
                Attributes.of(scalars(n, "attributes")), scalars(n, "tags"));
    }

    static Rule rule(String id, JsonNode n) {
        return new Rule(id, integer(n, "priority").orElse(0), conditions(field(n, "conditions").orElseThrow()),
                action(field(n, "action").orElseThrow()), scalars(n, "tags"));
    }

    /** Conditions in a fixed order, so that reordering keys in YAML changes nothing. */
    static List<Condition> conditions(JsonNode n) {
        List<Condition> out = new ArrayList<>();
        field(n, "hostHeader").ifPresent(v -> out.add(new Condition.HostHeader(strings(n, "hostHeader"))));
        field(n, "hostHeaderRegex").ifPresent(v -> out.add(new Condition.HostHeader(strings(n, "hostHeaderRegex"), true)));
        field(n, "pathPattern").ifPresent(v -> out.add(new Condition.PathPattern(strings(n, "pathPattern"))));
        field(n, "pathPatternRegex").ifPresent(v -> out.add(new Condition.PathPattern(strings(n, "pathPatternRegex"), true)));
        field(n, "httpRequestMethod").ifPresent(v -> out.add(new Condition.HttpRequestMethod(strings(n, "httpRequestMethod"))));
        field(n, "sourceIp").ifPresent(v -> out.add(new Condition.SourceIp(strings(n, "sourceIp"))));
        field(n, "httpHeader").ifPresent(list -> list.forEach(h ->
                out.add(h.has("regexValues") && !h.has("values")
                        ? new Condition.HttpHeader(text(h, "name").orElse(""), strings(h, "regexValues"), true)
                        : new Condition.HttpHeader(text(h, "name").orElse(""), strings(h, "values")))));
        field(n, "queryString").ifPresent(list -> list.forEach(q -> {
            List<Condition.QueryPair> pairs = new ArrayList<>();
            field(q, "values").ifPresent(vs -> vs.forEach(p ->
                    pairs.add(new Condition.QueryPair(text(p, "key"), text(p, "value").orElse("")))));
            out.add(new Condition.QueryString(pairs));
        }));
        return out;
    }

    static Action action(JsonNode n) {
        if (n.has("forward")) {
            JsonNode f = n.get("forward");
            if (f.isString()) {
                return Action.Forward.to(f.stringValue());
            }
            List<Action.WeightedTargetGroup> groups = new ArrayList<>();
            field(f, "targetGroups").ifPresent(list -> list.forEach(g -> groups.add(new Action.WeightedTargetGroup(
                    text(g, "targetGroup").orElse(""), integer(g, "weight").orElse(1)))));
            Optional<Action.GroupStickiness> stickiness = field(f, "stickiness").map(s -> new Action.GroupStickiness(
                    bool(s, "enabled").orElse(false), integer(s, "durationSeconds").orElse(3600)));
            return new Action.Forward(groups, stickiness);
        }
        if (n.has("redirect")) {
            JsonNode r = n.get("redirect");
            String status = text(r, "statusCode").orElse("HTTP_301");
            return new Action.Redirect(text(r, "protocol"), text(r, "port"), text(r, "host"), text(r, "path"),
                    text(r, "query"), status.startsWith("HTTP_") ? status : "HTTP_" + status);
        }
        JsonNode f = n.get("fixedResponse");
        return new Action.FixedResponse(integer(f, "status").orElse(0), text(f, "contentType"), text(f, "body"));
    }

    static ClassicLoadBalancer classic(String id, JsonNode n) {
        JsonNode hc = field(n, "healthCheck").orElse(null);
        var listeners = entries(n, "listeners", (lid, l) -> new ClassicLoadBalancer.ClassicListener(lid,
                text(l, "protocol").orElse("TCP"), integer(l, "port").orElse(0),
                text(l, "instanceProtocol").or(() -> text(l, "protocol")).orElse("TCP"),
                integer(l, "instancePort").orElse(0), text(l, "certificate")));
        String defaultTarget = listeners.values().stream().findFirst()
                .map(l -> "TCP:" + l.instancePort()).orElse("TCP:80");
        var check = hc == null ? new ClassicLoadBalancer.ClassicHealthCheck(defaultTarget, 30, 5, 10, 2)
                : new ClassicLoadBalancer.ClassicHealthCheck(text(hc, "target").orElse(defaultTarget),
                integer(hc, "intervalSeconds").orElse(30), integer(hc, "timeoutSeconds").orElse(5),
                integer(hc, "healthyThreshold").orElse(10), integer(hc, "unhealthyThreshold").orElse(2));
        OptionalInt draining = integer(n, "connectionDrainingSeconds");
        return new ClassicLoadBalancer(id, text(n, "name"),
                enumOf(Scheme.class, n, "scheme").orElse(Scheme.INTERNET_FACING), strings(n, "subnets"),
                strings(n, "securityGroups"), listeners, check, bool(n, "crossZone").orElse(false),
                integer(n, "idleTimeoutSeconds").orElse(60),
                draining.isPresent() ? Optional.of(draining.getAsInt()) : Optional.empty(),
                strings(n, "instances"), scalars(n, "tags"));
    }

    private static <E extends Enum<E> & WireEnum> Optional<E> enumOf(Class<E> type, JsonNode n, String name) {
        return text(n, name).flatMap(v -> WireEnum.parse(type, v));
    }
}
