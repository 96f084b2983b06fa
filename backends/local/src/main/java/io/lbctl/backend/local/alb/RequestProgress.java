package io.lbctl.backend.local.alb;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;

/**
 * Notes whether a client has begun a request that is not complete yet, so that the idle timeout
 * can tell ALB's two endings apart: a connection idle between requests is just closed, one left
 * in the middle of a request gets a 408 first. It sits before the HTTP decoder and sees raw bytes.
 */
@ChannelHandler.Sharable
final class RequestProgress extends ChannelInboundHandlerAdapter {
    static final RequestProgress INSTANCE = new RequestProgress();
    private static final AttributeKey<Boolean> STARTED = AttributeKey.valueOf("lbctl.request-started");

    private RequestProgress() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf && buf.isReadable()) {
            ctx.channel().attr(STARTED).set(Boolean.TRUE);
        }
        ctx.fireChannelRead(msg);
    }

    /** A whole request has arrived; bytes after it start the next one. */
    static void requestComplete(Channel ch) {
        ch.attr(STARTED).set(Boolean.FALSE);
    }

    static boolean requestStarted(Channel ch) {
        return Boolean.TRUE.equals(ch.attr(STARTED).get());
    }
}
