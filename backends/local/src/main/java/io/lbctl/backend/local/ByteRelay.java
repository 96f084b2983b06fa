package io.lbctl.backend.local;

import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;

/**
 * Bytes passed from one connection to another as they come, for the NLB's relayed connections and
 * the ALB's WebSocket tunnels alike. Each read is queued on the other side and flushed when the
 * read is complete, so one system call carries all a wake-up read. When the other side cannot take
 * more, the reading side stops until it drains, so the slower side sets the pace. Reading stays on
 * otherwise: asking for every read was two epoll_ctl calls per message. A failed write reaches
 * the failing side's exceptionCaught, whose handler closes it.
 */
public final class ByteRelay {
    private ByteRelay() {
    }

    /** Queues what {@code from} read on {@code to}; the caller flushes {@code to} at read complete. */
    public static void relay(Channel from, Channel to, Object msg) {
        to.write(msg, to.voidPromise());
        if (!to.isWritable()) {
            from.config().setAutoRead(false);
        }
    }

    /** {@code to} changed writability: the side that writes to it reads again once it can take more. */
    public static void drained(Channel to, Channel from) {
        if (from != null && to.isWritable()) {
            resume(from);
        }
    }

    /**
     * Reads on as data comes, unless the peer's FIN has been read: Netty's epoll transport stops
     * watching a socket whose input is done, and a read asked for then fails.
     */
    public static void resume(Channel ch) {
        if (!ch.config().isAutoRead() && !(ch instanceof DuplexChannel duplex && duplex.isInputShutdown())) {
            ch.config().setAutoRead(true);
        }
    }
}
