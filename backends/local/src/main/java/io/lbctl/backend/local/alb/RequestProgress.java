package io.lbctl.backend.local.alb;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Notes whether a client has begun a request that is not complete yet, so that the idle timeout
 * can tell ALB's two endings apart: a connection idle between requests is just closed, one left
 * in the middle of a request gets a 408 first. It sits before the HTTP decoder and sees raw bytes;
 * there is one per connection, shared with that connection's request handler.
 */
final class RequestProgress extends ChannelInboundHandlerAdapter {
    private boolean started;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf && buf.isReadable()) {
            started = true;
        }
        ctx.fireChannelRead(msg);
    }

    /** A whole request has arrived; bytes after it start the next one. */
    void requestComplete() {
        started = false;
    }

    boolean requestStarted() {
        return started;
    }
}
