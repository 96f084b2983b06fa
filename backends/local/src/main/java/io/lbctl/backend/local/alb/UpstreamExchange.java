package io.lbctl.backend.local.alb;

import io.lbctl.backend.local.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.function.Consumer;

/**
 * One request to one target and its response. The outcome is a response from the target, or
 * the status ALB answers in its place: 502 when the connection is refused, reset or closed
 * before a response, 504 when connecting takes over 10 s or the target stays silent past the
 * idle timeout.
 */
public final class UpstreamExchange {
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    static final int MAX_RESPONSE = 16 * 1024 * 1024;

    /** What came back: a response from the target, or the status to answer with instead. */
    public record Outcome(FullHttpResponse response, int failureStatus) {
    }

    private UpstreamExchange() {
    }

    /**
     * Sends {@code request} on {@code loop}, over TLS when {@code tls} is given (a failed
     * handshake is a 502); {@code done} runs on that loop, exactly once.
     */
    public static void send(EventLoop loop, String host, int port, SslContext tls, FullHttpRequest request, int connectTimeoutMillis,
                            int readTimeoutSeconds, Consumer<Outcome> done) {
        send(loop, host, port, null, tls, request, connectTimeoutMillis, readTimeoutSeconds, done);
    }

    /**
     * As {@link #send(EventLoop, String, int, SslContext, FullHttpRequest, int, int, Consumer)},
     * with {@code preamble} (when not null) as the connection's first bytes, ahead of TLS: the
     * proxy protocol header of a network load balancer's health check.
     */
    public static void send(EventLoop loop, String host, int port, byte[] preamble, SslContext tls, FullHttpRequest request,
                            int connectTimeoutMillis, int readTimeoutSeconds, Consumer<Outcome> done) {
        connect(loop, host, port, tls, connectTimeoutMillis, p -> {
            if (preamble != null) {
                p.addFirst(new Preamble(preamble));
            }
            p.addLast(new ReadTimeoutHandler(readTimeoutSeconds),
                    new HttpClientCodec(), new HttpObjectAggregator(MAX_RESPONSE), new Relay(done));
        }).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                request.release();
                done.accept(new Outcome(null, connectFailureStatus(f.cause())));
                return;
            }
            f.channel().writeAndFlush(request).addListener((ChannelFutureListener) w -> {
                if (!w.isSuccess()) {
                    w.channel().close();
                }
            });
        });
    }

    /**
     * Opens a connection to a target from {@code loop}: TLS first when {@code tls} is given,
     * then what {@code handlers} adds.
     */
    static ChannelFuture connect(EventLoop loop, String host, int port, SslContext tls, int connectTimeoutMillis,
                                 Consumer<ChannelPipeline> handlers) {
        return new Bootstrap().group(loop).channelFactory(Transports.clientChannel(host))
                .option(ChannelOption.ALLOCATOR, Transports.allocator())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc(), host, port));
                        }
                        handlers.accept(ch.pipeline());
                    }
                })
                .connect(host, port);
    }

    /** ALB's answer when a target cannot be reached: 504 for the connect timeout, else 502. */
    static int connectFailureStatus(Throwable cause) {
        return cause instanceof ConnectTimeoutException ? 504 : 502;
    }

    /**
     * Puts its bytes on the wire before anything else: it sits first in the pipeline, ahead of
     * TLS, and sends them with the first write that passes it (a TLS hello, or a plain request
     * written as soon as the connection is up) or when the channel turns active, whichever comes
     * first, since Netty tells connect listeners before it fires channelActive.
     */
    private static final class Preamble extends ChannelDuplexHandler {
        private byte[] bytes;

        Preamble(byte[] bytes) {
            this.bytes = bytes;
        }

        private void send(ChannelHandlerContext ctx) {
            if (bytes != null) {
                ctx.write(Unpooled.wrappedBuffer(bytes));
                bytes = null;
            }
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            send(ctx);
            ctx.flush();
            ctx.fireChannelActive();
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            send(ctx);
            ctx.write(msg, promise);
        }
    }

    /** Hands over the first response, or a failure status if none comes. */
    private static final class Relay extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final Consumer<Outcome> done;
        private boolean answered;

        Relay(Consumer<Outcome> done) {
            super(false);
            this.done = done;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            if (!answered) {
                answered = true;
                done.accept(new Outcome(response, 0));
            } else {
                response.release();
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!answered) {
                answered = true;
                done.accept(new Outcome(null, 502));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!answered) {
                answered = true;
                done.accept(new Outcome(null, cause instanceof ReadTimeoutException ? 504 : 502));
            }
            ctx.close();
        }
    }
}
