package io.lbctl.model.routing;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What rule conditions look at in a request: the method, the host name without its port (only
 * the first Host header counts), the path without its query, the query parameters decoded and
 * in order, every header in order (names as sent), and the TCP connection's source address
 * (X-Forwarded-For never counts).
 */
public record RequestFacts(
        String method,
        Optional<String> host,
        String path,
        List<Map.Entry<String, String>> query,
        List<Map.Entry<String, String>> headers,
        InetAddress sourceAddress) {

    public RequestFacts {
        query = List.copyOf(query);
        headers = List.copyOf(headers);
    }

    /** The host name of a Host header or authority: an IPv6 literal keeps its brackets, a port is dropped. */
    public static Optional<String> hostName(String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty()) {
            return Optional.empty();
        }
        if (hostHeader.startsWith("[")) {
            int end = hostHeader.indexOf(']');
            return Optional.of(end < 0 ? hostHeader : hostHeader.substring(0, end + 1));
        }
        int colon = hostHeader.indexOf(':');
        return Optional.of(colon < 0 ? hostHeader : hostHeader.substring(0, colon));
    }
}
