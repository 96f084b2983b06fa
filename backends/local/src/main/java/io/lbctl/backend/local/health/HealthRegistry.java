package io.lbctl.backend.local.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest health of every checked target, shared by the health checker that writes it, the
 * data plane that routes by it and the API that reports it. Keyed by target group ARN and
 * {@code id:port}. It also keeps ALB's slow start: a target that turns healthy while another
 * healthy target of its group is not in slow start ramps up linearly over the group's duration.
 */
public final class HealthRegistry {
    private final Map<String, Map<String, TargetHealth>> byGroup = new ConcurrentHashMap<>();
    /** Group -> id:port -> when a target now unhealthy turned so (an NLB's unhealthy drain counts from it). */
    private final Map<String, Map<String, Instant>> unhealthySince = new ConcurrentHashMap<>();
    /** Group -> id:port -> [start, end) of a slow start in progress or past. */
    private final Map<String, Map<String, Instant[]>> slowStarts = new ConcurrentHashMap<>();
    /**
     * Moves on with every change, so readers may cache what they derive until it moves. It moves
     * only once the change is in place: a reader reads it before the data, so whatever it caches
     * under a version is at least as new as that version. Moved first, a reader could pair the
     * new version with the old data and keep that until the next change.
     */
    private final java.util.concurrent.atomic.AtomicLong version = new java.util.concurrent.atomic.AtomicLong();
    /** Told a group's ARN whenever one of its targets changes state. */
    private final java.util.List<java.util.function.Consumer<String>> turns = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Calls {@code listener} with a target group's ARN, after the change is in place, whenever one
     * of its targets changes state (initial, healthy, unhealthy): the network load balancers' data
     * plane then works out which open connections the change ends. It runs on the health checker's
     * thread, under this registry's lock, so it must only hand the work on.
     */
    public void onTurn(java.util.function.Consumer<String> listener) {
        turns.add(listener);
    }

    /** A number that changes whenever any recorded health or slow start changes. */
    public long version() {
        return version.get();
    }

    public Optional<TargetHealth> get(String targetGroupArn, String id, int port) {
        return Optional.ofNullable(byGroup.getOrDefault(targetGroupArn, Map.of()).get(id + ":" + port));
    }

    public boolean healthy(String targetGroupArn, String id, int port) {
        return get(targetGroupArn, id, port).map(TargetHealth::healthy).orElse(false);
    }

    void put(String targetGroupArn, String id, int port, TargetHealth health) {
        put(targetGroupArn, id, port, health, Duration.ZERO, Instant.now());
    }

    /** Records a health; a turn to healthy starts a slow start of {@code slowStart} when AWS's rule says so. */
    synchronized void put(String targetGroupArn, String id, int port, TargetHealth health, Duration slowStart, Instant now) {
        Map<String, TargetHealth> group = byGroup.computeIfAbsent(targetGroupArn, k -> new ConcurrentHashMap<>());
        String key = id + ":" + port;
        TargetHealth before = group.put(key, health);
        Map<String, Instant> turnedUnhealthy = unhealthySince.computeIfAbsent(targetGroupArn, k -> new ConcurrentHashMap<>());
        if (!health.state().equals("unhealthy")) {
            turnedUnhealthy.remove(key);
        } else if (before == null || !before.state().equals("unhealthy")) {
            turnedUnhealthy.put(key, now);
        }
        Map<String, Instant[]> ramps = slowStarts.computeIfAbsent(targetGroupArn, k -> new ConcurrentHashMap<>());
        if (!health.healthy()) {
            ramps.remove(key);
        } else if ((before == null || !before.healthy()) && !slowStart.isZero()) {
            boolean anotherSettled = group.entrySet().stream().anyMatch(e -> !e.getKey().equals(key) && e.getValue().healthy()
                    && !inSlowStart(ramps.get(e.getKey()), now));
            if (anotherSettled) {
                ramps.put(key, new Instant[] {now, now.plus(slowStart)});
            }
        }
        version.incrementAndGet();
        if (before == null || !before.state().equals(health.state())) {
            turns.forEach(listener -> listener.accept(targetGroupArn));
        }
    }

    /** When the target turned unhealthy, while it still is. */
    public Optional<Instant> unhealthySince(String targetGroupArn, String id, int port) {
        return Optional.ofNullable(unhealthySince.getOrDefault(targetGroupArn, Map.of()).get(id + ":" + port));
    }

    /** False when no target of the group has started a slow start: every share is then 1. */
    public boolean mayBeInSlowStart(String targetGroupArn) {
        Map<String, Instant[]> ramps = slowStarts.get(targetGroupArn);
        return ramps != null && !ramps.isEmpty();
    }

    /**
     * The share of its full traffic a target takes at {@code now}: 1 unless it is in slow start,
     * then rising linearly from 0 to 1.
     */
    public double trafficShare(String targetGroupArn, String id, int port, Instant now) {
        Instant[] ramp = slowStarts.getOrDefault(targetGroupArn, Map.of()).get(id + ":" + port);
        if (!inSlowStart(ramp, now)) {
            return 1.0;
        }
        double total = Duration.between(ramp[0], ramp[1]).toMillis();
        return Math.max(0.0, Duration.between(ramp[0], now).toMillis() / total);
    }

    private static boolean inSlowStart(Instant[] ramp, Instant now) {
        return ramp != null && now.isBefore(ramp[1]);
    }

    /** Forgets every target of a group not in {@code keep} ("id:port"). */
    synchronized void retain(String targetGroupArn, java.util.Set<String> keep) {
        Map<String, TargetHealth> group = byGroup.get(targetGroupArn);
        if (group != null) {
            group.keySet().retainAll(keep);
        }
        Map<String, Instant[]> ramps = slowStarts.get(targetGroupArn);
        if (ramps != null) {
            ramps.keySet().retainAll(keep);
        }
        Map<String, Instant> turned = unhealthySince.get(targetGroupArn);
        if (turned != null) {
            turned.keySet().retainAll(keep);
        }
        version.incrementAndGet();
    }

    synchronized void retainGroups(java.util.Set<String> groups) {
        byGroup.keySet().retainAll(groups);
        slowStarts.keySet().retainAll(groups);
        unhealthySince.keySet().retainAll(groups);
        version.incrementAndGet();
    }
}
