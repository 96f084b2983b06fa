package io.lbctl.backend.local.alb;

import io.lbctl.backend.local.health.HealthRegistry;
import io.lbctl.model.Action;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Picks where a forward goes: a target group by weight (traffic splits in proportion, weight 0
 * gets none), then a target of that group round robin. Counters are kept per target group ARN,
 * so a reconfiguration does not restart the rotation.
 */
final class TargetChooser {
    private final Map<String, AtomicLong> next = new ConcurrentHashMap<>();
    private final HealthRegistry health;

    TargetChooser(HealthRegistry health) {
        this.health = health;
    }

    /** The chosen target group's ARN, or empty when every weight is 0. */
    Optional<String> targetGroup(Action.Forward forward) {
        List<Action.WeightedTargetGroup> groups = forward.targetGroups();
        if (groups.size() == 1) {
            return Optional.of(groups.get(0).targetGroup());
        }
        int total = groups.stream().mapToInt(Action.WeightedTargetGroup::weight).sum();
        if (total == 0) {
            return Optional.empty();
        }
        int pick = ThreadLocalRandom.current().nextInt(total);
        for (Action.WeightedTargetGroup g : groups) {
            pick -= g.weight();
            if (pick < 0) {
                return Optional.of(g.targetGroup());
            }
        }
        return Optional.of(groups.get(groups.size() - 1).targetGroup());
    }

    /**
     * The next healthy endpoint of the group, round robin; when none is healthy, the next of all
     * of them, as ALB fails open rather than refuse traffic.
     */
    ListenerRoute.Endpoint target(ListenerRoute.TargetGroupRoute group) {
        List<ListenerRoute.Endpoint> healthy = group.endpoints().stream()
                .filter(e -> health.healthy(group.arn(), e.host(), e.port())).toList();
        List<ListenerRoute.Endpoint> pool = healthy.isEmpty() ? group.endpoints() : healthy;
        long n = next.computeIfAbsent(group.arn(), k -> new AtomicLong()).getAndIncrement();
        return pool.get((int) Math.floorMod(n, (long) pool.size()));
    }
}
