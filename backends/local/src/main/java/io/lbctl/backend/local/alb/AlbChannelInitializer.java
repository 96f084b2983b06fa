package io.lbctl.backend.local.alb;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Sets up a client connection to an ALB listener. HTTPS listeners first pick a certificate by
 * SNI and negotiate HTTP/2 or HTTP/1.1 by ALPN; HTTP listeners speak HTTP/1.1 and, when the load
 * balancer allows HTTP/2, also h2c by upgrade or by prior knowledge. Every request, whichever
 * way it came, reaches an {@link AlbRequestHandler} as one full HTTP/1.1-shaped message; each
 * HTTP/2 stream gets its own.
 */
final class AlbChannelInitializer extends ChannelInitializer<SocketChannel> {
    static final int MAX_REQUESTS_PER_HTTP2_CONNECTION = 10_000;

    private final String listenerArn;
    private final AlbRequestHandler.Context context;
    private final ChannelGroup connections;

    AlbChannelInitializer(String listenerArn, AlbRequestHandler.Context context, ChannelGroup connections) {
        this.listenerArn = listenerArn;
        this.context = context;
        this.connections = connections;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ListenerRoute route = context.routes().apply(listenerArn);
        if (route == null) {
            ch.close(); // the listener went away while this connection was being accepted
            return;
        }
        connections.add(ch);
        long openedAt = context.clock().millis();
        int idle = route.settings().idleTimeoutSeconds();
        ChannelPipeline p = ch.pipeline();
        p.addLast("idle", new IdleTimeoutHandler(idle)); // the request handler answers 408 or just closes
        boolean http2 = route.settings().http2();
        if (route.tls().isPresent()) {
            p.addLast("sni", new SniHandler(route.tls().get()));
            p.addLast("alpn", new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
                @Override
                protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                    if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                        addHttp2(ctx.pipeline(), openedAt);
                    } else {
                        addHttp1(ctx.pipeline(), ClientRequestCodec.create(), openedAt);
                    }
                }
            });
        } else if (http2) {
            HttpServerCodec codec = ClientRequestCodec.create();
            HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(codec, protocol ->
                    "h2c".contentEquals(protocol) ? new Http2ServerUpgradeCodec(frameCodec(), multiplexer(openedAt), new Http2IdleCloser())
                            : null);
            RequestProgress progress = new RequestProgress();
            DesyncGuardHandler guard = desyncGuard();
            p.addLast("progress", progress);
            p.addLast("desync", guard);
            p.addLast("h2c", new CleartextHttp2ServerUpgradeHandler(codec, upgrade, new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel c) {
                    c.pipeline().remove("aggregator");
                    c.pipeline().remove("request");
                    c.pipeline().addLast(frameCodec(), multiplexer(openedAt), new Http2IdleCloser());
                }
            }));
            p.addLast("aggregator", new HttpObjectAggregator(AlbDataPlane.MAX_REQUEST_BODY));
            p.addLast("request", new AlbRequestHandler(listenerArn, context, progress, guard, openedAt));
        } else {
            addHttp1(p, ClientRequestCodec.create(), openedAt);
        }
    }

    private void addHttp1(ChannelPipeline p, HttpServerCodec codec, long openedAt) {
        RequestProgress progress = new RequestProgress();
        DesyncGuardHandler guard = desyncGuard();
        p.addLast("progress", progress);
        p.addLast("desync", guard);
        p.addLast("codec", codec);
        p.addLast("aggregator", new HttpObjectAggregator(AlbDataPlane.MAX_REQUEST_BODY));
        p.addLast("request", new AlbRequestHandler(listenerArn, context, progress, guard, openedAt));
    }

    private DesyncGuardHandler desyncGuard() {
        return new DesyncGuardHandler(() -> {
            ListenerRoute now = context.routes().apply(listenerArn);
            return now == null ? null : now.settings().desyncMitigationMode();
        });
    }

    private void addHttp2(ChannelPipeline p, long openedAt) {
        p.addLast(frameCodec(), multiplexer(openedAt), new Http2IdleCloser());
    }

    /** Closes an HTTP/2 connection idle past the idle timeout, unless a stream is still open. */
    private static final class Http2IdleCloser extends io.netty.channel.ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                Http2FrameCodec codec = ctx.pipeline().get(Http2FrameCodec.class);
                if (codec == null || codec.connection().numActiveStreams() == 0) {
                    ctx.close();
                }
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }
    }

    private static Http2FrameCodec frameCodec() {
        // ALB caps a header block at 8 KB on HTTP/2 connections; clients learn it from SETTINGS.
        return new AlbHttp2FrameCodecBuilder().build();
    }

    /** Streams of an HTTP/2 connection accepted at {@code openedAt}, by the runtime's clock. */
    private ChannelHandler multiplexer(long openedAt) {
        return new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            /** Streams of this connection so far; they all run on its event loop. */
            private int streams;
            private boolean goingAway;

            @Override
            protected void initChannel(Http2StreamChannel stream) {
                stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true),
                        new HttpObjectAggregator(AlbDataPlane.MAX_REQUEST_BODY),
                        new AlbRequestHandler(listenerArn, context));
                ListenerRoute route = context.routes().apply(listenerArn);
                boolean keepAliveOver = route != null && route.settings().keepAliveOver(openedAt, context.clock().millis());
                if (!goingAway && (++streams == MAX_REQUESTS_PER_HTTP2_CONNECTION || keepAliveOver)) {
                    // ALB ends an HTTP/2 connection after 10,000 requests, or at the first request
                    // past the client keep-alive duration: GOAWAY names this stream as the last,
                    // it is answered, then the connection closes (FIN).
                    goingAway = true;
                    stream.parent().writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
                    stream.closeFuture().addListener(f -> stream.parent().close());
                }
            }
        });
    }
}
