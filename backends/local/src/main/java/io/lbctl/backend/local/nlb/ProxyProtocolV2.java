package io.lbctl.backend.local.nlb;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.handler.codec.haproxy.HAProxyTLV;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The proxy protocol v2 header a network load balancer puts before a connection's first byte when
 * its target group has {@code proxy_protocol_v2.enabled}. It goes with the client's first bytes, not
 * at connect: AWS's placement, {@code on_first_ack_with_payload}, holds it back until the client
 * sends something, so a target that speaks first waits for the client as it does behind an NLB. The
 * header is: command PROXY, TCP over the client's
 * address family, the client's address and port as source, the node's address and the listener
 * port as destination, then a {@code PP2_TYPE_CRC32C} TLV (0x03) holding the CRC32C of the whole
 * header computed with that field zeroed, as AWS sends it. AWS's 0xEA TLV (subtype 0x01, the VPC
 * endpoint id) is sent only for connections through a VPC endpoint service, which the local
 * runtime has none of. Netty's {@link HAProxyMessageEncoder} writes the header; a handler after
 * it fills in the checksum, and both leave the pipeline once the header is written.
 */
final class ProxyProtocolV2 {
    static final byte PP2_TYPE_CRC32C = 0x03;
    private static final int FIXED_HEADER = 16;

    private ProxyProtocolV2() {
    }

    /**
     * Queues the header on {@code toTarget}, on its event loop, before anything else is written to
     * it; the caller flushes it with what follows, so both leave in one segment.
     */
    static void write(Channel toTarget, InetSocketAddress client, InetSocketAddress destination) {
        var pipeline = toTarget.pipeline();
        pipeline.addFirst("pp2-encoder", HAProxyMessageEncoder.INSTANCE);
        pipeline.addFirst("pp2-checksum", new Checksum());
        toTarget.write(message(client, destination), toTarget.voidPromise());
        // The write ran through both handlers already: this is the channel's own event loop.
        pipeline.remove("pp2-encoder");
        pipeline.remove("pp2-checksum");
    }

    static HAProxyMessage message(InetSocketAddress client, InetSocketAddress destination) {
        List<HAProxyTLV> tlvs = List.of(new HAProxyTLV(PP2_TYPE_CRC32C, Unpooled.wrappedBuffer(new byte[4])));
        HAProxyProxiedProtocol protocol = family(client, destination);
        if (protocol == HAProxyProxiedProtocol.UNKNOWN) {
            return new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.PROXY, protocol, null, null, 0, 0, tlvs);
        }
        return new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.PROXY, protocol,
                client.getAddress().getHostAddress(), destination.getAddress().getHostAddress(), client.getPort(),
                destination.getPort(), tlvs);
    }

    private static HAProxyProxiedProtocol family(InetSocketAddress client, InetSocketAddress destination) {
        if (client.getAddress() instanceof Inet4Address && destination.getAddress() instanceof Inet4Address) {
            return HAProxyProxiedProtocol.TCP4;
        }
        if (client.getAddress() instanceof Inet6Address && destination.getAddress() instanceof Inet6Address) {
            return HAProxyProxiedProtocol.TCP6;
        }
        return HAProxyProxiedProtocol.UNKNOWN;
    }

    /** The CRC32C of a whole encoded header, with the CRC32C TLV's value read as zero. */
    static int crc32c(ByteBuf header) {
        CRC32C crc = new CRC32C();
        crc.update(header.nioBuffer(header.readerIndex(), header.readableBytes()));
        return (int) crc.getValue();
    }

    /** The length of the address block for the header's family byte (13th byte). */
    static int addressLength(byte familyAndTransport) {
        return switch ((familyAndTransport & 0xf0) >> 4) {
            case 1 -> 12;
            case 2 -> 36;
            case 3 -> 216;
            default -> 0;
        };
    }

    /** Fills the CRC32C TLV, the first TLV after the addresses, of the header the encoder wrote. */
    private static final class Checksum extends ChannelOutboundHandlerAdapter {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof ByteBuf header && header.readableBytes() >= FIXED_HEADER) {
                int start = header.readerIndex();
                int tlv = start + FIXED_HEADER + addressLength(header.getByte(start + 13));
                if (tlv + 7 <= start + header.readableBytes() && header.getByte(tlv) == PP2_TYPE_CRC32C) {
                    header.setInt(tlv + 3, crc32c(header));
                }
            }
            ctx.write(msg, promise);
        }
    }
}
