package io.lbctl.backend.local.alb;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * ALB's idle timeout on a client connection: once no bytes have come in and none have gone out
 * for the timeout, {@link IdleStateEvent#ALL_IDLE_STATE_EVENT} goes down the pipeline, again
 * after each further timeout. Unlike Netty's IdleStateHandler it counts a write when it is made,
 * not when it completes, so it puts no listener on every write: that listener cost about 5 % of
 * the data plane's CPU.
 */
final class IdleTimeoutHandler extends ChannelDuplexHandler {
    private final long timeoutNanos;
    private long lastActivity;
    private ScheduledFuture<?> check;

    IdleTimeoutHandler(int timeoutSeconds) {
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        lastActivity = System.nanoTime(); // once per burst of reads, not per message
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        lastActivity = System.nanoTime();
        ctx.write(msg, promise);
    }

    private void start(ChannelHandlerContext ctx) {
        if (check == null) {
            lastActivity = System.nanoTime();
            schedule(ctx, timeoutNanos);
        }
    }

    private void stop() {
        if (check != null) {
            check.cancel(false);
        }
    }

    private void schedule(ChannelHandlerContext ctx, long delayNanos) {
        check = ctx.executor().schedule(() -> check(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        if (!ctx.channel().isOpen()) {
            return;
        }
        long idle = System.nanoTime() - lastActivity;
        if (idle >= timeoutNanos) {
            schedule(ctx, timeoutNanos);
            ctx.fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        } else {
            schedule(ctx, timeoutNanos - idle);
        }
    }
}
