package io.lbctl.backend.local.alb;

import io.lbctl.backend.local.TargetNetworks;
import io.lbctl.backend.local.store.ActionRecord;
import io.lbctl.backend.local.store.ListenerRecord;
import io.lbctl.backend.local.store.LoadBalancerRecord;
import io.lbctl.backend.local.store.RegisteredTarget;
import io.lbctl.backend.local.store.RuleRecord;
import io.lbctl.backend.local.store.StoreState;
import io.lbctl.backend.local.store.TargetGroupRecord;
import io.lbctl.model.Action;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.Protocol;
import io.lbctl.model.TargetType;
import io.lbctl.model.routing.RuleMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the routes of every HTTP listener of every application load balancer from the store. */
final class RouteBuilder {
    private RouteBuilder() {
    }

    static Map<String, ListenerRoute> build(StoreState state, TargetNetworks networks) {
        Map<String, ListenerRoute> routes = new LinkedHashMap<>();
        for (ListenerRecord l : state.listeners().values()) {
            LoadBalancerRecord lb = state.loadBalancers().get(l.loadBalancerArn());
            if (lb == null || lb.type() != LoadBalancerType.APPLICATION || l.protocol().orElse(null) != Protocol.HTTP
                    || l.port().isEmpty()) {
                continue;
            }
            List<RuleMatcher.Rule<Action>> rules = new ArrayList<>();
            List<ActionRecord> allActions = new ArrayList<>(l.defaultActions());
            state.rules().values().stream().filter(r -> r.listenerArn().equals(l.arn()))
                    .sorted(Comparator.comparingInt(RuleRecord::priority)).forEach(r -> {
                        rules.add(new RuleMatcher.Rule<>(r.priority(),
                                r.conditions().stream().map(c -> c.toModel()).toList(), last(r.actions())));
                        allActions.addAll(r.actions());
                    });
            Map<String, ListenerRoute.TargetGroupRoute> groups = new HashMap<>();
            allActions.stream().flatMap(a -> a.forward().stream()).flatMap(f -> f.targetGroups().stream())
                    .forEach(g -> {
                        TargetGroupRecord tg = state.targetGroups().get(g.targetGroup());
                        if (tg != null) {
                            groups.put(tg.arn(), targetGroup(tg, networks));
                        }
                    });
            routes.put(l.arn(), new ListenerRoute(l.arn(), l.port().getAsInt(), Protocol.HTTP,
                    new RuleMatcher<>(rules, last(l.defaultActions())), groups, lb.attributes()));
        }
        return routes;
    }

    /** The routing action is the last by order; the API admits no other kind yet. */
    private static Action last(List<ActionRecord> actions) {
        return actions.stream().max(Comparator.comparingInt(ActionRecord::order)).orElseThrow().action();
    }

    private static ListenerRoute.TargetGroupRoute targetGroup(TargetGroupRecord tg, TargetNetworks networks) {
        List<ListenerRoute.Endpoint> endpoints = new ArrayList<>();
        int registered = 0;
        for (RegisteredTarget t : tg.targets()) {
            if (t.drainingUntil().isPresent()) {
                continue; // new requests never go to a draining target
            }
            registered++;
            if (tg.targetType() == TargetType.IP && networks.allows(t.id()) && t.port().isPresent()) {
                endpoints.add(new ListenerRoute.Endpoint(t.id(), t.port().getAsInt()));
            }
        }
        var a = tg.attributes();
        boolean sticky = "true".equals(a.get("stickiness.enabled"))
                && "lb_cookie".equals(a.getOrDefault("stickiness.type", "lb_cookie"));
        java.util.OptionalInt stickySeconds = sticky
                ? java.util.OptionalInt.of(Integer.parseInt(a.getOrDefault("stickiness.lb_cookie.duration_seconds", "86400")))
                : java.util.OptionalInt.empty();
        return new ListenerRoute.TargetGroupRoute(tg.arn(), tg.protocol().orElse(Protocol.HTTP), endpoints, registered,
                a.getOrDefault("load_balancing.algorithm.type", "round_robin"), stickySeconds);
    }
}
