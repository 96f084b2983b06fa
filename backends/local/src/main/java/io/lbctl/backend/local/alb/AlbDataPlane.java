package io.lbctl.backend.local.alb;

import io.lbctl.backend.local.ListenerSockets;
import io.lbctl.backend.local.TargetNetworks;
import io.lbctl.backend.local.Transports;
import io.lbctl.backend.local.health.HealthRegistry;
import io.lbctl.backend.local.tls.CertificateStore;
import io.lbctl.backend.local.tls.TlsContexts;
import io.lbctl.backend.local.store.ListenerRecord;
import io.lbctl.backend.local.store.LoadBalancerRecord;
import io.lbctl.backend.local.store.StoreState;
import io.lbctl.backend.local.store.ZoneNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Carries HTTP traffic for every application load balancer in the store: each HTTP listener
 * binds its port on each of its load balancer's zone-node addresses. On every store change the
 * routes are rebuilt and swapped in whole, listeners that appeared are bound and those that went
 * away are closed; open connections and requests in flight are not disturbed. A bind that
 * fails, or an HTTPS listener without its certificate, is kept as a problem with its reason,
 * never ignored.
 */
public final class AlbDataPlane implements AutoCloseable {
    static final int MAX_REQUEST_BODY = 10 * 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(AlbDataPlane.class.getName());

    private final EventLoopGroup loops;
    private final RouteBuilder builder;
    private final AlbRequestHandler.Context context;
    private final AtomicReference<Map<String, ListenerRoute>> routes = new AtomicReference<>(Map.of());
    private final Map<String, List<Channel>> bound = new HashMap<>();
    /** Every open client connection, so that closing the data plane ends them all. */
    private final ChannelGroup connections = new DefaultChannelGroup("alb-clients", GlobalEventExecutor.INSTANCE);
    private final Map<String, String> boundListener = new HashMap<>();
    private final Map<String, String> problems = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, String> routeProblems = new LinkedHashMap<>();
    private boolean closed;

    public AlbDataPlane(EventLoopGroup loops, TargetNetworks networks, HealthRegistry health, CertificateStore certificates,
                        java.time.Clock clock) {
        this.loops = loops;
        this.builder = new RouteBuilder(networks, certificates, new TlsContexts());
        this.context = new AlbRequestHandler.Context(arn -> routes.get().get(arn), new TargetChooser(health),
                new UpstreamPool(), clock);
    }

    /** Brings the listeners in line with {@code state}. */
    public synchronized void apply(StoreState state) {
        if (closed) {
            return; // a store change that raced the shutdown must not bind again
        }
        Map<String, String> unroutable = new LinkedHashMap<>();
        routes.set(builder.build(state, unroutable));
        Map<String, String> wanted = new LinkedHashMap<>();
        for (ListenerRecord l : state.listeners().values()) {
            if (!routes.get().containsKey(l.arn())) {
                continue;
            }
            LoadBalancerRecord lb = state.loadBalancers().get(l.loadBalancerArn());
            for (ZoneNode node : lb.zones()) {
                String key = node.address() + ":" + l.port().getAsInt();
                String other = wanted.putIfAbsent(key, l.arn());
                if (other != null && !other.equals(l.arn())) {
                    // Locally a subnet's load balancers share its node's address; on AWS each has its own.
                    unroutable.put(l.arn(), "port " + l.port().getAsInt() + " on " + node.address() + " is taken by " + other
                            + ": load balancers in one subnet share its node's address; map one to another port in an overlay");
                }
            }
        }
        synchronized (problems) {
            routeProblems.keySet().forEach(problems::remove);
            routeProblems.clear();
            unroutable.forEach((arn, reason) -> {
                if (!routeProblems.containsKey(arn)) {
                    LOG.warning("listener " + arn + " cannot serve: " + reason);
                }
                routeProblems.put(arn, reason);
            });
            problems.putAll(routeProblems);
        }
        for (String key : Set.copyOf(bound.keySet())) {
            if (!wanted.containsKey(key) || !wanted.get(key).equals(boundListener.get(key))) {
                bound.remove(key).forEach(ch -> ch.close().syncUninterruptibly()); // the port may be bound again at once
                boundListener.remove(key);
            }
        }
        problems.keySet().removeIf(k -> !wanted.containsKey(k) && !routeProblems.containsKey(k));
        wanted.forEach((key, listener) -> {
            if (!bound.containsKey(key)) {
                bind(key, listener);
            }
        });
    }

    private void bind(String key, String listenerArn) {
        int colon = key.lastIndexOf(':');
        String address = key.substring(0, colon);
        int port = Integer.parseInt(key.substring(colon + 1));
        try {
            bound.put(key, ListenerSockets.bind(new ServerBootstrap()
                    .childOption(ChannelOption.ALLOCATOR, Transports.allocator())
                    .childHandler(new AlbChannelInitializer(listenerArn, context, connections)), loops, address, port));
            boundListener.put(key, listenerArn);
            problems.remove(key);
        } catch (Exception e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            problems.put(key, reason);
            LOG.warning("listener " + listenerArn + " cannot listen on " + key + ": " + reason);
        }
    }

    /**
     * What cannot serve, with the reason: listener addresses that could not be bound
     * (address:port -> reason) and listeners that have no route (listener ARN -> reason).
     */
    public Map<String, String> problems() {
        synchronized (problems) {
            return Map.copyOf(problems);
        }
    }

    /** Address:port of every bound listener. */
    public synchronized Set<String> boundAddresses() {
        return Set.copyOf(bound.keySet());
    }

    @Override
    public synchronized void close() {
        closed = true;
        bound.values().forEach(chs -> chs.forEach(ch -> ch.close().syncUninterruptibly()));
        bound.clear();
        // Shutting the event loops down does not reliably close accepted sockets; a client's
        // kept-alive connection must see the close rather than send into a socket nobody reads.
        // An HTTP/2 connection would otherwise wait for its streams, with no time limit.
        var closed = connections.newCloseFuture();
        connections.forEach(ch -> ch.eventLoop().execute(() -> AlbHttp2Connection.closeNow(ch)));
        closed.awaitUninterruptibly(2, java.util.concurrent.TimeUnit.SECONDS);
        context.upstream().close();
        boundListener.clear();
    }
}
