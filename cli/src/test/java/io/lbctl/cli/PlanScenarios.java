package io.lbctl.cli;

import io.lbctl.model.Action;
import io.lbctl.model.Address;
import io.lbctl.model.Attributes;
import io.lbctl.model.Condition;
import io.lbctl.model.HealthCheck;
import io.lbctl.model.Listener;
import io.lbctl.model.LoadBalancer;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.Protocol;
import io.lbctl.model.Rule;
import io.lbctl.model.Scheme;
import io.lbctl.model.Stack;
import io.lbctl.model.Target;
import io.lbctl.model.TargetGroup;
import io.lbctl.model.TargetType;
import io.lbctl.planner.DesiredState;
import io.lbctl.planner.State;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Recorded live states for an example: each is the example's own spec, changed by one named
 * mutation, applied (built with {@link DesiredState}) and read back ({@link LiveStateFixtures}).
 * So the live state differs from the spec exactly by the mutation. A mutation an example offers
 * nothing for is skipped with the reason, never faked.
 */
final class PlanScenarios {
    /** A live state, or why the scenario does not apply to the example. */
    record Outcome(Optional<State> live, String skipReason) {
        static Outcome of(State live) {
            return new Outcome(Optional.of(live), "");
        }

        static Outcome skip(String why) {
            return new Outcome(Optional.empty(), why);
        }
    }

    record Scenario(String name, Function<Stack, Outcome> live) {
    }

    static final List<Scenario> ALL = List.of(
            new Scenario("empty", s -> Outcome.of(State.of(s.name(), List.of()))),
            new Scenario("in-sync", s -> Outcome.of(applied(s))),
            new Scenario("in-place-update", PlanScenarios::inPlaceUpdate),
            new Scenario("replacement", PlanScenarios::replacement),
            new Scenario("rule-reorder", PlanScenarios::ruleReorder),
            new Scenario("target-change", PlanScenarios::targetChange),
            new Scenario("drift", PlanScenarios::drift),
            new Scenario("delete", PlanScenarios::delete));

    private PlanScenarios() {
    }

    static State applied(Stack stack) {
        return LiveStateFixtures.live(DesiredState.of(stack));
    }

    /** The first target group's healthy threshold and deregistration delay differ live. */
    private static Outcome inPlaceUpdate(Stack s) {
        if (s.targetGroups().isEmpty()) {
            return Outcome.skip("no target group");
        }
        TargetGroup tg = s.targetGroups().values().iterator().next();
        HealthCheck h = tg.healthCheck();
        HealthCheck live = new HealthCheck(h.enabled(), h.protocol(), h.port(), h.path(), h.intervalSeconds(), h.timeoutSeconds(),
                h.healthyThreshold() == 5 ? 3 : 5, h.unhealthyThreshold(), h.matcher());
        Map<String, String> attributes = new LinkedHashMap<>(tg.attributes().values());
        if (tg.targetType() != TargetType.LAMBDA) {
            String key = "deregistration_delay.timeout_seconds";
            attributes.put(key, "30".equals(attributes.getOrDefault(key, "300")) ? "300" : "30");
        }
        return Outcome.of(applied(with(s, targetGroup(tg, tg.id(), tg.name(), tg.port(), live, Attributes.of(attributes),
                tg.targets()))));
    }

    /**
     * A setting AWS cannot change in place differs live: a network load balancer's scheme (as when
     * a Service's scheme annotation changes), else a target group's port, else, where neither can
     * differ (a gateway load balancer has no scheme, a GENEVE group only port 6081), a load
     * balancer's fixed name (the spec renamed it).
     */
    private static Outcome replacement(Stack s) {
        for (LoadBalancer lb : s.loadBalancers().values()) {
            if (lb.type() == LoadBalancerType.NETWORK) {
                Scheme other = lb.scheme() == Scheme.INTERNAL ? Scheme.INTERNET_FACING : Scheme.INTERNAL;
                return Outcome.of(applied(with(s, loadBalancer(lb, lb.name(), other, lb.attributes(), lb.tags(), lb.listeners()))));
            }
        }
        for (TargetGroup tg : s.targetGroups().values()) {
            if (tg.port().isPresent() && tg.protocol().filter(p -> p != Protocol.GENEVE).isPresent()) {
                OptionalInt port = OptionalInt.of(tg.port().getAsInt() == 80 ? 8080 : 80);
                return Outcome.of(applied(with(s, targetGroup(tg, tg.id(), tg.name(), port, tg.healthCheck(), tg.attributes(),
                        tg.targets()))));
            }
        }
        for (LoadBalancer lb : s.loadBalancers().values()) {
            if (lb.name().isPresent()) {
                String old = ("old-" + lb.name().get()).substring(0, Math.min(32, 4 + lb.name().get().length()));
                return Outcome.of(applied(with(s, loadBalancer(lb, Optional.of(old), lb.scheme(), lb.attributes(), lb.tags(),
                        lb.listeners()))));
            }
        }
        return Outcome.skip("no setting that forces replacement can differ");
    }

    /** The two lowest-priority rules of the first listener with two rules have their priorities swapped live. */
    private static Outcome ruleReorder(Stack s) {
        for (LoadBalancer lb : s.loadBalancers().values()) {
            for (Listener l : lb.listeners().values()) {
                if (l.rules().size() >= 2) {
                    List<Rule> byPriority = l.rules().values().stream().sorted(Comparator.comparingInt(Rule::priority)).toList();
                    Rule a = byPriority.get(0);
                    Rule b = byPriority.get(1);
                    Map<String, Rule> rules = new LinkedHashMap<>(l.rules());
                    rules.put(a.id(), new Rule(a.id(), b.priority(), a.conditions(), a.action(), a.tags()));
                    rules.put(b.id(), new Rule(b.id(), a.priority(), b.conditions(), b.action(), b.tags()));
                    return Outcome.of(applied(with(s, lb, listener(l, rules))));
                }
            }
        }
        return Outcome.skip("no listener has two rules");
    }

    /**
     * In the first group with instance or IP targets, the spec's first target is missing live, and
     * a target the spec lacks (registered by hand) is there.
     */
    private static Outcome targetChange(Stack s) {
        for (TargetGroup tg : s.targetGroups().values()) {
            if (tg.targets().isEmpty() || tg.targetType() != TargetType.IP && tg.targetType() != TargetType.INSTANCE) {
                continue;
            }
            Target first = tg.targets().get(0);
            String id = first.id().toString();
            String extra = tg.targetType() == TargetType.INSTANCE ? "i-0fedcba9876543210" : id.substring(0, id.lastIndexOf('.') + 1) + "99";
            List<Target> targets = new ArrayList<>(tg.targets().subList(1, tg.targets().size()));
            targets.add(new Target(new Target.Literal(extra), first.port(), Optional.empty()));
            return Outcome.of(applied(with(s, targetGroup(tg, tg.id(), tg.name(), tg.port(), tg.healthCheck(), tg.attributes(), targets))));
        }
        return Outcome.skip("no target group with instance or IP targets");
    }

    /**
     * Changes made outside lbctl: a tag added to the first load balancer, its deletion protection
     * turned on, and the first value of the first rule's first condition edited.
     */
    private static Outcome drift(Stack s) {
        if (s.loadBalancers().isEmpty()) {
            return Outcome.skip("no load balancer");
        }
        LoadBalancer lb = s.loadBalancers().values().iterator().next();
        Map<String, String> tags = new LinkedHashMap<>(lb.tags());
        tags.put("CostCenter", "1234");
        Map<String, String> attributes = new LinkedHashMap<>(lb.attributes().values());
        String key = "deletion_protection.enabled";
        attributes.put(key, Boolean.toString(!Boolean.parseBoolean(attributes.getOrDefault(key, "false"))));
        Stack drifted = with(s, loadBalancer(lb, lb.name(), lb.scheme(), Attributes.of(attributes), tags, lb.listeners()));
        for (LoadBalancer b : drifted.loadBalancers().values()) {
            for (Listener l : b.listeners().values()) {
                for (Rule r : l.rules().values()) {
                    List<Condition> conditions = new ArrayList<>(r.conditions());
                    for (int i = 0; i < conditions.size(); i++) {
                        Optional<Condition> edited = edited(conditions.get(i));
                        if (edited.isPresent()) {
                            conditions.set(i, edited.get());
                            Map<String, Rule> rules = new LinkedHashMap<>(l.rules());
                            rules.put(r.id(), new Rule(r.id(), r.priority(), conditions, r.action(), r.tags()));
                            return Outcome.of(applied(with(drifted, b, listener(l, rules))));
                        }
                    }
                }
            }
        }
        return Outcome.of(applied(drifted));
    }

    private static Optional<Condition> edited(Condition c) {
        return switch (c) {
            case Condition.PathPattern p when !p.regex() -> Optional.of(new Condition.PathPattern(first(p.values(), "/v1" + p.values().get(0))));
            case Condition.HostHeader h when !h.regex() -> Optional.of(new Condition.HostHeader(first(h.values(), "www." + h.values().get(0))));
            case Condition.HttpHeader h when !h.regex() -> Optional.of(new Condition.HttpHeader(h.name(), first(h.values(), h.values().get(0) + "-old")));
            default -> Optional.empty();
        };
    }

    private static List<String> first(List<String> values, String replacement) {
        List<String> out = new ArrayList<>(values);
        out.set(0, replacement);
        return out;
    }

    /**
     * Live holds what the spec no longer has: an owned target group "legacy" (a copy of the first,
     * with one target), an owned rule forwarding to it on the first application listener, and a
     * listener created outside lbctl (untagged, so read as {@code ~port-N}) on the first load
     * balancer that can have a second listener (not a gateway one).
     */
    private static Outcome delete(Stack s) {
        if (s.targetGroups().isEmpty() || s.targetGroups().containsKey("legacy")) {
            return Outcome.skip("no target group to copy, or one is called legacy already");
        }
        TargetGroup base = s.targetGroups().values().iterator().next();
        Stack live = with(s, targetGroup(base, "legacy", Optional.empty(), base.port(), base.healthCheck(), base.attributes(),
                base.targets().stream().limit(1).toList()));
        for (LoadBalancer lb : live.loadBalancers().values()) {
            Optional<Listener> http = lb.type() != LoadBalancerType.APPLICATION ? Optional.empty()
                    : lb.listeners().values().stream().findFirst();
            if (http.isPresent()) {
                Listener l = http.get();
                int priority = l.rules().values().stream().mapToInt(Rule::priority).max().orElse(90) + 10;
                Map<String, Rule> rules = new LinkedHashMap<>(l.rules());
                rules.put("legacy", new Rule("legacy", priority, List.of(new Condition.PathPattern(List.of("/legacy/*"))),
                        Action.Forward.to("legacy"), Map.of()));
                live = with(live, lb, listener(l, rules));
                break;
            }
        }
        Optional<Address> unowned = Optional.empty();
        for (LoadBalancer lb : live.loadBalancers().values()) {
            if (lb.type() == LoadBalancerType.GATEWAY) {
                continue; // a gateway load balancer takes one listener
            }
            int port = List.of(8080, 8081, 8443, 9000).stream()
                    .filter(p -> lb.listeners().values().stream().noneMatch(l -> l.port().orElse(-1) == p)).findFirst().orElseThrow();
            boolean alb = lb.type() == LoadBalancerType.APPLICATION;
            Action action = alb ? new Action.FixedResponse(503, Optional.of("text/plain"), Optional.of("down for maintenance"))
                    : Action.Forward.to("legacy");
            String id = "~port-" + port;
            Listener extra = new Listener(id, OptionalInt.of(port), Optional.of(alb ? Protocol.HTTP : Protocol.TCP), List.of(),
                    Optional.empty(), Optional.empty(), action, Map.of(), Attributes.NONE, Map.of());
            Map<String, Listener> listeners = new LinkedHashMap<>(lb.listeners());
            listeners.put(id, extra);
            live = with(live, loadBalancer(lb, lb.name(), lb.scheme(), lb.attributes(), lb.tags(), listeners));
            unowned = Optional.of(Address.listener(lb.id(), id));
            break;
        }
        State state = applied(live);
        return Outcome.of(unowned.map(a -> LiveStateFixtures.untagged(state, a)).orElse(state));
    }

    private static TargetGroup targetGroup(TargetGroup t, String id, Optional<String> name, OptionalInt port, HealthCheck hc,
                                           Attributes attributes, List<Target> targets) {
        return new TargetGroup(id, name, t.targetType(), t.protocol(), t.protocolVersion(), port, t.ipAddressType(), hc, attributes,
                targets, t.tags());
    }

    private static LoadBalancer loadBalancer(LoadBalancer b, Optional<String> name, Scheme scheme, Attributes attributes,
                                             Map<String, String> tags, Map<String, Listener> listeners) {
        return new LoadBalancer(b.id(), name, b.type(), scheme, b.ipAddressType(), b.subnets(), b.securityGroups(), attributes, tags,
                listeners);
    }

    private static Listener listener(Listener l, Map<String, Rule> rules) {
        return new Listener(l.id(), l.port(), l.protocol(), l.certificates(), l.sslPolicy(), l.alpnPolicy(), l.defaultAction(), rules,
                l.attributes(), l.tags());
    }

    private static Stack with(Stack s, TargetGroup tg) {
        Map<String, TargetGroup> groups = new LinkedHashMap<>(s.targetGroups());
        groups.put(tg.id(), tg);
        return new Stack(s.name(), s.tags(), s.network(), groups, s.loadBalancers(), s.classicLoadBalancers());
    }

    private static Stack with(Stack s, LoadBalancer lb) {
        Map<String, LoadBalancer> lbs = new LinkedHashMap<>(s.loadBalancers());
        lbs.put(lb.id(), lb);
        return new Stack(s.name(), s.tags(), s.network(), s.targetGroups(), lbs, s.classicLoadBalancers());
    }

    private static Stack with(Stack s, LoadBalancer lb, Listener l) {
        Map<String, Listener> listeners = new LinkedHashMap<>(lb.listeners());
        listeners.put(l.id(), l);
        return with(s, loadBalancer(lb, lb.name(), lb.scheme(), lb.attributes(), lb.tags(), listeners));
    }
}
