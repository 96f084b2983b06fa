package io.lbctl.backend.local.nlb;

import io.lbctl.backend.local.ByteRelay;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;

/**
 * The target side of one connection: relays what the target sends to the client, and stops
 * reading the target while the client's connection is full. A FIN (or, over TLS, a close_notify)
 * from the target is passed to the client as a half-close; a target connection that closes
 * outright, or is reset, closes the client once what the target sent has been flushed.
 */
final class NlbBackendHandler extends ChannelInboundHandlerAdapter {
    private final Channel client;
    private final HalfClosure halves;

    NlbBackendHandler(Channel client, HalfClosure halves) {
        this.client = client;
        this.halves = halves;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteRelay.relay(ctx.channel(), client, msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        client.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ByteRelay.drained(ctx.channel(), client);
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE || evt instanceof SslCloseCompletionEvent) {
            halves.targetDone();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        NlbConnections.closeOnFlush(client);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        NlbConnections.closeOnFlush(ctx.channel());
    }
}
