package io.lbctl.backend.local.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the control plane holds, as one immutable value: resources by ARN in creation
 * order, and tags by resource ARN. A change makes a new value; the store swaps and persists it.
 */
public record StoreState(
        Map<String, LoadBalancerRecord> loadBalancers,
        Map<String, TargetGroupRecord> targetGroups,
        Map<String, ListenerRecord> listeners,
        Map<String, RuleRecord> rules,
        Map<String, Map<String, String>> tags) {

    public static final StoreState EMPTY = new StoreState(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

    /** Absent maps (a state file written before a resource kind existed) read as empty. */
    public StoreState {
        loadBalancers = copy(loadBalancers);
        targetGroups = copy(targetGroups);
        listeners = copy(listeners);
        rules = copy(rules);
        Map<String, Map<String, String>> t = new LinkedHashMap<>();
        copy(tags).forEach((k, v) -> t.put(k, copy(v)));
        tags = Collections.unmodifiableMap(t);
    }

    public StoreState withLoadBalancer(LoadBalancerRecord lb) {
        return new StoreState(plus(loadBalancers, lb.arn(), lb), targetGroups, listeners, rules, tags);
    }

    /** Deleting a load balancer deletes its listeners and their rules, as AWS does. */
    public StoreState withoutLoadBalancer(String arn) {
        StoreState s = this;
        for (ListenerRecord l : listeners.values()) {
            if (l.loadBalancerArn().equals(arn)) {
                s = s.withoutListener(l.arn());
            }
        }
        return new StoreState(minus(s.loadBalancers, arn), s.targetGroups, s.listeners, s.rules, minus(s.tags, arn));
    }

    public StoreState withTargetGroup(TargetGroupRecord tg) {
        return new StoreState(loadBalancers, plus(targetGroups, tg.arn(), tg), listeners, rules, tags);
    }

    public StoreState withoutTargetGroup(String arn) {
        return new StoreState(loadBalancers, minus(targetGroups, arn), listeners, rules, minus(tags, arn));
    }

    public StoreState withListener(ListenerRecord l) {
        return new StoreState(loadBalancers, targetGroups, plus(listeners, l.arn(), l), rules, tags);
    }

    /** Deleting a listener deletes its rules. */
    public StoreState withoutListener(String arn) {
        StoreState s = this;
        for (RuleRecord r : rules.values()) {
            if (r.listenerArn().equals(arn)) {
                s = s.withoutRule(r.arn());
            }
        }
        return new StoreState(s.loadBalancers, s.targetGroups, minus(s.listeners, arn), s.rules, minus(s.tags, arn));
    }

    public StoreState withRule(RuleRecord r) {
        return new StoreState(loadBalancers, targetGroups, listeners, plus(rules, r.arn(), r), tags);
    }

    public StoreState withoutRule(String arn) {
        return new StoreState(loadBalancers, targetGroups, listeners, minus(rules, arn), minus(tags, arn));
    }

    /** Replaces a resource's tags; no tags at all removes its entry. */
    public StoreState withTags(String arn, Map<String, String> resourceTags) {
        Map<String, Map<String, String>> next = resourceTags.isEmpty() ? minus(tags, arn) : plus(tags, arn, resourceTags);
        return new StoreState(loadBalancers, targetGroups, listeners, rules, next);
    }

    /** The load balancers whose listeners or rules forward to the target group, in listener order. */
    public java.util.List<String> loadBalancersUsing(String targetGroupArn) {
        return listenersUsing(targetGroupArn).stream().map(ListenerRecord::loadBalancerArn).distinct().toList();
    }

    /** The listeners whose default action or a rule's forwards to the group. */
    public java.util.List<ListenerRecord> listenersUsing(String targetGroupArn) {
        return listeners.values().stream().filter(l -> forwardsTo(l.defaultActions(), targetGroupArn) || rules.values().stream()
                .anyMatch(r -> r.listenerArn().equals(l.arn()) && forwardsTo(r.actions(), targetGroupArn))).toList();
    }

    private static boolean forwardsTo(java.util.List<ActionRecord> actions, String targetGroupArn) {
        return actions.stream().flatMap(a -> a.forward().stream()).flatMap(f -> f.targetGroups().stream())
                .anyMatch(g -> g.targetGroup().equals(targetGroupArn));
    }

    public Map<String, String> tagsOf(String arn) {
        return tags.getOrDefault(arn, Map.of());
    }

    private static <V> Map<String, V> plus(Map<String, V> map, String key, V value) {
        Map<String, V> next = new LinkedHashMap<>(map);
        next.put(key, value);
        return next;
    }

    private static <V> Map<String, V> minus(Map<String, V> map, String key) {
        Map<String, V> next = new LinkedHashMap<>(map);
        next.remove(key);
        return next;
    }

    private static <V> Map<String, V> copy(Map<String, V> map) {
        return Collections.unmodifiableMap(map == null ? new LinkedHashMap<>() : new LinkedHashMap<>(map));
    }
}
