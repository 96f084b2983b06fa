package io.lbctl.backend.local.health;

import io.lbctl.backend.local.TargetNetworks;
import io.lbctl.backend.local.Transports;
import io.lbctl.backend.local.alb.UpstreamExchange;
import io.lbctl.backend.local.tls.TlsContexts;
import io.lbctl.backend.local.store.ListenerRecord;
import io.lbctl.backend.local.store.RegisteredTarget;
import io.lbctl.backend.local.store.StoreState;
import io.lbctl.backend.local.store.TargetGroupRecord;
import io.lbctl.model.HealthCheck;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.Protocol;
import io.lbctl.model.TargetType;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs each in-use target group's health check against each of its targets, every interval,
 * as AWS does: HTTP checks are GETs of the path with {@code User-Agent: ELB-HealthChecker/2.0},
 * Host set to the target's address and port (for an NLB's group, a node's address and the
 * listener's port, as AWS sets it), one connection per check; TCP checks connect.
 * A target starts {@code initial}; an ALB target is {@code healthy} after one passing check
 * (NLB and GWLB targets after the healthy threshold), {@code unhealthy} after the unhealthy
 * threshold of failures, and healthy again after the healthy threshold of passes. Targets
 * outside the target networks are never checked. A network load balancer's group with
 * {@code proxy_protocol_v2.enabled} puts AWS's LOCAL proxy protocol header before each HTTP or
 * HTTPS check ({@link HealthCheckProxyHeader}); its TCP checks send nothing, as AWS's do.
 */
public final class HealthChecker implements AutoCloseable {
    static final String USER_AGENT = "ELB-HealthChecker/2.0";

    private final EventLoopGroup loops;
    private final TargetNetworks networks;
    private final HealthRegistry registry;
    private final Map<String, Schedule> schedules = new HashMap<>();

    /** One group's running check: its settings, and the counters of each target. */
    /**
     * {@code host}: the Host header of an NLB group's HTTP checks, which AWS fills with a load
     * balancer node's address and the listener's port (NLB guide, health checks), not the
     * target's; empty for other groups, whose checks name the target.
     */
    private record Schedule(TargetGroupRecord group, ScheduledFuture<?> task, Map<String, Counter> counters,
                            Optional<String> host) {
    }

    /** Consecutive results of one target. */
    private static final class Counter {
        TargetHealth health = TargetHealth.INITIAL;
        int passes;
        int failures;
    }

    public HealthChecker(EventLoopGroup loops, TargetNetworks networks, HealthRegistry registry) {
        this.loops = loops;
        this.networks = networks;
        this.registry = registry;
    }

    /** Starts, restarts or stops checks to match {@code state}. */
    private boolean closed;

    public synchronized void apply(StoreState state) {
        if (closed) {
            return; // a store change that raced the shutdown must not schedule checks
        }
        Set<String> inUse = new HashSet<>();
        for (TargetGroupRecord tg : state.targetGroups().values()) {
            if (tg.targetType() == TargetType.LAMBDA || !tg.healthCheck().enabled()) {
                continue;
            }
            List<ListenerRecord> using = state.listenersUsing(tg.arn());
            if (using.isEmpty()) {
                continue;
            }
            inUse.add(tg.arn());
            Schedule current = schedules.get(tg.arn());
            Optional<String> host = nodeHost(state, tg, using);
            if (current != null && current.group().healthCheck().equals(tg.healthCheck())) {
                schedules.put(tg.arn(), new Schedule(tg, current.task(), current.counters(), host));
                continue;
            }
            if (current != null) {
                current.task().cancel(false);
            }
            Map<String, Counter> counters = current == null ? new HashMap<>() : current.counters();
            ScheduledFuture<?> task = loops.scheduleAtFixedRate(() -> round(tg.arn()), 0,
                    tg.healthCheck().intervalSeconds(), TimeUnit.SECONDS);
            schedules.put(tg.arn(), new Schedule(tg, task, counters, host));
        }
        for (String arn : Set.copyOf(schedules.keySet())) {
            if (!inUse.contains(arn)) {
                schedules.remove(arn).task().cancel(false);
            }
        }
        registry.retainGroups(inUse);
    }

    /** For an NLB group: the first node of the first load balancer whose listener forwards to it, and its port. */
    private static Optional<String> nodeHost(StoreState state, TargetGroupRecord tg, List<ListenerRecord> using) {
        if (tg.family() != LoadBalancerType.NETWORK) {
            return Optional.empty();
        }
        return using.stream().filter(l -> l.port().isPresent())
                .flatMap(l -> Optional.ofNullable(state.loadBalancers().get(l.loadBalancerArn())).stream()
                        .flatMap(lb -> lb.zones().stream().limit(1))
                        .map(node -> hostAndPort(node.address(), l.port().getAsInt())))
                .findFirst();
    }

    private static String hostAndPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** One round of checks of one group, against the group's targets as they are now. */
    private void round(String arn) {
        Schedule s;
        synchronized (this) {
            s = schedules.get(arn);
        }
        if (s == null) {
            return;
        }
        Set<String> keep = new HashSet<>();
        for (RegisteredTarget t : s.group().targets()) {
            if (t.drainingUntil().isPresent() || t.port().isEmpty() || !networks.allows(t.id())) {
                continue;
            }
            String key = t.id() + ":" + t.port().getAsInt();
            keep.add(key);
            Counter counter;
            synchronized (this) {
                counter = s.counters().computeIfAbsent(key, k -> new Counter());
            }
            registry.put(arn, t.id(), t.port().getAsInt(), counter.health);
            check(s.group(), s.host(), t.id(), t.port().getAsInt(), result -> record(s.group(), t, counter, result));
        }
        synchronized (this) {
            s.counters().keySet().retainAll(keep);
        }
        registry.retain(arn, keep);
    }

    private void record(TargetGroupRecord tg, RegisteredTarget t, Counter c, TargetHealth failure) {
        HealthCheck hc = tg.healthCheck();
        synchronized (this) {
            if (failure == null) {
                c.passes++;
                c.failures = 0;
                boolean alb = tg.family() == LoadBalancerType.APPLICATION;
                int needed = c.health == TargetHealth.INITIAL && alb ? 1 : hc.healthyThreshold();
                if (!c.health.healthy() && c.passes >= needed) {
                    c.health = TargetHealth.HEALTHY;
                }
            } else {
                c.failures++;
                c.passes = 0;
                if (!c.health.healthy() && !c.health.state().equals("initial")) {
                    c.health = failure; // stays unhealthy; the reason follows the latest failure
                } else if (c.failures >= hc.unhealthyThreshold()) {
                    c.health = failure;
                }
            }
            registry.put(tg.arn(), t.id(), t.port().getAsInt(), c.health, slowStart(tg), java.time.Instant.now());
        }
    }

    /** Runs one check; {@code done} gets null for a pass, or the unhealthy state that a failure means. */
    private void check(TargetGroupRecord tg, Optional<String> hostHeader, String host, int trafficPort,
                       Consumer<TargetHealth> done) {
        HealthCheck hc = tg.healthCheck();
        int port = hc.port().equals(HealthCheck.TRAFFIC_PORT) ? trafficPort : Integer.parseInt(hc.port());
        int timeoutMillis = hc.timeoutSeconds() * 1000;
        if (hc.protocol() == Protocol.TCP) {
            // Connect, then close: no payload, so no proxy protocol header either (see HealthCheckProxyHeader).
            new Bootstrap().group(loops).channel(Transports.clientChannel())
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis).handler(new ChannelInboundHandlerAdapter())
                    .connect(host, port).addListener((ChannelFutureListener) f -> {
                        f.channel().close();
                        done.accept(f.isSuccess() ? null : f.cause() instanceof ConnectTimeoutException ? timedOut()
                                : failed("Health checks failed"));
                    });
            return;
        }
        var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, hc.path().orElse("/"), Unpooled.EMPTY_BUFFER);
        request.headers().set(HttpHeaderNames.HOST, hostHeader.orElse(hostAndPort(host, port)))
                .set(HttpHeaderNames.USER_AGENT, USER_AGENT).set(HttpHeaderNames.CONNECTION, "close")
                .set(HttpHeaderNames.ACCEPT, "*/*");
        io.netty.handler.ssl.SslContext tls = hc.protocol() == Protocol.HTTPS ? TlsContexts.targetClient() : null;
        byte[] preamble = tg.family() == LoadBalancerType.NETWORK
                && "true".equals(tg.attributes().get("proxy_protocol_v2.enabled")) ? HealthCheckProxyHeader.bytes() : null;
        UpstreamExchange.send(loops.next(), host, port, preamble, tls, request, timeoutMillis, hc.timeoutSeconds(), outcome -> {
            if (outcome.response() == null) {
                done.accept(outcome.failureStatus() == 504 ? timedOut() : failed("Health checks failed"));
                return;
            }
            int status = outcome.response().status().code();
            outcome.response().release();
            done.accept(Matchers.matches(hc.matcher().orElse("200"), status) ? null : new TargetHealth("unhealthy",
                    "Target.ResponseCodeMismatch", "Health checks failed with these codes: [" + status + "]"));
        });
    }

    private static java.time.Duration slowStart(TargetGroupRecord tg) {
        return java.time.Duration.ofSeconds(Long.parseLong(tg.attributes().getOrDefault("slow_start.duration_seconds", "0")));
    }

    private static TargetHealth timedOut() {
        return new TargetHealth("unhealthy", "Target.Timeout", "Request timed out");
    }

    private static TargetHealth failed(String description) {
        return new TargetHealth("unhealthy", "Target.FailedHealthChecks", description);
    }

    @Override
    public synchronized void close() {
        closed = true;
        schedules.values().forEach(s -> s.task().cancel(false));
        schedules.clear();
    }
}
