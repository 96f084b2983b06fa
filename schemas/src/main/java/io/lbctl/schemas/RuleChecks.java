package io.lbctl.schemas;

import io.lbctl.model.Action;
import io.lbctl.model.Address;
import io.lbctl.model.Condition;
import io.lbctl.model.Listener;
import io.lbctl.model.LoadBalancer;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.ProtocolVersion;
import io.lbctl.model.Rule;
import io.lbctl.model.TargetGroup;
import io.lbctl.model.aws.ActionRules;
import io.lbctl.model.aws.ConditionRules;
import io.lbctl.model.aws.ElbLimits;
import io.lbctl.model.aws.ProtocolRules;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** AWS's rules for listener rules: priorities, conditions and actions. */
final class RuleChecks {
    private final CheckContext ctx;

    RuleChecks(CheckContext ctx) {
        this.ctx = ctx;
    }

    void checkRule(LoadBalancer lb, Listener l, Rule rule, Address at) {
        if (rule.priority() < ElbLimits.MIN_PRIORITY || rule.priority() > ElbLimits.MAX_PRIORITY) {
            ctx.error("rule.priority.range", "priority " + rule.priority() + " is outside 1-50000",
                    "the default action is the listener's lowest-priority rule; it needs no priority", at.child("priority"));
        }
        Address conditions = at.child("conditions");
        int headers = 0;
        int queries = 0;
        for (Condition c : rule.conditions()) {
            Address ca = switch (c) {
                case Condition.HttpHeader h -> conditions.child("httpHeader").index(headers++);
                case Condition.QueryString q -> conditions.child("queryString").index(queries++);
                default -> conditions.child(key(c));
            };
            checkCondition(c, ca);
        }
        for (String field : List.of("host-header", "path-pattern")) {
            if (rule.conditions().stream().filter(c -> c.field().equals(field)).count() > 1) {
                ctx.error("rule.condition.duplicate", "a rule can have only one " + field + " condition",
                        "write either the wildcard form or the Regex form, not both", conditions);
            }
        }
        ctx.report(ConditionRules.checkRule(rule.conditions()), conditions);
        ctx.checkTags(rule.tags(), at);
        checkAction(lb, l, rule.action(), at.child("action"));
    }

    private void checkCondition(Condition c, Address at) {
        Address values = c instanceof Condition.HttpHeader ? at.child(c.regex() ? "regexValues" : "values") : at;
        if (c instanceof Condition.HttpHeader h) {
            ctx.report(ConditionRules.checkHeaderName(h.name()), at.child("name"));
        }
        if (c instanceof Condition.QueryString q) {
            values = at.child("values");
            for (int i = 0; i < q.pairs().size(); i++) {
                Condition.QueryPair pair = q.pairs().get(i);
                Address pa = values.index(i);
                pair.key().ifPresent(k -> ctx.report(ConditionRules.checkQueryPart("key", k), pa.child("key")));
                ctx.report(ConditionRules.checkQueryPart("value", pair.value()), pa.child("value"));
            }
        } else {
            for (int i = 0; i < c.values().size(); i++) {
                String value = c.values().get(i);
                ctx.report(c.regex() ? ConditionRules.checkRegex(c.field(), value) : ConditionRules.checkValue(c.field(), value),
                        values.index(i));
            }
        }
        if (c.values().size() > ConditionRules.maxValues(c)) {
            ctx.error("condition.values.limit", c.field() + " condition has " + c.values().size()
                    + " values; AWS allows at most " + ConditionRules.maxValues(c), values);
        }
    }

    void checkAction(LoadBalancer lb, Listener l, Action action, Address at) {
        if (!(action instanceof Action.Forward) && lb.type() != LoadBalancerType.APPLICATION) {
            ctx.error("action.type", lb.type().wireName() + " load balancers can only forward; "
                    + action.type() + " needs an application load balancer", at);
            return;
        }
        switch (action) {
            case Action.Forward f -> checkForward(lb, l, f, at.child("forward"));
            case Action.Redirect r -> checkRedirect(l, r, at.child("redirect"));
            case Action.FixedResponse f -> {
                Address fa = at.child("fixedResponse");
                ctx.report(ActionRules.checkFixedStatus(f.statusCode()), fa.child("status"));
                f.contentType().ifPresent(t -> ctx.report(ActionRules.checkContentType(t), fa.child("contentType")));
                f.body().ifPresent(b -> ctx.report(ActionRules.checkBody(b), fa.child("body")));
            }
        }
    }

    private void checkForward(LoadBalancer lb, Listener l, Action.Forward f, Address at) {
        boolean longForm = ctx.written(at.child("targetGroups"));
        if (f.targetGroups().size() > 1 && lb.type() != LoadBalancerType.APPLICATION) {
            ctx.error("forward.weighted.type", lb.type().wireName() + " load balancers forward to one target group",
                    at.child("targetGroups"));
        }
        if (f.targetGroups().size() > ElbLimits.MAX_TARGET_GROUPS_PER_ACTION) {
            ctx.error("forward.targetGroups.limit", "forward names " + f.targetGroups().size()
                    + " target groups; AWS allows " + ElbLimits.MAX_TARGET_GROUPS_PER_ACTION, at.child("targetGroups"));
        }
        Set<String> seen = new HashSet<>();
        boolean anySticky = false;
        // A listener protocol the load balancer cannot have is reported on the listener; pairing it
        // with target groups would report the same mistake again.
        boolean listenerSpeaksLoadBalancerProtocol = l.protocol()
                .map(p -> ProtocolRules.listenerProtocols(lb.type()).contains(p)).orElse(true);
        for (int i = 0; i < f.targetGroups().size(); i++) {
            Action.WeightedTargetGroup g = f.targetGroups().get(i);
            Address ga = longForm ? at.child("targetGroups").index(i) : at;
            Address ref = longForm ? ga.child("targetGroup") : at;
            if (!seen.add(g.targetGroup())) {
                ctx.error("forward.targetGroups.duplicate", "target group '" + g.targetGroup()
                        + "' appears twice in one forward", ref);
            }
            ctx.report(ActionRules.checkWeight(g.weight()), ga.child("weight"));
            TargetGroup tg = ctx.stack.targetGroups().get(g.targetGroup());
            if (tg == null) {
                ctx.error("reference.targetGroup", "target group '" + g.targetGroup() + "' is not defined",
                        Suggestions.nearest(g.targetGroup(), ctx.stack.targetGroups().keySet())
                                .map(s -> "did you mean '" + s + "'?").orElse("define it under targetGroups"), ref);
                continue;
            }
            anySticky |= tg.attributes().isTrue("stickiness.enabled");
            if (listenerSpeaksLoadBalancerProtocol) {
                ctx.report(ProtocolRules.checkForwarding(lb.type(), l.protocol(), tg.targetType(), tg.protocol(),
                        tg.protocolVersion()), ref);
            }
        }
        f.stickiness().ifPresent(s -> ctx.report(ActionRules.checkStickinessDuration(s.durationSeconds()),
                at.child("stickiness", "durationSeconds")));
        if (anySticky && f.targetGroups().size() > 1 && f.stickiness().map(s -> !s.enabled()).orElse(true)) {
            ctx.error("forward.stickiness.required", "a forward to several target groups, one of them sticky, "
                    + "needs target-group stickiness", "add stickiness: { enabled: true, durationSeconds: 3600 }",
                    at.child("targetGroups"));
        }
    }

    private void checkRedirect(Listener l, Action.Redirect r, Address at) {
        r.protocol().ifPresent(p -> ctx.report(ActionRules.checkRedirectProtocol(p, l.protocol()), at.child("protocol")));
        r.port().ifPresent(p -> ctx.report(ActionRules.checkRedirectPort(p), at.child("port")));
        r.host().ifPresent(h -> ctx.report(ActionRules.checkRedirectPart("host", h), at.child("host")));
        r.path().ifPresent(p -> ctx.report(ActionRules.checkRedirectPart("path", p), at.child("path")));
        r.query().ifPresent(q -> ctx.report(ActionRules.checkRedirectPart("query", q), at.child("query")));
        ctx.report(ActionRules.checkRedirectChanges(r), at);
    }

    /** With an HTTP/2 or gRPC target group behind it, every action of the listener must forward. */
    void checkListenerWide(LoadBalancer lb, Listener l, Address at) {
        List<Action> actions = Stream.concat(Stream.of(l.defaultAction()), l.rules().values().stream().map(Rule::action))
                .toList();
        boolean modern = actions.stream().anyMatch(a -> a instanceof Action.Forward f && f.targetGroups().stream()
                .map(g -> ctx.stack.targetGroups().get(g.targetGroup()))
                .anyMatch(tg -> tg != null && tg.protocolVersion().filter(v -> v != ProtocolVersion.HTTP1).isPresent()));
        if (!modern) {
            return;
        }
        if (!(l.defaultAction() instanceof Action.Forward)) {
            ctx.error("listener.actions.http2", "a listener forwarding to HTTP2 or GRPC target groups can only forward",
                    at.child("defaultAction"));
        }
        l.rules().values().stream().filter(r -> !(r.action() instanceof Action.Forward)).forEach(r -> ctx.error(
                "listener.actions.http2", "a listener forwarding to HTTP2 or GRPC target groups can only forward",
                at.child("rules", r.id(), "action")));
    }

    private static String key(Condition c) {
        return switch (c) {
            case Condition.HostHeader h -> h.regex() ? "hostHeaderRegex" : "hostHeader";
            case Condition.PathPattern p -> p.regex() ? "pathPatternRegex" : "pathPattern";
            case Condition.HttpRequestMethod m -> "httpRequestMethod";
            case Condition.SourceIp s -> "sourceIp";
            case Condition.HttpHeader h -> "httpHeader";
            case Condition.QueryString q -> "queryString";
        };
    }
}
