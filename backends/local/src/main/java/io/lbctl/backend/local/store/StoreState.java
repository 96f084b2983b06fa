package io.lbctl.backend.local.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the control plane holds, as one immutable value: resources by ARN in creation
 * order, and tags by resource ARN. A change makes a new value; the store swaps and persists it.
 */
public record StoreState(
        Map<String, LoadBalancerRecord> loadBalancers,
        Map<String, Map<String, String>> tags) {

    public static final StoreState EMPTY = new StoreState(Map.of(), Map.of());

    public StoreState {
        loadBalancers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(loadBalancers));
        Map<String, Map<String, String>> t = new LinkedHashMap<>();
        tags.forEach((k, v) -> t.put(k, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        tags = java.util.Collections.unmodifiableMap(t);
    }

    public StoreState withLoadBalancer(LoadBalancerRecord lb) {
        Map<String, LoadBalancerRecord> next = new LinkedHashMap<>(loadBalancers);
        next.put(lb.arn(), lb);
        return new StoreState(next, tags);
    }

    public StoreState withoutLoadBalancer(String arn) {
        Map<String, LoadBalancerRecord> next = new LinkedHashMap<>(loadBalancers);
        next.remove(arn);
        Map<String, Map<String, String>> nextTags = new LinkedHashMap<>(tags);
        nextTags.remove(arn);
        return new StoreState(next, nextTags);
    }

    public StoreState withTags(String arn, Map<String, String> resourceTags) {
        Map<String, Map<String, String>> next = new LinkedHashMap<>(tags);
        if (resourceTags.isEmpty()) {
            next.remove(arn);
        } else {
            next.put(arn, resourceTags);
        }
        return new StoreState(loadBalancers, next);
    }

    public Map<String, String> tagsOf(String arn) {
        return tags.getOrDefault(arn, Map.of());
    }
}
