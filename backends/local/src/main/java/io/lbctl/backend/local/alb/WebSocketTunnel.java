package io.lbctl.backend.local.alb;

import io.lbctl.backend.local.ByteRelay;
import io.lbctl.backend.local.tls.TlsContexts;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.List;

/**
 * A WebSocket upgrade passed through, as ALB does it: the handshake goes to the chosen target on
 * a connection of its own, and when the target answers 101 both connections drop HTTP and the
 * bytes flow unchanged both ways until either side closes or the idle timeout passes. Any other
 * answer is relayed as an ordinary response.
 */
final class WebSocketTunnel {
    private static final int MAX_HANDSHAKE_RESPONSE = 64 * 1024;

    private WebSocketTunnel() {
    }

    static boolean isUpgrade(FullHttpRequest request) {
        return request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                && request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
    }

    /** Sends the handshake (released here) to {@code target}; the client waits with reads off. */
    static void open(ChannelHandlerContext client, ListenerRoute.TargetGroupRoute group, ListenerRoute.Endpoint target,
                     FullHttpRequest handshake, List<String> setCookies, TargetChooser chooser) {
        chooser.begin(group, target);
        UpstreamExchange.connect(client.channel().eventLoop(), target.host(), target.port(),
                group.tls() ? TlsContexts.targetClient() : null, UpstreamExchange.CONNECT_TIMEOUT_MILLIS, p -> {
                    p.addLast("codec", new HttpClientCodec());
                    p.addLast("aggregator", new HttpObjectAggregator(MAX_HANDSHAKE_RESPONSE));
                    p.addLast("handshake", new Handshake(client, setCookies, () -> chooser.end(group, target)));
                })
                .addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        handshake.release();
                        chooser.end(group, target);
                        client.channel().config().setAutoRead(true);
                        AlbRequestHandler.reply(client, AlbResponses.error(UpstreamExchange.connectFailureStatus(f.cause())), false);
                        return;
                    }
                    f.channel().writeAndFlush(handshake);
                });
    }

    /** Waits for the target's answer to the handshake. */
    private static final class Handshake extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final ChannelHandlerContext client;
        private final List<String> setCookies;
        private final Runnable ended;
        private boolean answered;

        Handshake(ChannelHandlerContext client, List<String> setCookies, Runnable ended) {
            super(false);
            this.client = client;
            this.setCookies = setCookies;
            this.ended = ended;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            answered = true;
            setCookies.forEach(c -> response.headers().add(HttpHeaderNames.SET_COOKIE, c));
            if (!response.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
                ended.run();
                ctx.close();
                client.channel().config().setAutoRead(true);
                response.headers().remove(HttpHeaderNames.CONNECTION).remove(HttpHeaderNames.UPGRADE);
                AlbRequestHandler.reply(client, response, false);
                return;
            }
            Channel upstream = ctx.channel();
            Channel downstream = client.channel();
            client.writeAndFlush(response).addListener((ChannelFutureListener) w -> {
                if (!w.isSuccess()) {
                    upstream.close();
                    return;
                }
                splice(downstream.pipeline(), upstream, ended);
                splice(upstream.pipeline(), downstream, () -> { });
                downstream.config().setAutoRead(true);
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!answered) {
                answered = true;
                ended.run();
                client.channel().config().setAutoRead(true);
                AlbRequestHandler.reply(client, AlbResponses.error(502), false);
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // channelInactive answers 502
        }
    }

    /** Replaces the HTTP handlers of {@code p} with a relay of raw bytes to {@code peer}. */
    private static void splice(ChannelPipeline p, Channel peer, Runnable ended) {
        p.addLast("tunnel", new Relay(peer, ended));
        List<String> http = new java.util.ArrayList<>();
        p.forEach(e -> {
            ChannelHandler h = e.getValue();
            if (h instanceof HttpServerCodec || h instanceof HttpClientCodec || h instanceof HttpObjectAggregator
                    || h instanceof AlbRequestHandler || h instanceof Handshake) {
                http.add(e.getKey());
            }
        });
        http.forEach(p::remove); // bytes a decoder still holds pass on to the relay as it goes
    }

    /** Copies bytes to the peer as {@link ByteRelay} does, the slower side setting the pace. */
    private static final class Relay extends ChannelInboundHandlerAdapter {
        private final Channel peer;
        private final Runnable ended;

        Relay(Channel peer, Runnable ended) {
            this.peer = peer;
            this.ended = ended;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteRelay.relay(ctx.channel(), peer, msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            peer.flush();
            ctx.fireChannelReadComplete();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            ByteRelay.drained(ctx.channel(), peer);
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                ctx.close(); // idle past the load balancer's idle timeout
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            ended.run();
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
