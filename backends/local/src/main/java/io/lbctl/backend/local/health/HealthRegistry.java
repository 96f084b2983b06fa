package io.lbctl.backend.local.health;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest health of every checked target, shared by the health checker that writes it, the
 * data plane that routes by it and the API that reports it. Keyed by target group ARN and
 * {@code id:port}.
 */
public final class HealthRegistry {
    private final Map<String, Map<String, TargetHealth>> byGroup = new ConcurrentHashMap<>();

    public Optional<TargetHealth> get(String targetGroupArn, String id, int port) {
        return Optional.ofNullable(byGroup.getOrDefault(targetGroupArn, Map.of()).get(id + ":" + port));
    }

    public boolean healthy(String targetGroupArn, String id, int port) {
        return get(targetGroupArn, id, port).map(TargetHealth::healthy).orElse(false);
    }

    void put(String targetGroupArn, String id, int port, TargetHealth health) {
        byGroup.computeIfAbsent(targetGroupArn, k -> new ConcurrentHashMap<>()).put(id + ":" + port, health);
    }

    /** Forgets every target of a group not in {@code keep} ("id:port"). */
    void retain(String targetGroupArn, java.util.Set<String> keep) {
        Map<String, TargetHealth> group = byGroup.get(targetGroupArn);
        if (group != null) {
            group.keySet().retainAll(keep);
        }
    }

    void retainGroups(java.util.Set<String> groups) {
        byGroup.keySet().retainAll(groups);
    }
}
