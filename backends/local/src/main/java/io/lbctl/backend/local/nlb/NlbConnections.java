package io.lbctl.backend.local.nlb;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The open connections of the network load balancers: every client and target connection, so
 * closing the data plane ends them all, and the client connections of each target (by
 * {@link NlbRoute.Target#key}), so a draining or unhealthy target's connections can be
 * terminated. Each client connection knows its target-side connection and the zone of the node
 * that accepted it, which decides whether its target is still in that node's pool.
 */
final class NlbConnections {
    private static final AttributeKey<Channel> PEER = AttributeKey.valueOf("nlb-target-side");
    private static final AttributeKey<String> ZONE = AttributeKey.valueOf("nlb-node-zone");
    private final ChannelGroup all = new DefaultChannelGroup("nlb-connections", GlobalEventExecutor.INSTANCE);
    private final Map<String, Set<Channel>> byTarget = new ConcurrentHashMap<>();

    void accepted(Channel client) {
        all.add(client);
    }

    /** A client connection, accepted by the node of {@code zone}, now relayed to the target known by {@code targetKey}. */
    void relayed(String targetKey, String zone, Channel client, Channel toTarget) {
        all.add(toTarget);
        client.attr(PEER).set(toTarget);
        client.attr(ZONE).set(zone);
        Set<Channel> set = byTarget.computeIfAbsent(targetKey, k -> ConcurrentHashMap.newKeySet());
        set.add(client);
        client.closeFuture().addListener(f -> set.remove(client));
    }

    /**
     * A UDP flow, started on the node of {@code zone}, now sent to the target known by {@code
     * targetKey} over {@code flow}: tracked as a client connection with no other side, so a
     * drain's or an unhealthy target's termination closes it and the client's next datagram
     * starts a new flow.
     */
    void flowOpened(String targetKey, String zone, Channel flow) {
        all.add(flow);
        flow.attr(ZONE).set(zone);
        Set<Channel> set = byTarget.computeIfAbsent(targetKey, k -> ConcurrentHashMap.newKeySet());
        set.add(flow);
        flow.closeFuture().addListener(f -> set.remove(flow));
    }

    /** How many client connections the target has open. */
    int count(String targetKey) {
        Set<Channel> set = byTarget.get(targetKey);
        return set == null ? 0 : set.size();
    }

    /** The target's open client connections, as they are now. */
    Set<Channel> clients(String targetKey) {
        Set<Channel> set = byTarget.get(targetKey);
        return set == null ? Set.of() : Set.copyOf(set);
    }

    /** The zone of the node that accepted a client connection. */
    static String zone(Channel client) {
        return client.attr(ZONE).get();
    }

    /** Resets one client connection and its target side. */
    static void terminateOne(Channel client) {
        resetBoth(client, client.attr(PEER).get());
    }

    /** How many client and target connections are open. */
    int open() {
        return all.size();
    }

    /** Resets every connection of the target, on both sides. */
    void terminate(String targetKey) {
        Set<Channel> set = byTarget.get(targetKey);
        if (set != null) {
            set.forEach(NlbConnections::terminateOne);
        }
    }

    /**
     * Resets a relayed connection, both sides with an RST. Both are made to reset before either
     * closes, in one task: closing one side runs its handler's close-on-flush of the other, which
     * would otherwise send that side a FIN if it ran first.
     */
    static void resetBoth(Channel client, Channel toTarget) {
        if (toTarget == null || toTarget.eventLoop() != client.eventLoop()) {
            if (toTarget != null) {
                reset(toTarget);
            }
            reset(client);
            return;
        }
        client.eventLoop().execute(() -> {
            abortOnClose(toTarget);
            abortOnClose(client);
            toTarget.close();
            client.close();
        });
    }

    private static void abortOnClose(Channel ch) {
        if (ch.isOpen() && !(ch instanceof DatagramChannel)) { // a UDP flow has no RST: it is just forgotten
            ch.config().setOption(ChannelOption.SO_LINGER, 0);
        }
    }

    /** Forgets the targets not in {@code keep} once they have no connection left. */
    void retain(Set<String> keep) {
        byTarget.entrySet().removeIf(e -> !keep.contains(e.getKey()) && e.getValue().isEmpty());
    }

    /** Closes with an RST rather than a FIN, as a flow the load balancer drops looks to both ends. */
    static void reset(Channel ch) {
        if (ch.isOpen()) {
            ch.eventLoop().execute(() -> {
                if (ch.isOpen()) {
                    abortOnClose(ch);
                    ch.close();
                }
            });
        }
    }

    /** Closes once everything written so far has gone out, as Netty's HexDumpProxy does. */
    static void closeOnFlush(Channel ch) {
        if (ch.isActive()) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else if (ch.isOpen()) {
            ch.close();
        }
    }

    void closeAll() {
        all.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        byTarget.clear();
    }
}
