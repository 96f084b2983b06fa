package io.lbctl.backend.local.nlb;

import io.lbctl.backend.local.Transports;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;

/**
 * How one relayed connection ends, a direction at a time, as TCP lets it and an NLB passes it on:
 * a side that is done sending (a FIN, or a TLS close_notify on a TLS hop) has its other hop's
 * output shut once what it sent before has gone out, so the peer reads an end but may still
 * answer; when both sides are done, both connections close. Both channels live on one event loop,
 * so the flags need no locking. Needs {@code ALLOW_HALF_CLOSURE} on both channels: without it
 * Netty closes a connection at its first FIN and the answer is lost.
 */
final class HalfClosure {
    private final Channel client;
    private Channel toTarget;
    private boolean clientDone;
    private boolean targetDone;

    HalfClosure(Channel client) {
        this.client = client;
    }

    /** The target connection is open and what the client sent before it has been written to it. */
    void attach(Channel target) {
        this.toTarget = target;
        if (clientDone) {
            shutOutput(target); // the client finished while its target was still being connected
            closeIfBoth();
        }
    }

    /** The client sent its FIN (or close_notify). */
    void clientDone() {
        if (clientDone) {
            return;
        }
        clientDone = true;
        if (toTarget != null) {
            if (!targetDone) {
                shutOutput(toTarget); // a target already done is closed below, FIN included
            }
            closeIfBoth();
        }
    }

    /** The target sent its FIN (or close_notify). */
    void targetDone() {
        if (targetDone) {
            return;
        }
        targetDone = true;
        if (!clientDone) {
            shutOutput(client); // shutting output costs Netty an exception; a close sends the FIN too
        }
        closeIfBoth();
    }

    private void closeIfBoth() {
        if (clientDone && targetDone) {
            NlbConnections.closeOnFlush(client);
            NlbConnections.closeOnFlush(toTarget);
        }
    }

    /**
     * Sends a FIN after everything written so far: shutting output at once would drop writes
     * still queued. Over TLS a close_notify goes first, as a TLS peer expects before the FIN.
     */
    static void shutOutput(Channel ch) {
        if (!ch.isActive()) {
            return;
        }
        SslHandler tls = ch.pipeline().get(SslHandler.class);
        ChannelFuture sent = tls != null ? tls.closeOutbound() : ch.writeAndFlush(Unpooled.EMPTY_BUFFER);
        sent.addListener(f -> {
            if (ch instanceof DuplexChannel duplex && ch.isActive()) {
                // Once this side's peer is done too, nothing is left to pass on: its FIN then closes
                // the channel at once (whose handler closes the other hop), where a half-close would
                // shut the input of a socket the kernel has closed already, and Netty would build a
                // NotYetConnectedException for it, stack trace and all.
                ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
                Transports.shutdownOutput(duplex);
            }
        });
    }
}
