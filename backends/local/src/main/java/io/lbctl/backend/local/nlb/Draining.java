package io.lbctl.backend.local.nlb;

import io.lbctl.backend.local.store.RegisteredTarget;
import io.lbctl.backend.local.store.StoreState;
import io.lbctl.backend.local.store.TargetGroupRecord;
import io.lbctl.model.LoadBalancerType;
import io.netty.channel.EventLoopGroup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Deregistration of network load balancers' targets. A deregistered target gets no new
 * connection (the routes leave it out); its open connections go on until its deregistration
 * delay ends ({@code drainingUntil}, by the runtime's clock), and are then reset when the group's
 * {@code deregistration_delay.connection_termination.enabled} is true at that moment, or left to
 * their ends and the idle timeout when it is not. A target registered again before then keeps its
 * connections.
 */
final class Draining implements AutoCloseable {
    private final EventLoopGroup loops;
    private final NlbConnections connections;
    private final Clock clock;
    /** Target key -> the end of the drain a termination is scheduled for. */
    private final Map<String, Scheduled> scheduled = new HashMap<>();
    private volatile StoreState latest = StoreState.EMPTY;

    private record Scheduled(Instant until, ScheduledFuture<?> task) {
    }

    Draining(EventLoopGroup loops, NlbConnections connections, Clock clock) {
        this.loops = loops;
        this.connections = connections;
        this.clock = clock;
    }

    /** Schedules the end of every drain in {@code state} not scheduled yet. */
    synchronized void apply(StoreState state) {
        latest = state;
        Set<String> targets = new HashSet<>();
        for (TargetGroupRecord tg : state.targetGroups().values()) {
            if (tg.family() != LoadBalancerType.NETWORK) {
                continue;
            }
            for (RegisteredTarget t : tg.targets()) {
                if (t.port().isEmpty()) {
                    continue;
                }
                String key = key(tg, t);
                targets.add(key);
                if (t.drainingUntil().isEmpty()) {
                    continue;
                }
                Instant until = t.drainingUntil().get();
                Scheduled current = scheduled.get(key);
                if (current != null && current.until().equals(until)) {
                    continue;
                }
                if (current != null) {
                    current.task().cancel(false);
                }
                long delay = Math.max(0, Duration.between(clock.instant(), until).toMillis());
                scheduled.put(key, new Scheduled(until, loops.schedule(() -> end(tg.arn(), t, key, until), delay,
                        TimeUnit.MILLISECONDS)));
            }
        }
        connections.retain(targets);
    }

    /** A drain's delay is over: reset the target's connections if the group says so and it is still draining. */
    private void end(String groupArn, RegisteredTarget drained, String key, Instant until) {
        synchronized (this) {
            Scheduled s = scheduled.get(key);
            if (s != null && s.until().equals(until)) {
                scheduled.remove(key);
            }
        }
        TargetGroupRecord tg = latest.targetGroups().get(groupArn);
        if (tg == null) {
            return; // the group is gone, and with it the setting that says whether to terminate
        }
        boolean stillDraining = tg.targets().stream().noneMatch(t -> t.sameAs(drained.id(), drained.port())
                && !t.drainingUntil().equals(Optional.of(until)));
        if (stillDraining && "true".equals(tg.attribute(NlbRouteBuilder.CONNECTION_TERMINATION))) {
            connections.terminate(key);
        }
    }

    private static String key(TargetGroupRecord tg, RegisteredTarget t) {
        return tg.arn() + "|" + t.id() + ":" + t.port().getAsInt();
    }

    @Override
    public synchronized void close() {
        scheduled.values().forEach(s -> s.task().cancel(false));
        scheduled.clear();
    }
}
