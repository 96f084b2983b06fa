package io.lbctl.backend.local.alb;

import io.lbctl.backend.local.TargetNetworks;
import io.lbctl.backend.local.Transports;
import io.lbctl.backend.local.health.HealthRegistry;
import io.lbctl.backend.local.store.ListenerRecord;
import io.lbctl.backend.local.store.LoadBalancerRecord;
import io.lbctl.backend.local.store.StoreState;
import io.lbctl.backend.local.store.ZoneNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Carries HTTP traffic for every application load balancer in the store: each HTTP listener
 * binds its port on each of its load balancer's zone-node addresses. On every store change the
 * routes are rebuilt and swapped in whole, listeners that appeared are bound and those that went
 * away are closed; open connections and requests in flight are not disturbed. A bind that
 * fails is kept as a problem with its reason, never ignored.
 */
public final class AlbDataPlane implements AutoCloseable {
    static final int MAX_REQUEST_BODY = 10 * 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(AlbDataPlane.class.getName());

    private final EventLoopGroup loops;
    private final TargetNetworks networks;
    private final TargetChooser chooser;
    private final UpstreamPool upstream = new UpstreamPool(60);
    private final AtomicReference<Map<String, ListenerRoute>> routes = new AtomicReference<>(Map.of());
    private final Map<String, Channel> bound = new HashMap<>();
    private final Map<String, String> boundListener = new HashMap<>();
    private final Map<String, String> problems = Collections.synchronizedMap(new LinkedHashMap<>());

    public AlbDataPlane(EventLoopGroup loops, TargetNetworks networks, HealthRegistry health) {
        this.loops = loops;
        this.networks = networks;
        this.chooser = new TargetChooser(health);
    }

    /** Brings the listeners in line with {@code state}. */
    public synchronized void apply(StoreState state) {
        routes.set(RouteBuilder.build(state, networks));
        Map<String, String> wanted = new LinkedHashMap<>();
        for (ListenerRecord l : state.listeners().values()) {
            if (!routes.get().containsKey(l.arn())) {
                continue;
            }
            LoadBalancerRecord lb = state.loadBalancers().get(l.loadBalancerArn());
            for (ZoneNode node : lb.zones()) {
                wanted.put(node.address() + ":" + l.port().getAsInt(), l.arn());
            }
        }
        for (String key : Set.copyOf(bound.keySet())) {
            if (!wanted.containsKey(key) || !wanted.get(key).equals(boundListener.get(key))) {
                bound.remove(key).close();
                boundListener.remove(key);
            }
        }
        problems.keySet().retainAll(wanted.keySet());
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
            Channel ch = new ServerBootstrap().group(loops).channel(Transports.serverChannel())
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            ListenerRoute route = routes.get().get(listenerArn);
                            int idle = route == null ? 60 : Integer.parseInt(route.attribute("idle_timeout.timeout_seconds", "60"));
                            c.pipeline().addLast(new IdleStateHandler(0, 0, idle, TimeUnit.SECONDS) {
                                @Override
                                protected void channelIdle(io.netty.channel.ChannelHandlerContext ctx, IdleStateEvent e) {
                                    ctx.close(); // ALB closes connections idle past the idle timeout
                                }
                            }, new HttpServerCodec(16 * 1024, 64 * 1024, 8192), new HttpObjectAggregator(MAX_REQUEST_BODY),
                                    new AlbRequestHandler(listenerArn, arn -> routes.get().get(arn), chooser, upstream));
                        }
                    }).bind(address, port).sync().channel();
            bound.put(key, ch);
            boundListener.put(key, listenerArn);
            problems.remove(key);
        } catch (Exception e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            problems.put(key, reason);
            LOG.warning("listener " + listenerArn + " cannot listen on " + key + ": " + reason);
        }
    }

    /** Listener addresses that could not be bound, with the reason: address:port -> reason. */
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
        bound.values().forEach(Channel::close);
        bound.clear();
        boundListener.clear();
    }
}
