package io.lbctl.backend.local.alb;

import io.lbctl.backend.local.TargetNetworks;
import io.lbctl.backend.local.tls.CertificateStore;
import io.lbctl.backend.local.tls.SniMappings;
import io.lbctl.backend.local.tls.TlsContexts;
import io.lbctl.model.aws.SslPolicies;
import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;
import java.util.Optional;
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

/**
 * Builds the routes of every HTTP and HTTPS listener of every application load balancer from the
 * store. An HTTPS listener whose default certificate has no PEM files cannot serve; it gets no
 * route and a problem with the reason instead.
 */
final class RouteBuilder {
    private final TargetNetworks networks;
    private final CertificateStore certificates;
    private final TlsContexts contexts;

    RouteBuilder(TargetNetworks networks, CertificateStore certificates, TlsContexts contexts) {
        this.networks = networks;
        this.certificates = certificates;
        this.contexts = contexts;
    }

    /** Routes by listener ARN; {@code problems} receives listener ARN -> why it has no route. */
    Map<String, ListenerRoute> build(StoreState state, Map<String, String> problems) {
        Map<String, ListenerRoute> routes = new LinkedHashMap<>();
        for (ListenerRecord l : state.listeners().values()) {
            LoadBalancerRecord lb = state.loadBalancers().get(l.loadBalancerArn());
            Protocol protocol = l.protocol().orElse(null);
            if (lb == null || lb.type() != LoadBalancerType.APPLICATION || l.port().isEmpty()
                    || (protocol != Protocol.HTTP && protocol != Protocol.HTTPS)) {
                continue;
            }
            Optional<Mapping<String, SslContext>> tls = Optional.empty();
            if (protocol == Protocol.HTTPS) {
                try {
                    tls = Optional.of(sni(l, !"false".equals(lb.attributes().get("routing.http2.enabled"))));
                } catch (IllegalArgumentException e) {
                    problems.put(l.arn(), e.getMessage());
                    continue;
                }
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
                            groups.put(tg.arn(), targetGroup(tg));
                        }
                    });
            routes.put(l.arn(), new ListenerRoute(l.arn(), l.port().getAsInt(), protocol,
                    new RuleMatcher<>(rules, last(l.defaultActions())), ListenerRoute.RequestParts.of(rules), groups, HttpSettings.of(lb.attributes()), tls));
        }
        return routes;
    }

    /** SNI over the listener's certificates, offering HTTP/2 by ALPN when the load balancer allows it. */
    private Mapping<String, SslContext> sni(ListenerRecord l, boolean http2) {
        return SniMappings.build(certificates, contexts, l.arn(), l.certificates(), l.sslPolicy().orElse(SslPolicies.API_DEFAULT),
                TlsContexts.albAlpn(http2));
    }

    /** The routing action is the last by order; the API admits no other kind yet. */
    private static Action last(List<ActionRecord> actions) {
        return actions.stream().max(Comparator.comparingInt(ActionRecord::order)).orElseThrow().action();
    }

    private ListenerRoute.TargetGroupRoute targetGroup(TargetGroupRecord tg) {
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
        Optional<ListenerRoute.Stickiness> stickiness = Optional.empty();
        if ("true".equals(a.get("stickiness.enabled"))) {
            String type = a.getOrDefault("stickiness.type", "lb_cookie");
            stickiness = Optional.of(type.equals("app_cookie")
                    ? new ListenerRoute.Stickiness(type, Integer.parseInt(a.getOrDefault("stickiness.app_cookie.duration_seconds", "86400")),
                            a.getOrDefault("stickiness.app_cookie.cookie_name", ""))
                    : new ListenerRoute.Stickiness("lb_cookie",
                            Integer.parseInt(a.getOrDefault("stickiness.lb_cookie.duration_seconds", "86400")), ""));
        }
        return new ListenerRoute.TargetGroupRoute(tg.arn(), tg.protocol().orElse(Protocol.HTTP), endpoints, registered,
                a.getOrDefault("load_balancing.algorithm.type", "round_robin"), stickiness);
    }
}
