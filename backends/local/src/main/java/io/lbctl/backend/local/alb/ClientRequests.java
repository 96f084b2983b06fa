package io.lbctl.backend.local.alb;

import io.lbctl.model.routing.RequestFacts;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSession;

/** What the ALB reads off a client's request before routing it: rule inputs, cookies, forwarding depth, TLS. */
final class ClientRequests {
    private ClientRequests() {
    }

    /** The client's TLS session, on the connection itself or, for an HTTP/2 stream, its parent. */
    static SSLSession tlsSession(Channel ch) {
        Channel connection = ch instanceof Http2StreamChannel stream ? stream.parent() : ch;
        SslHandler ssl = connection.pipeline().get(SslHandler.class);
        return ssl == null ? null : ssl.engine().getSession();
    }

    /** How many addresses the request's X-Forwarded-For headers list. */
    static int forwardedAddresses(FullHttpRequest request) {
        int count = 0;
        for (String value : request.headers().getAll(ForwardingHeaders.X_FORWARDED_FOR)) {
            count++;
            for (int i = 0; i < value.length(); i++) {
                if (value.charAt(i) == ',') {
                    count++;
                }
            }
        }
        return count;
    }

    /** The request's cookies by name; the first of a repeated name counts. */
    static Map<String, String> cookies(FullHttpRequest request) {
        if (!request.headers().contains(HttpHeaderNames.COOKIE)) {
            return Map.of();
        }
        Map<String, String> out = new java.util.HashMap<>();
        for (String header : request.headers().getAll(HttpHeaderNames.COOKIE)) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.putIfAbsent(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
                }
            }
        }
        return out;
    }

    /** What the rules see of a request; headers and query only when some rule reads them. */
    static RequestFacts facts(FullHttpRequest request, InetSocketAddress client, ListenerRoute.RequestParts parts) {
        QueryStringDecoder decoder = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8);
        List<Map.Entry<String, String>> query = List.of();
        if (parts.query()) {
            List<Map.Entry<String, String>> pairs = new ArrayList<>();
            decoder.parameters().forEach((k, vs) -> vs.forEach(v -> pairs.add(Map.entry(k, v))));
            query = pairs;
        }
        List<Map.Entry<String, String>> headers = List.of();
        if (parts.headers()) {
            headers = new ArrayList<>(request.headers().size());
            request.headers().forEach(headers::add);
        }
        String rawPath = decoder.rawPath();
        return new RequestFacts(request.method().name(), RequestFacts.hostName(request.headers().get(HttpHeaderNames.HOST)),
                rawPath.isEmpty() ? "/" : rawPath, query, headers, client.getAddress());
    }

    static String rawQuery(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? "" : uri.substring(q + 1);
    }
}
