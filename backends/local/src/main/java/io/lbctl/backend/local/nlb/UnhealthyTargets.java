package io.lbctl.backend.local.nlb;

import io.lbctl.backend.local.health.HealthRegistry;
import io.lbctl.backend.local.health.TargetHealth;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What becomes of the open connections of a target whose health checks fail, by its group's
 * {@code target_health_state.unhealthy} attributes. AWS "sends a TCP RST for packets received on
 * the client connections associated with the target, unless the unhealthy target triggers the
 * load balancer to fail open" (NLB guide, health checks): with {@code connection_termination.enabled}
 * (true by default) a connection is reset once its target is {@code unhealthy} and out of the pool
 * its node now chooses from. Off, the connections carry on; with {@code draining_interval_seconds}
 * above 0 as well, AWS keeps them for that long (the target shows {@code unhealthy.draining}) and
 * then resets them unless the target recovered. A target still {@code initial} is never cut off.
 * Worked out again whenever any target of the group changes state, since a change elsewhere in
 * the group (the last healthy target failing, or one recovering) starts or ends a fail-open.
 */
final class UnhealthyTargets implements AutoCloseable {
    private final EventLoopGroup loops;
    private final NlbConnections connections;
    private final FlowChooser chooser;
    private final HealthRegistry health;
    private final Supplier<Map<String, NlbRoute>> routes;
    /** Target key -> the end of its unhealthy drain, when connection termination is off. */
    private final Map<String, ScheduledFuture<?>> drains = new ConcurrentHashMap<>();
    private volatile boolean closed;

    UnhealthyTargets(EventLoopGroup loops, NlbConnections connections, FlowChooser chooser, HealthRegistry health,
                     Supplier<Map<String, NlbRoute>> routes) {
        this.loops = loops;
        this.connections = connections;
        this.chooser = chooser;
        this.health = health;
        this.routes = routes;
    }

    /** A target of the group changed state; called under the health registry's lock, so the work is handed on. */
    void changed(String groupArn) {
        if (!closed) {
            loops.next().execute(() -> sweep(groupArn, null));
        }
    }

    /** Resets what the group's setting says to reset now; {@code drained} is a target whose drain just ended. */
    private void sweep(String groupArn, String drained) {
        Optional<NlbRoute.Group> found = group(groupArn);
        if (found.isEmpty() || closed) {
            return; // no listener routes to the group any more: nothing to choose a pool by
        }
        NlbRoute.Group group = found.get();
        NlbRoute.UnhealthyConnections setting = group.unhealthy();
        for (NlbRoute.Target t : group.targets()) {
            String key = t.key(group.arn());
            boolean unhealthy = health.get(group.arn(), t.id(), t.port()).map(TargetHealth::state)
                    .filter("unhealthy"::equals).isPresent();
            if (!unhealthy) {
                Optional.ofNullable(drains.remove(key)).ifPresent(d -> d.cancel(false)); // recovered within its drain
                continue;
            }
            List<Channel> outOfPool = connections.clients(key).stream()
                    .filter(c -> !chooser.eligible(group, NlbConnections.zone(c)).contains(t)).toList();
            if (outOfPool.isEmpty()) {
                continue; // none, or its node fails open and still sends to it
            }
            if (setting.terminate() || key.equals(drained)) {
                outOfPool.forEach(NlbConnections::terminateOne);
            } else if (setting.drainingSeconds() > 0) {
                drains.computeIfAbsent(key, k -> loops.schedule(() -> {
                    drains.remove(k);
                    sweep(groupArn, k);
                }, setting.drainingSeconds(), TimeUnit.SECONDS));
            }
        }
    }

    /** The group as the current routes have it; any listener's copy will do, they differ in nothing used here. */
    private Optional<NlbRoute.Group> group(String arn) {
        return routes.get().values().stream().flatMap(r -> r.groups().stream()).map(NlbRoute.Weighted::group)
                .filter(g -> g.arn().equals(arn)).findFirst();
    }

    @Override
    public void close() {
        closed = true;
        drains.values().forEach(d -> d.cancel(false));
        drains.clear();
    }
}
