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
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keep-alive connections to targets, as ALB keeps them: a request takes an idle connection to
 * its target from the pool of the event loop it runs on (so the pool needs no locks), or opens
 * one; the connection goes back when the response allows it. A reused connection that the
 * target closed in the meantime is retried once on a new one. A pooled connection closes after
 * the idle timeout of the load balancer that used it last, as ALB applies its idle timeout to
 * target connections too. The response streams through as it arrives, with no limit on its size; reading
 * pauses while the client's connection is full. Without a response the outcome is 502 (refused,
 * reset, closed before a response) or 504 (connect over 10 s, or silence past the idle timeout).
 */
final class UpstreamPool {
    private static final AttributeKey<Exchange> EXCHANGE = AttributeKey.valueOf("lbctl.exchange");
    private static final int MAX_IDLE_PER_TARGET = 64;
    /** ALB answers 502 for a target response whose headers pass 32 KB. */
    private static final int MAX_RESPONSE_HEADERS = 32 * 1024;

    /** How often a connection looks whether its request has waited past its timeout. */
    private static final long TIMEOUT_TICK_MILLIS = 250;

    /** A pool's key: the target and whether it is reached over TLS. */
    private record PoolKey(ListenerRoute.Endpoint target, boolean tls) {
    }

    /** The pools of each event loop: target -> idle connections. Touched only from that loop. */
    private final Map<EventLoop, Map<PoolKey, ArrayDeque<Channel>>> idle = new java.util.concurrent.ConcurrentHashMap<>();
    /** Every open target connection, so that closing the data plane ends them all. */
    private final ChannelGroup connections = new DefaultChannelGroup("alb-targets", GlobalEventExecutor.INSTANCE);


    /** What a request handler does with its target's answer as it arrives, on its event loop. */
    interface Receiver {
        /** The response head; its body follows in {@link #content} calls, the last a LastHttpContent. */
        void head(HttpResponse head);

        /** A piece of the body; the connection is back in the pool before the last piece is passed. */
        void content(HttpContent content);

        /**
         * The exchange ended without a whole response: {@code status} is ALB's answer (502, 504, or
         * 460 for a client that left) when no head was passed yet; after a head the body is cut short.
         */
        void failed(int status);

        /**
         * The target has nothing more to read for now: what was passed on is sent to the client,
         * so a head whose body comes later (server-sent events, long polls) does not wait for it.
         */
        void readComplete();
    }

    /** A request sent to a target whose response has not ended yet. */
    interface Pending {
        /**
         * The client has gone (ALB's 460): the target connection is closed rather than reused,
         * and the receiver hears 460, which nobody will read.
         */
        void abandon();

        /** Whether the exchange has ended, with a whole response or a failure. */
        boolean finished();

        /** Stops or resumes reading the response, as the client's connection fills or drains. */
        void readable(boolean readable);

        /** Whether reading is stopped until the client takes what was sent. */
        boolean paused();
    }

    /** One request on its way: it may wait for a connection, then be in flight on it. */
    private final class Exchange implements Pending {
        final Receiver receiver;
        final FullHttpRequest request;
        final ListenerRoute.Endpoint target;
        final boolean tls;
        final int readTimeoutSeconds;
        boolean reused;
        Channel channel;
        /** System.nanoTime() past which the target's silence is a 504. */
        long deadline;
        /** Reading is stopped while the client catches up; silence then is not the target's. */
        boolean paused;
        /** Informational (1xx) responses are skipped through their LastHttpContent. */
        boolean skipping;
        boolean headSeen;
        /** Something came back from the target: the request reached it, so it is never sent again. */
        boolean answered;
        /** Where the body starts: encoders read the body, so a second attempt rewinds it. */
        int bodyStart = -1;
        boolean reusable;
        boolean finished;

        Exchange(Receiver receiver, FullHttpRequest request, ListenerRoute.Endpoint target, boolean tls,
                 int readTimeoutSeconds) {
            this.receiver = receiver;
            this.request = request;
            this.target = target;
            this.tls = tls;
            this.readTimeoutSeconds = readTimeoutSeconds;
        }

        @Override
        public boolean finished() {
            return finished;
        }

        @Override
        public boolean paused() {
            return paused;
        }

        @Override
        public void readable(boolean readable) {
            if (channel != null && !finished && paused == readable) {
                paused = !readable;
                channel.config().setAutoRead(readable);
                restartClock(this);
            }
        }

        @Override
        public void abandon() {
            if (!finished) {
                reused = false; // no second try for a client that left
                if (channel != null) {
                    fail(channel, this, 460);
                } else {
                    finished = true;
                    request.release();
                    receiver.failed(460);
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
     * {@code tls}; {@code receiver} hears the response there, piece by piece, or one failure.
     */
    Pending send(EventLoop loop, ListenerRoute.Endpoint target, boolean tls, FullHttpRequest request,
                 int readTimeoutSeconds, Receiver receiver) {
        Exchange exchange = new Exchange(receiver, request, target, tls, readTimeoutSeconds);
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
        Relay relay = new Relay();
        UpstreamExchange.connect(loop, target.host(), target.port(), exchange.tls ? TlsContexts.targetClient() : null,
                UpstreamExchange.CONNECT_TIMEOUT_MILLIS, p -> p.addLast(new HttpClientCodec(4096, MAX_RESPONSE_HEADERS, 8192), relay))
                .addListener((ChannelFutureListener) f -> {
                    if (exchange.finished) {
                        f.channel().close(); // abandoned while connecting
                        return;
                    }
                    if (!f.isSuccess()) {
                        exchange.finished = true;
                        exchange.request.release();
                        exchange.receiver.failed(UpstreamExchange.connectFailureStatus(f.cause()));
                        return;
                    }
                    connections.add(f.channel());
                    watchTimeouts(f.channel(), relay);
                    write(f.channel(), exchange);
                });
    }

    /**
     * One timer per connection, not one per request: scheduling and cancelling a task for every
     * request cost more than the whole rule evaluation, and an idle handler's listener on every
     * write cost about as much. A timeout is therefore late by up to a tick. The tick ends a
     * request the target leaves unanswered past the idle timeout (504), and closes a pooled
     * connection left unused for as long.
     */
    private void watchTimeouts(Channel ch, Relay relay) {
        ScheduledFuture<?> tick = ch.eventLoop().scheduleAtFixedRate(() -> {
            Exchange exchange = ch.attr(EXCHANGE).get();
            long now = System.nanoTime();
            if (exchange == null) {
                if (now - relay.idleSince > relay.idleLimitNanos) {
                    ch.close(); // idle in the pool past the idle timeout
                }
            } else if (!exchange.finished && !exchange.paused && now - exchange.deadline > 0) {
                fail(ch, exchange, 504);
            }
        }, TIMEOUT_TICK_MILLIS, TIMEOUT_TICK_MILLIS, TimeUnit.MILLISECONDS);
        ch.closeFuture().addListener(f -> tick.cancel(false));
    }

    private void write(Channel ch, Exchange exchange) {
        exchange.channel = ch;
        ch.attr(EXCHANGE).set(exchange);
        restartClock(exchange);
        var body = exchange.request.content();
        if (exchange.bodyStart < 0) {
            exchange.bodyStart = body.readerIndex();
        } else {
            body.readerIndex(exchange.bodyStart);
        }
        exchange.request.retain();
        // A failed write reaches Relay.exceptionCaught, which fails the exchange with 502; a listener
        // per request cost a promise and a notification for the rare failure.
        ch.writeAndFlush(exchange.request, ch.voidPromise());
    }

    /** The target's silence is counted from now: the request was sent, or a piece arrived. */
    private static void restartClock(Exchange exchange) {
        exchange.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(exchange.readTimeoutSeconds);
    }

    /**
     * Ends an exchange without a whole response. A reused connection that failed before a single
     * byte came back gets one more try on a new one: the target may have closed it while it was
     * idle. Once anything came back the target has the request, and a second try could run it twice.
     */
    private void fail(Channel ch, Exchange exchange, int status) {
        if (exchange.finished) {
            return;
        }
        ch.attr(EXCHANGE).set(null);
        ch.close();
        if (exchange.reused && status == 502 && !exchange.answered) {
            exchange.reused = false;
            exchange.channel = null;
            exchange.skipping = false;
            connect(ch.eventLoop(), exchange);
            return;
        }
        exchange.finished = true;
        exchange.request.release();
        exchange.receiver.failed(status);
    }

    private ArrayDeque<Channel> pool(EventLoop loop, ListenerRoute.Endpoint target, boolean tls) {
        Map<PoolKey, ArrayDeque<Channel>> pools = idle.get(loop);
        if (pools == null) {
            pools = idle.computeIfAbsent(loop, l -> new HashMap<>());
        }
        return pools.computeIfAbsent(new PoolKey(target, tls), k -> new ArrayDeque<>());
    }

    /**
     * Passes a response on as it arrives, and the connection back to the pool once it has ended
     * and may be reused. Informational responses are skipped; ALB does not relay them.
     */
    private final class Relay extends SimpleChannelInboundHandler<HttpObject> {
        /** System.nanoTime() when the connection last went back to the pool. */
        long idleSince;
        /** The idle timeout of the load balancer whose request used the connection last. */
        long idleLimitNanos;

        Relay() {
            super(false);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            Exchange exchange = ctx.channel().attr(EXCHANGE).get();
            if (exchange != null && !exchange.finished && exchange.headSeen) {
                exchange.receiver.readComplete();
            }
            ctx.fireChannelReadComplete();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            Exchange exchange = ctx.channel().attr(EXCHANGE).get();
            if (exchange == null || exchange.finished) {
                ReferenceCountUtil.release(msg);
                ctx.close(); // a response nobody asked for
                return;
            }
            exchange.answered = true;
            if (msg.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                fail(ctx.channel(), exchange, 502); // a response that does not parse
                return;
            }
            restartClock(exchange);
            if (msg instanceof HttpResponse head) {
                int code = head.status().code();
                if (code == 101) {
                    ReferenceCountUtil.release(msg);
                    fail(ctx.channel(), exchange, 502); // a protocol switch nobody asked for
                    return;
                }
                exchange.skipping = code >= 100 && code < 200;
                if (!exchange.skipping) {
                    exchange.headSeen = true;
                    exchange.reusable = HttpUtil.isKeepAlive(exchange.request) && HttpUtil.isKeepAlive(head);
                    exchange.receiver.head(head);
                }
            }
            if (msg instanceof HttpContent content) {
                boolean last = content instanceof LastHttpContent;
                if (exchange.skipping) {
                    content.release();
                    exchange.skipping = !last;
                    return;
                }
                if (last) {
                    complete(ctx.channel(), exchange);
                }
                exchange.receiver.content(content);
            }
        }

        private void complete(Channel ch, Exchange exchange) {
            ch.attr(EXCHANGE).set(null);
            exchange.finished = true;
            exchange.request.release();
            ArrayDeque<Channel> pool = pool(ch.eventLoop(), exchange.target, exchange.tls);
            if (exchange.reusable && ch.isActive() && pool.size() < MAX_IDLE_PER_TARGET) {
                if (exchange.paused) {
                    ch.config().setAutoRead(true);
                }
                idleSince = System.nanoTime();
                idleLimitNanos = TimeUnit.SECONDS.toNanos(exchange.readTimeoutSeconds);
                pool.addFirst(ch);
            } else {
                ch.close();
            }
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
