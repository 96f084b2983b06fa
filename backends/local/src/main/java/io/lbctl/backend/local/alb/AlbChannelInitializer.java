package io.lbctl.backend.local.alb;

import io.lbctl.backend.local.IdleTimeoutHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SniHandler;

/**
 * Sets up a client connection to an ALB listener. HTTPS listeners first pick a certificate by
 * SNI and negotiate HTTP/2 or HTTP/1.1 by ALPN; HTTP listeners speak HTTP/1.1 and, when the load
 * balancer allows HTTP/2, also h2c by upgrade or by prior knowledge. Every request, whichever
 * way it came, reaches an {@link AlbRequestHandler} as one full HTTP/1.1-shaped message; each
 * HTTP/2 stream gets its own.
 */
final class AlbChannelInitializer extends ChannelInitializer<SocketChannel> {
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
        p.addLast("idle", new IdleTimeoutHandler(idle)); // the request handler or HTTP/2 connection ends it
        boolean http2 = route.settings().http2();
        if (route.tls().isPresent()) {
            p.addLast("sni", new SniHandler(route.tls().get()));
            p.addLast("alpn", new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
                @Override
                protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                    if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                        AlbHttp2Connection.addTo(ctx.pipeline(), listenerArn, context, openedAt);
                    } else {
                        addHttp1(ctx.pipeline(), ClientRequestCodec.create(), openedAt);
                    }
                }
            });
        } else if (http2) {
            HttpServerCodec codec = ClientRequestCodec.create();
            HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(codec, protocol ->
                    "h2c".contentEquals(protocol) ? AlbHttp2Connection.upgrade(listenerArn, context, openedAt) : null);
            RequestProgress progress = new RequestProgress();
            DesyncGuardHandler guard = desyncGuard();
            p.addLast("progress", progress);
            p.addLast("desync", guard);
            p.addLast("h2c", new CleartextHttp2ServerUpgradeHandler(codec, upgrade, new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel c) {
                    c.pipeline().remove("aggregator");
                    c.pipeline().remove("request");
                    AlbHttp2Connection.addTo(c.pipeline(), listenerArn, context, openedAt);
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
}
