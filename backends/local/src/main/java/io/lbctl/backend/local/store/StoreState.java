package io.lbctl.backend.local.store;

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
        (tags == null ? Map.<String, Map<String, String>>of() : tags).forEach((k, v) -> t.put(k, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        tags = java.util.Collections.unmodifiableMap(t);
    }

    public StoreState withLoadBalancer(LoadBalancerRecord lb) {
        Map<String, LoadBalancerRecord> next = new LinkedHashMap<>(loadBalancers);
        next.put(lb.arn(), lb);
        return new StoreState(next, targetGroups, listeners, rules, tags);
    }

    public StoreState withTargetGroup(TargetGroupRecord tg) {
        Map<String, TargetGroupRecord> next = new LinkedHashMap<>(targetGroups);
        next.put(tg.arn(), tg);
        return new StoreState(loadBalancers, next, listeners, rules, tags);
    }

    public StoreState withoutTargetGroup(String arn) {
        Map<String, TargetGroupRecord> next = new LinkedHashMap<>(targetGroups);
        next.remove(arn);
        Map<String, Map<String, String>> nextTags = new LinkedHashMap<>(tags);
        nextTags.remove(arn);
        return new StoreState(loadBalancers, next, listeners, rules, nextTags);
    }

    /** Deleting a load balancer deletes its listeners and their rules, as AWS does. */
    public StoreState withoutLoadBalancer(String arn) {
        StoreState s = this;
        for (ListenerRecord l : listeners.values()) {
            if (l.loadBalancerArn().equals(arn)) {
                s = s.withoutListener(l.arn());
            }
        }
        Map<String, LoadBalancerRecord> next = new LinkedHashMap<>(s.loadBalancers);
        next.remove(arn);
        Map<String, Map<String, String>> nextTags = new LinkedHashMap<>(s.tags);
        nextTags.remove(arn);
        return new StoreState(next, s.targetGroups, s.listeners, s.rules, nextTags);
    }

    public StoreState withListener(ListenerRecord l) {
        Map<String, ListenerRecord> next = new LinkedHashMap<>(listeners);
        next.put(l.arn(), l);
        return new StoreState(loadBalancers, targetGroups, next, rules, tags);
    }

    /** Deleting a listener deletes its rules. */
    public StoreState withoutListener(String arn) {
        Map<String, ListenerRecord> nextListeners = new LinkedHashMap<>(listeners);
        nextListeners.remove(arn);
        Map<String, RuleRecord> nextRules = new LinkedHashMap<>(rules);
        Map<String, Map<String, String>> nextTags = new LinkedHashMap<>(tags);
        nextTags.remove(arn);
        rules.values().stream().filter(r -> r.listenerArn().equals(arn)).forEach(r -> {
            nextRules.remove(r.arn());
            nextTags.remove(r.arn());
        });
        return new StoreState(loadBalancers, targetGroups, nextListeners, nextRules, nextTags);
    }

    public StoreState withRule(RuleRecord r) {
        Map<String, RuleRecord> next = new LinkedHashMap<>(rules);
        next.put(r.arn(), r);
        return new StoreState(loadBalancers, targetGroups, listeners, next, tags);
    }

    public StoreState withoutRule(String arn) {
        Map<String, RuleRecord> next = new LinkedHashMap<>(rules);
        next.remove(arn);
        Map<String, Map<String, String>> nextTags = new LinkedHashMap<>(tags);
        nextTags.remove(arn);
        return new StoreState(loadBalancers, targetGroups, listeners, next, nextTags);
    }

    public StoreState withTags(String arn, Map<String, String> resourceTags) {
        Map<String, Map<String, String>> next = new LinkedHashMap<>(tags);
        if (resourceTags.isEmpty()) {
            next.remove(arn);
        } else {
            next.put(arn, resourceTags);
        }
        return new StoreState(loadBalancers, targetGroups, listeners, rules, next);
    }

    private static <V> Map<String, V> copy(Map<String, V> map) {
        return java.util.Collections.unmodifiableMap(map == null ? new LinkedHashMap<>() : new LinkedHashMap<>(map));
    }

    public Map<String, String> tagsOf(String arn) {
        return tags.getOrDefault(arn, Map.of());
    }
}
