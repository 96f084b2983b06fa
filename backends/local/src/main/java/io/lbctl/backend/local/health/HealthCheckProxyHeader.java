package io.lbctl.backend.local.health;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The proxy protocol v2 header a network load balancer sends first on a health-check connection
 * when the target group has {@code proxy_protocol_v2.enabled}. AWS says only that such headers
 * carry no client address; the bytes below are those of a header captured from an NLB's HTTP
 * health check (kubernetes/kubernetes#57250), rebuilt field by field: command LOCAL (0x20), family
 * byte 0x11 (TCP over IPv4) yet no address block, then straight away a CRC32C TLV (0x03) and a
 * NOOP TLV (0x04) of 74 zero bytes padding the header to 100 bytes. Computed this way the CRC32C
 * is 0xbce5951f, the value in the capture, which confirms the layout. A receiver must skip the
 * whole length for LOCAL (the specification says so, and go-proxyproto#12 was fixed for exactly
 * this AWS header). Netty's encoder cannot write it, since it writes addresses for the TCP4
 * family, so it is written here.
 *
 * <p>Only connections that carry data get it: AWS sends the header with the first payload
 * ({@code proxy_protocol_v2.client_to_server.header_placement} on_first_ack_with_payload, as
 * go-proxyproto's AWS notes record), and a TCP health check only connects and closes, which is why
 * targets behind such groups log empty headers for TCP checks (kubernetes/ingress-nginx#6996).
 */
public final class HealthCheckProxyHeader {
    private static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final byte LOCAL = 0x20;
    private static final byte TCP4 = 0x11;
    private static final byte PP2_TYPE_CRC32C = 0x03;
    private static final byte PP2_TYPE_NOOP = 0x04;
    private static final int PADDING = 74;
    private static final byte[] BYTES = build();

    private HealthCheckProxyHeader() {
    }

    /** The header's 100 bytes, a fresh copy. */
    public static byte[] bytes() {
        return BYTES.clone();
    }

    private static byte[] build() {
        int tlvs = 3 + 4 + 3 + PADDING;
        ByteBuffer b = ByteBuffer.allocate(16 + tlvs);
        b.put(SIGNATURE).put(LOCAL).put(TCP4).putShort((short) tlvs);
        int crcAt = b.position() + 3;
        b.put(PP2_TYPE_CRC32C).putShort((short) 4).putInt(0);
        b.put(PP2_TYPE_NOOP).putShort((short) PADDING).put(new byte[PADDING]);
        CRC32C crc = new CRC32C();
        crc.update(b.array()); // over the whole header, the checksum field still zero
        b.putInt(crcAt, (int) crc.getValue());
        return b.array();
    }
}
