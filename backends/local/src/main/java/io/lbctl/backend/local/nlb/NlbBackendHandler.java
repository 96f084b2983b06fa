package io.lbctl.backend.local.nlb;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The target side of one TCP connection: relays what the target sends to the client, reading
 * the target again only once the client has taken the last read, and closes the client once the
 * target closes and what it sent has been flushed.
 */
final class NlbBackendHandler extends ChannelInboundHandlerAdapter {
    private final Channel client;

    NlbBackendHandler(Channel client) {
        this.client = client;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        client.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                ctx.channel().read();
            } else {
                f.channel().close();
            }
        });
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
