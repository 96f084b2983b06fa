package io.lbctl.backend.local.alb;

import io.lbctl.backend.local.tls.TlsContexts;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keep-alive connections to targets, as ALB keeps them: a request takes an idle connection to
 * its target from the pool of the event loop it runs on (so the pool needs no locks), or opens
 * one; the connection goes back when the response allows it. A reused connection that the
 * target closed in the meantime is retried once on a new one. Idle connections close after the
 * idle timeout. The outcome is the target's response, 502 (refused, reset, closed before a
 * response) or 504 (connect over 10 s, or no response within the idle timeout).
 */
final class UpstreamPool {
    private static final AttributeKey<Exchange> EXCHANGE = AttributeKey.valueOf("lbctl.exchange");
    private static final int MAX_IDLE_PER_TARGET = 64;

    /** How often a connection looks whether its request has waited past its timeout. */
    private static final long TIMEOUT_TICK_MILLIS = 250;

    /** A pool's key: the target and whether it is reached over TLS. */
    private record PoolKey(ListenerRoute.Endpoint target, boolean tls) {
    }

    /** The pools of each event loop: target -> idle connections. Touched only from that loop. */
    private final Map<EventLoop, Map<PoolKey, ArrayDeque<Channel>>> idle = new java.util.concurrent.ConcurrentHashMap<>();
    private final int idleSeconds;
    /** Every open target connection, so that closing the data plane ends them all. */
    private final ChannelGroup connections = new DefaultChannelGroup("alb-targets", GlobalEventExecutor.INSTANCE);

    UpstreamPool(int idleSeconds) {
        this.idleSeconds = idleSeconds;
    }

    /** A request sent to a target and not answered yet. */
    interface Pending {
        /**
         * The client has gone (ALB's 460): the target connection is closed rather than reused,
         * and the outcome is a 460 that nobody will read.
         */
        void abandon();

        /** Whether the outcome has been handed over already. */
        boolean answered();
    }

    /** One request on its way: it may wait for a connection, then be in flight on it. */
    private final class Exchange implements Pending {
        final Consumer<UpstreamExchange.Outcome> done;
        final FullHttpRequest request;
        final ListenerRoute.Endpoint target;
        final boolean tls;
        final int readTimeoutSeconds;
        boolean reused;
        Channel channel;
        /** System.nanoTime() past which the target's silence is a 504. */
        long deadline;
        boolean answered;

        Exchange(Consumer<UpstreamExchange.Outcome> done, FullHttpRequest request, ListenerRoute.Endpoint target,
                 boolean tls, int readTimeoutSeconds) {
            this.done = done;
            this.request = request;
            this.target = target;
            this.tls = tls;
            this.readTimeoutSeconds = readTimeoutSeconds;
        }

        @Override
        public boolean answered() {
            return answered;
        }

        @Override
        public void abandon() {
            if (!answered) {
                reused = false; // no second try for a client that left
                if (channel != null) {
                    fail(channel, this, 460);
                } else {
                    answered = true;
                    request.release();
                    done.accept(new UpstreamExchange.Outcome(null, 460));
                }
            }
        }
    }

    /** Closes every connection to a target, pooled or busy. */
    void close() {
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    /**
     * Sends {@code request} (which this call releases) from {@code loop}, over TLS when
     * {@code tls}; {@code done} runs there, once.
     */
    Pending send(EventLoop loop, ListenerRoute.Endpoint target, boolean tls, FullHttpRequest request,
                 int readTimeoutSeconds, Consumer<UpstreamExchange.Outcome> done) {
        Exchange exchange = new Exchange(done, request, target, tls, readTimeoutSeconds);
        ArrayDeque<Channel> pool = pool(loop, target, tls);
        Channel ch;
        while ((ch = pool.pollFirst()) != null) {
            if (ch.isActive()) {
                exchange.reused = true;
                write(ch, exchange);
                return exchange;
            }
        }
        connect(loop, exchange);
        return exchange;
    }

    private void connect(EventLoop loop, Exchange exchange) {
        ListenerRoute.Endpoint target = exchange.target;
        UpstreamExchange.connect(loop, target.host(), target.port(), exchange.tls ? TlsContexts.targetClient() : null,
                UpstreamExchange.CONNECT_TIMEOUT_MILLIS, p -> p.addLast(new IdleStateHandler(0, 0, idleSeconds, TimeUnit.SECONDS) {
                    @Override
                    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent e) {
                        if (ctx.channel().attr(EXCHANGE).get() == null) {
                            ctx.close(); // idle in the pool past the idle timeout
                        }
                    }
                }, new HttpClientCodec(), new HttpObjectAggregator(UpstreamExchange.MAX_RESPONSE), new Relay()))
                .addListener((ChannelFutureListener) f -> {
                    if (exchange.answered) {
                        f.channel().close(); // abandoned while connecting
                        return;
                    }
                    if (!f.isSuccess()) {
                        exchange.answered = true;
                        exchange.request.release();
                        exchange.done.accept(new UpstreamExchange.Outcome(null, UpstreamExchange.connectFailureStatus(f.cause())));
                        return;
                    }
                    connections.add(f.channel());
                    watchTimeouts(f.channel());
                    write(f.channel(), exchange);
                });
    }

    /**
     * One timer per connection, not one per request: scheduling and cancelling a task for every
     * request cost more than the whole rule evaluation. A timeout is therefore late by up to a tick.
     */
    private void watchTimeouts(Channel ch) {
        ScheduledFuture<?> tick = ch.eventLoop().scheduleAtFixedRate(() -> {
            Exchange exchange = ch.attr(EXCHANGE).get();
            if (exchange != null && !exchange.answered && System.nanoTime() - exchange.deadline > 0) {
                fail(ch, exchange, 504);
            }
        }, TIMEOUT_TICK_MILLIS, TIMEOUT_TICK_MILLIS, TimeUnit.MILLISECONDS);
        ch.closeFuture().addListener(f -> tick.cancel(false));
    }

    private void write(Channel ch, Exchange exchange) {
        exchange.channel = ch;
        ch.attr(EXCHANGE).set(exchange);
        exchange.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(exchange.readTimeoutSeconds);
        exchange.request.retain();
        ch.writeAndFlush(exchange.request).addListener((ChannelFutureListener) w -> {
            if (!w.isSuccess()) {
                fail(ch, exchange, 502);
            }
        });
    }

    /** Ends an exchange without a response; a reused connection gets one more try on a new one. */
    private void fail(Channel ch, Exchange exchange, int status) {
        if (exchange.answered) {
            return;
        }
        ch.attr(EXCHANGE).set(null);
        ch.close();
        if (exchange.reused && status == 502) {
            exchange.reused = false;
            exchange.channel = null;
            connect(ch.eventLoop(), exchange);
            return;
        }
        exchange.answered = true;
        exchange.request.release();
        exchange.done.accept(new UpstreamExchange.Outcome(null, status));
    }

    private ArrayDeque<Channel> pool(EventLoop loop, ListenerRoute.Endpoint target, boolean tls) {
        Map<PoolKey, ArrayDeque<Channel>> pools = idle.get(loop);
        if (pools == null) {
            pools = idle.computeIfAbsent(loop, l -> new HashMap<>());
        }
        return pools.computeIfAbsent(new PoolKey(target, tls), k -> new ArrayDeque<>());
    }

    /** Hands a response to its exchange and the connection back to the pool when it may be reused. */
    private final class Relay extends SimpleChannelInboundHandler<FullHttpResponse> {
        Relay() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            Exchange exchange = ctx.channel().attr(EXCHANGE).getAndSet(null);
            if (exchange == null || exchange.answered) {
                response.release();
                ctx.close(); // a response nobody asked for
                return;
            }
            exchange.answered = true;
            boolean reusable = HttpUtil.isKeepAlive(exchange.request) && HttpUtil.isKeepAlive(response);
            exchange.request.release();
            ArrayDeque<Channel> pool = pool(ctx.channel().eventLoop(), exchange.target, exchange.tls);
            if (reusable && ctx.channel().isActive() && pool.size() < MAX_IDLE_PER_TARGET) {
                pool.addFirst(ctx.channel());
            } else {
                ctx.close();
            }
            exchange.done.accept(new UpstreamExchange.Outcome(response, 0));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Exchange exchange = ctx.channel().attr(EXCHANGE).get();
            if (exchange != null) {
                fail(ctx.channel(), exchange, 502);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Exchange exchange = ctx.channel().attr(EXCHANGE).get();
            if (exchange != null) {
                fail(ctx.channel(), exchange, 502);
            } else {
                ctx.close();
            }
        }
    }
}
