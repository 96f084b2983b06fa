package io.lbctl.backend.local.alb;

import io.lbctl.backend.local.tls.TlsContexts;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSession;

/**
 * The header changes ALB makes on a request it forwards: hop-by-hop headers go, invalid header
 * names go when drop_invalid_header_fields is on, X-Forwarded-For follows the xff mode,
 * X-Forwarded-Proto and -Port name the listener, X-Amzn-Trace-Id gets a Root or a Self, the TLS
 * version and cipher are added when asked, and Host gains the listener port unless the host
 * header is preserved.
 */
final class ForwardingHeaders {
    /** Header names ALB keeps when drop_invalid_header_fields is on. */
    private static final Pattern VALID_HEADER_NAME = Pattern.compile("[-A-Za-z0-9]+");
    /** Trace headers longer than this are replaced by a new Root only. */
    private static final int MAX_TRACE_HEADER = 7 * 1024;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    // Names as AsciiString keep their hash: a String name is hashed again on every lookup.
    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("X-Forwarded-For");
    private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("X-Forwarded-Proto");
    private static final AsciiString X_FORWARDED_PORT = AsciiString.cached("X-Forwarded-Port");
    private static final AsciiString X_AMZN_TRACE_ID = AsciiString.cached("X-Amzn-Trace-Id");
    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("Proxy-Connection");

    private ForwardingHeaders() {
    }

    /**
     * Rewrites {@code headers} for the target. {@code keepUpgrade} keeps Connection and Upgrade,
     * for a WebSocket handshake that must reach the target whole; {@code tls} is the client's TLS
     * session on HTTPS listeners.
     */
    static void apply(HttpHeaders headers, ListenerRoute route, InetSocketAddress client, SSLSession tls,
                      boolean keepUpgrade) {
        if (route.settings().dropInvalidHeaderFields()) {
            List<String> invalid = new ArrayList<>();
            headers.forEach(h -> {
                if (!VALID_HEADER_NAME.matcher(h.getKey()).matches()) {
                    invalid.add(h.getKey());
                }
            });
            invalid.forEach(headers::remove);
        }
        if (!keepUpgrade) {
            for (String listed : headers.getAll(HttpHeaderNames.CONNECTION)) { // usually none: the list is empty
                for (String name : listed.split(",")) {
                    headers.remove(name.strip()); // headers the client meant for this hop only
                }
            }
            headers.remove(HttpHeaderNames.CONNECTION).remove(HttpHeaderNames.UPGRADE);
        }
        headers.remove(HttpHeaderNames.KEEP_ALIVE).remove(PROXY_CONNECTION).remove(HttpHeaderNames.TE).remove(HttpHeaderNames.TRAILER);
        forwardedFor(headers, route, client);
        headers.set(X_FORWARDED_PROTO, route.scheme());
        headers.set(X_FORWARDED_PORT, Integer.toString(route.port()));
        headers.set(X_AMZN_TRACE_ID, trace(headers.get(X_AMZN_TRACE_ID)));
        if (tls != null && route.settings().tlsVersionAndCipherHeaders()) {
            headers.set("x-amzn-tls-version", tls.getProtocol());
            headers.set("x-amzn-tls-cipher-suite", TlsContexts.openSslCipherName(tls.getCipherSuite()));
        }
        boolean preserveHost = route.settings().preserveHostHeader();
        String host = headers.get(HttpHeaderNames.HOST);
        if (!preserveHost && host != null && route.port() != 80 && route.port() != 443 && !hasPort(host)) {
            headers.set(HttpHeaderNames.HOST, host + ":" + route.port());
        }
    }

    private static void forwardedFor(HttpHeaders headers, ListenerRoute route, InetSocketAddress client) {
        String clientIp = client.getAddress().getHostAddress();
        boolean withPort = route.settings().xffClientPort();
        String entry = withPort ? (clientIp.contains(":") ? "[" + clientIp + "]" : clientIp) + ":" + client.getPort() : clientIp;
        switch (route.settings().xffMode()) {
            case "remove" -> headers.remove(X_FORWARDED_FOR);
            case "preserve" -> {
            }
            default -> {
                List<String> existing = headers.getAll(X_FORWARDED_FOR);
                headers.set(X_FORWARDED_FOR, existing.isEmpty() ? entry : String.join(", ", existing) + ", " + entry);
            }
        }
    }

    /**
     * The trace header ALB sends on: a new Root when there is none; with a Root, a Self field
     * (new, or replacing the old Self) and every other field kept in order.
     */
    static String trace(String incoming) {
        if (incoming == null || incoming.length() > MAX_TRACE_HEADER || !incoming.contains("Root=")) {
            return "Root=" + traceId();
        }
        String id = traceId();
        List<String> fields = new ArrayList<>();
        for (String field : incoming.split(";")) {
            String f = field.strip();
            if (!f.isEmpty() && !f.startsWith("Self=")) {
                fields.add(f);
            }
        }
        fields.add(0, "Self=" + id);
        return String.join(";", fields);
    }

    private static boolean hasPort(String host) {
        int bracket = host.lastIndexOf(']');
        return host.indexOf(':', bracket + 1) >= 0;
    }

    /** 1-{8 hex digits of epoch seconds}-{24 random hex digits}, as X-Ray spells a trace ID. */
    private static String traceId() {
        byte[] id = new byte[35];
        id[0] = '1';
        id[1] = '-';
        hex(id, 2, System.currentTimeMillis() / 1000, 8);
        id[10] = '-';
        ThreadLocalRandom random = ThreadLocalRandom.current();
        hex(id, 11, random.nextLong(), 16);
        hex(id, 27, random.nextInt(), 8);
        return new String(id, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static void hex(byte[] out, int at, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[at + i] = (byte) HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }
}
