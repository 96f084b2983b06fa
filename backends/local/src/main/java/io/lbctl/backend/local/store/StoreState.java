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
        Map<String, Map<String, String>> tags) {

    public static final StoreState EMPTY = new StoreState(Map.of(), Map.of(), Map.of());

    /** Absent maps (a state file written before a resource kind existed) read as empty. */
    public StoreState {
        loadBalancers = copy(loadBalancers);
        targetGroups = copy(targetGroups);
        Map<String, Map<String, String>> t = new LinkedHashMap<>();
        (tags == null ? Map.<String, Map<String, String>>of() : tags).forEach((k, v) -> t.put(k, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        tags = java.util.Collections.unmodifiableMap(t);
    }

    public StoreState withLoadBalancer(LoadBalancerRecord lb) {
        Map<String, LoadBalancerRecord> next = new LinkedHashMap<>(loadBalancers);
        next.put(lb.arn(), lb);
        return new StoreState(next, targetGroups, tags);
    }

    public StoreState withTargetGroup(TargetGroupRecord tg) {
        Map<String, TargetGroupRecord> next = new LinkedHashMap<>(targetGroups);
        next.put(tg.arn(), tg);
        return new StoreState(loadBalancers, next, tags);
    }

    public StoreState withoutTargetGroup(String arn) {
        Map<String, TargetGroupRecord> next = new LinkedHashMap<>(targetGroups);
        next.remove(arn);
        Map<String, Map<String, String>> nextTags = new LinkedHashMap<>(tags);
        nextTags.remove(arn);
        return new StoreState(loadBalancers, next, nextTags);
    }

    public StoreState withoutLoadBalancer(String arn) {
        Map<String, LoadBalancerRecord> next = new LinkedHashMap<>(loadBalancers);
        next.remove(arn);
        Map<String, Map<String, String>> nextTags = new LinkedHashMap<>(tags);
        nextTags.remove(arn);
        return new StoreState(next, targetGroups, nextTags);
    }

    public StoreState withTags(String arn, Map<String, String> resourceTags) {
        Map<String, Map<String, String>> next = new LinkedHashMap<>(tags);
        if (resourceTags.isEmpty()) {
            next.remove(arn);
        } else {
            next.put(arn, resourceTags);
        }
        return new StoreState(loadBalancers, targetGroups, next);
    }

    private static <V> Map<String, V> copy(Map<String, V> map) {
        return java.util.Collections.unmodifiableMap(map == null ? new LinkedHashMap<>() : new LinkedHashMap<>(map));
    }

    public Map<String, String> tagsOf(String arn) {
        return tags.getOrDefault(arn, Map.of());
    }
}
