package io.lbctl.backend.local;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.epoll.EpollTcpInfo;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * ALB's idle timeout on a client connection, and an NLB's TCP idle timeout: once no data has
 * been received and none sent for the timeout, {@link IdleStateEvent#ALL_IDLE_STATE_EVENT} goes
 * down the pipeline, again after each further timeout. Sent means sent, not written: a response
 * queued for a client that reads nothing is no activity, and a client that takes a few bytes at a
 * time is active.
 * <p>
 * On Linux the kernel says when it last sent data on the socket (TCP_INFO). The flushed position
 * of Netty's outbound buffer is not enough there: send buffers grow to megabytes, so a slow
 * reader drains the kernel's buffer for minutes before Netty may flush again, and the kernel
 * keeps accepting a trickle long after the client stopped reading. Other transports fall back to
 * that position, as Netty's IdleStateHandler with observeOutput does. Neither way puts a listener
 * on every write, which cost about 5 % of the data plane's CPU.
 */
public final class IdleTimeoutHandler extends ChannelDuplexHandler {
    /** The kernel counts in jiffies (up to 10 ms): its send time may read a little before the write. */
    private static final long KERNEL_CLOCK_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** How soon after a burst of PINGs their ACKs have left: the same turn of the event loop, or the next. */
    private static final long PING_ACK_ALLOWANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final long timeoutNanos;
    private long lastRead;
    private long lastSent;
    /** Reused for every look at the kernel's counters; null where the transport has none. */
    private EpollTcpInfo tcpInfo;
    /** Where the outbound buffer's head stood when last looked at: identity, and bytes of it written. */
    private int headSeen;
    private long progressSeen;
    private ScheduledFuture<?> check;
    /** What the frames of the read burst under way were: PINGs, and anything else. */
    private boolean burstPings;
    private boolean burstActivity;
    /** When the last burst of nothing but PINGs was read; their ACKs leave right after. */
    private long pingsOnlyAt = Long.MIN_VALUE;

    public IdleTimeoutHandler(int timeoutSeconds) {
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
    }

    /**
     * Whether nothing has come in or gone out on {@code connection} since {@code nanos}
     * (System.nanoTime()): what was written for its client after that is still waiting.
     */
    public static boolean quietSince(Channel connection, long nanos) {
        IdleTimeoutHandler idle = connection.pipeline().get(IdleTimeoutHandler.class);
        return idle != null && nanos - idle.lastActivity() > KERNEL_CLOCK_SLACK_NANOS;
    }

    /**
     * Reports a frame read by the connection's protocol, on its event loop: ALB does not count
     * HTTP/2 PING frames as activity (AWS: they do not reset the idle timeout), so a burst of reads
     * that carried nothing but PINGs leaves the clock alone, and so do the ACKs sent for them. A
     * burst that carried no whole frame still counts: its bytes are part of one.
     */
    public void frameRead(boolean ping) {
        if (ping) {
            burstPings = true;
        } else {
            burstActivity = true;
        }
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
        long now = System.nanoTime(); // once per burst of reads, not per message
        if (burstPings && !burstActivity) {
            pingsOnlyAt = now;
        } else {
            lastRead = now;
        }
        burstPings = false;
        burstActivity = false;
        ctx.fireChannelReadComplete();
    }

    /** Whether bytes that left at {@code sentAt} may be no more than the ACKs of a burst of PINGs. */
    private boolean pingAcks(long sentAt) {
        return pingsOnlyAt != Long.MIN_VALUE && sentAt - pingsOnlyAt >= -KERNEL_CLOCK_SLACK_NANOS
                && sentAt - pingsOnlyAt <= PING_ACK_ALLOWANCE_NANOS;
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        ChannelOutboundBuffer out = tcpInfo == null ? ctx.channel().unsafe().outboundBuffer() : null;
        if (out == null) {
            ctx.flush();
            return;
        }
        // A flush that empties the buffer leaves no head to compare: the pending total tells instead.
        long pending = out.totalPendingWriteBytes();
        ctx.flush();
        long now = System.nanoTime();
        if ((out.totalPendingWriteBytes() < pending | headMoved(out)) && !pingAcks(now)) {
            lastSent = now;
        }
    }

    private long lastActivity() {
        return Math.max(lastRead, lastSent);
    }

    private void start(ChannelHandlerContext ctx) {
        if (check == null) {
            tcpInfo = ctx.channel() instanceof EpollSocketChannel ? new EpollTcpInfo() : null;
            lastRead = System.nanoTime();
            lastSent = lastRead;
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
        long now = System.nanoTime();
        if (now - lastActivity() >= timeoutNanos) {
            observeOutput(ctx, now); // only a connection that looks idle is worth a system call
        }
        long idle = now - lastActivity();
        if (idle >= timeoutNanos) {
            schedule(ctx, timeoutNanos);
            ctx.fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        } else {
            schedule(ctx, timeoutNanos - idle);
        }
    }

    /** Moves {@link #lastSent} to when bytes last left, as far as the transport can tell. */
    private void observeOutput(ChannelHandlerContext ctx, long now) {
        if (tcpInfo != null) {
            try {
                ((EpollSocketChannel) ctx.channel()).tcpInfo(tcpInfo);
            } catch (ChannelException e) {
                return; // the socket is going away; it sent nothing more
            }
            long sinceMillis = tcpInfo.lastDataSent();
            long sentAt = now - TimeUnit.MILLISECONDS.toNanos(sinceMillis);
            if (sinceMillis < TimeUnit.NANOSECONDS.toMillis(timeoutNanos) && !pingAcks(sentAt)) {
                lastSent = Math.max(lastSent, sentAt);
            }
            return;
        }
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        if (out != null && headMoved(out) && !pingAcks(now)) {
            lastSent = now; // some time since the last look; now is the latest it can have been
        }
    }

    /**
     * Whether bytes left the outbound buffer since it was last looked at: its head message was
     * written out (a new head, or none), or more of the same head was. A head that appeared in an
     * empty buffer counts only once some of it was written.
     */
    private boolean headMoved(ChannelOutboundBuffer out) {
        int head = System.identityHashCode(out.current());
        long progress = out.currentProgress();
        boolean moved = head != headSeen ? headSeen != 0 || progress > 0 : progress != progressSeen;
        headSeen = head;
        progressSeen = progress;
        return moved;
    }
}
