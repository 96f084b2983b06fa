package io.lbctl.backend.local.nlb;

import io.lbctl.backend.local.ListenerSockets;
import io.lbctl.backend.local.TargetNetworks;
import io.lbctl.backend.local.Topology;
import io.lbctl.backend.local.Transports;
import io.lbctl.backend.local.IdleTimeoutHandler;
import io.lbctl.backend.local.health.HealthRegistry;
import io.lbctl.backend.local.store.LoadBalancerRecord;
import io.lbctl.backend.local.store.StoreState;
import io.lbctl.backend.local.store.ZoneNode;
import io.lbctl.backend.local.tls.CertificateStore;
import io.lbctl.backend.local.tls.TlsContexts;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SniHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Carries TCP, TLS and UDP traffic for every network load balancer in the store: each listener
 * binds its port on each of its load balancer's zone-node addresses (a TCP socket, a UDP socket, or
 * both for TCP_UDP), and a connection or datagram to a zone's address is served by that zone's node. On every store change the routes are rebuilt and
 * swapped in whole, listeners that appeared are bound and those that went away are closed; open
 * connections keep their target. A bind that fails, a listener of a protocol not carried yet, or a
 * TLS listener without its certificate, is kept as a problem with its reason, never ignored.
 */
public final class NlbDataPlane implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NlbDataPlane.class.getName());

    /** What a bound address:port serves: a listener, on one zone's node, over TCP, UDP or both. */
    private record Binding(String listenerArn, ZoneNode node, boolean tcp, boolean udp) {
    }

    private final EventLoopGroup loops;
    private final NlbRouteBuilder builder;
    private final FlowChooser chooser;
    private final NlbConnections connections = new NlbConnections();
    private final Draining draining;
    private final UnhealthyTargets unhealthy;
    private final TlsContexts contexts = new TlsContexts();
    private final AtomicReference<Map<String, NlbRoute>> routes = new AtomicReference<>(Map.of());
    private final Map<String, List<Channel>> bound = new HashMap<>();
    private final Duration udpIdleTimeout;
    private final Map<String, Binding> bindings = new HashMap<>();
    private final Map<String, String> problems = Collections.synchronizedMap(new LinkedHashMap<>());
    private boolean closed;

    public NlbDataPlane(EventLoopGroup loops, TargetNetworks networks, Topology topology, HealthRegistry health,
                        CertificateStore certificates, Clock clock) {
        this(loops, networks, topology, health, certificates, clock, UdpRelay.AWS_IDLE_TIMEOUT);
    }

    /** As the runtime's, but with UDP flows idling out after {@code udpIdleTimeout}, so a test need not wait 120 s. */
    public NlbDataPlane(EventLoopGroup loops, TargetNetworks networks, Topology topology, HealthRegistry health,
                        CertificateStore certificates, Clock clock, Duration udpIdleTimeout) {
        this.udpIdleTimeout = udpIdleTimeout;
        this.loops = loops;
        this.builder = new NlbRouteBuilder(networks, topology, certificates, contexts);
        this.chooser = new FlowChooser(health);
        this.draining = new Draining(loops, connections, clock);
        this.unhealthy = new UnhealthyTargets(loops, connections, chooser, health, routes::get);
        health.onTurn(unhealthy::changed);
    }

    /** Brings the listeners in line with {@code state}. */
    public synchronized void apply(StoreState state) {
        if (closed) {
            return; // a store change that raced the shutdown must not bind again
        }
        Map<String, String> unroutable = new LinkedHashMap<>();
        Map<String, NlbRoute> next = builder.build(state, unroutable);
        routes.set(next);
        draining.apply(state);
        Map<String, Binding> wanted = wanted(state, next, unroutable);
        for (String key : Set.copyOf(bound.keySet())) {
            if (!Objects.equals(wanted.get(key), bindings.get(key))) {
                bound.remove(key).forEach(ch -> ch.close().syncUninterruptibly()); // the port may be bound again at once
                bindings.remove(key);
            }
        }
        synchronized (problems) {
            problems.keySet().removeIf(k -> !wanted.containsKey(k)); // listener ARNs' problems are worked out anew
            problems.putAll(unroutable);
        }
        wanted.forEach((key, binding) -> {
            if (!bound.containsKey(key)) {
                bind(key, binding);
            }
        });
    }

    /** Address:port -> what it should serve; a port two listeners want on one address is a problem of the second. */
    private static Map<String, Binding> wanted(StoreState state, Map<String, NlbRoute> routes, Map<String, String> problems) {
        Map<String, Binding> wanted = new LinkedHashMap<>();
        for (NlbRoute route : routes.values()) {
            LoadBalancerRecord lb = state.loadBalancers().get(state.listeners().get(route.listenerArn()).loadBalancerArn());
            for (ZoneNode node : lb.zones()) {
                String key = node.address() + ":" + route.port();
                Binding other = wanted.putIfAbsent(key, new Binding(route.listenerArn(), node, route.carriesTcp(),
                        route.carriesUdp()));
                if (other != null) {
                    problems.put(route.listenerArn(), "port " + route.port() + " on " + node.address() + " is taken by "
                            + other.listenerArn() + ": load balancers in one subnet share its node's address");
                }
            }
        }
        return wanted;
    }

    private void bind(String key, Binding binding) {
        int port = Integer.parseInt(key.substring(key.lastIndexOf(':') + 1));
        List<Channel> channels = new ArrayList<>();
        try {
            if (binding.udp()) {
                channels.add(UdpRelay.bind(loops, new UdpRelay(binding.node(), port,
                        () -> routes.get().get(binding.listenerArn()), chooser, connections, udpIdleTimeout)));
            }
            if (binding.tcp()) {
                channels.addAll(ListenerSockets.bind(new ServerBootstrap()
                        .childOption(ChannelOption.AUTO_READ, false) // TCP_NODELAY is Netty's default
                        .childOption(ChannelOption.ALLOCATOR, Transports.allocator())
                        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true) // a client's FIN is passed on, not a close
                        .childHandler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel client) {
                                accept(client, binding);
                            }
                        }), loops, binding.node().address(), port));
            }
            bound.put(key, channels);
            bindings.put(key, binding);
            problems.remove(key);
        } catch (Exception e) {
            channels.forEach(ch -> ch.close().syncUninterruptibly()); // TCP_UDP: both sockets or neither
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            problems.put(key, reason);
            LOG.warning("listener " + binding.listenerArn() + " cannot listen on " + key + ": " + reason);
        }
    }

    /** A new client: served under the listener's route as it is now, or closed if the listener is gone. */
    private void accept(SocketChannel client, Binding binding) {
        NlbRoute route = routes.get().get(binding.listenerArn());
        if (route == null) {
            client.close();
            return;
        }
        connections.accepted(client);
        // Not Netty's IdleStateHandler: it puts a promise and a listener on every write.
        client.pipeline().addLast(new IdleTimeoutHandler(route.idleTimeoutSeconds()));
        route.tls().ifPresent(tls -> client.pipeline().addLast(new SniHandler(tls.sni()))); // becomes the TLS handler
        client.pipeline().addLast(new NlbFrontendHandler(route, binding.node(), chooser, connections, contexts));
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

    /** How many connections are open, client and target sides counted apiece. */
    public int openConnections() {
        return connections.open();
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
        bindings.clear();
        draining.close();
        unhealthy.close();
        connections.closeAll();
    }
}
