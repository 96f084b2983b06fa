package io.lbctl.backend.local.alb;

import io.lbctl.model.Action;
import io.lbctl.model.routing.RequestFacts;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers one ALB request: the listener's rules pick an action (first match wins, default
 * last), then a fixed response, a redirect, or a forward to a target of the chosen group, with
 * the X-Forwarded-* and X-Amzn-Trace-Id headers ALB adds. Requests on one connection are served
 * one after the other, as HTTP/1.1 requires.
 */
final class AlbRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final int MAX_FORWARDED_FOR = 30;
    /** Header names ALB keeps when drop_invalid_header_fields is on. */
    private static final java.util.regex.Pattern VALID_HEADER_NAME = java.util.regex.Pattern.compile("[-A-Za-z0-9]+");
    private static final Logger LOG = Logger.getLogger(AlbRequestHandler.class.getName());

    private final String listenerArn;
    private final Function<String, ListenerRoute> routes;
    private final TargetChooser chooser;
    private final UpstreamPool upstream;

    AlbRequestHandler(String listenerArn, Function<String, ListenerRoute> routes, TargetChooser chooser,
                      UpstreamPool upstream) {
        super(false);
        this.listenerArn = listenerArn;
        this.routes = routes;
        this.chooser = chooser;
        this.upstream = upstream;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        ListenerRoute route = routes.apply(listenerArn);
        if (route == null) {
            request.release();
            ctx.close(); // the listener was deleted
            return;
        }
        if (request.decoderResult().isFailure()) {
            request.release();
            reply(ctx, AlbResponses.error(400), false);
            return;
        }
        InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
        List<String> forwardedFor = request.headers().getAll("X-Forwarded-For");
        if (forwardedFor.stream().mapToInt(v -> v.split(",").length).sum() >= MAX_FORWARDED_FOR + 1) {
            request.release();
            reply(ctx, AlbResponses.error(463), keepAlive);
            return;
        }
        RequestFacts facts = facts(request, client);
        Action action = route.rules().match(facts);
        switch (action) {
            case Action.FixedResponse f -> {
                request.release();
                reply(ctx, AlbResponses.of(f.statusCode(), f.contentType().orElse("text/plain; charset=utf-8"),
                        f.body().orElse("")), keepAlive);
            }
            case Action.Redirect r -> {
                request.release();
                String query = rawQuery(request.uri());
                FullHttpResponse response = AlbResponses.of(r.statusCode().equals("HTTP_302") ? 302 : 301, "text/html", "");
                response.headers().set(HttpHeaderNames.LOCATION, Redirects.location(r, "http",
                        facts.host().orElse(""), route.port(), facts.path(), query));
                reply(ctx, response, keepAlive);
            }
            case Action.Forward f -> forward(ctx, request, route, f, client, keepAlive);
        }
    }

    private void forward(ChannelHandlerContext ctx, FullHttpRequest request, ListenerRoute route, Action.Forward f,
                         InetSocketAddress client, boolean keepAlive) {
        Map<String, String> cookies = cookies(request);
        List<String> setCookies = new ArrayList<>();
        ListenerRoute.TargetGroupRoute group = chooser.targetGroup(f, cookies, setCookies)
                .map(route.targetGroups()::get).orElse(null);
        if (group == null || group.registered() == 0) {
            request.release();
            reply(ctx, AlbResponses.error(503), keepAlive);
            return;
        }
        if (group.endpoints().isEmpty()) {
            request.release(); // every target lies outside the networks the runtime may contact
            reply(ctx, AlbResponses.error(502), keepAlive);
            return;
        }
        ListenerRoute.Endpoint target = chooser.target(group, cookies, setCookies);
        ctx.channel().config().setAutoRead(false); // the next request waits until this one is answered
        FullHttpRequest forwarded = request.replace(request.content().retainedDuplicate());
        request.release();
        addForwardingHeaders(forwarded, route, client);
        int idle = Integer.parseInt(route.attribute("idle_timeout.timeout_seconds", "60"));
        chooser.begin(group, target);
        upstream.send(ctx.channel().eventLoop(), target, forwarded, idle, outcome -> {
            chooser.end(group, target);
            ctx.channel().config().setAutoRead(true);
            if (outcome.response() == null) {
                reply(ctx, AlbResponses.error(outcome.failureStatus()), keepAlive);
                return;
            }
            FullHttpResponse response = outcome.response();
            response.headers().remove(HttpHeaderNames.CONNECTION).remove("Keep-Alive");
            setCookies.forEach(c -> response.headers().add(HttpHeaderNames.SET_COOKIE, c));
            reply(ctx, response, keepAlive);
        });
    }

    /** The request's cookies by name; the first of a repeated name counts. */
    private static Map<String, String> cookies(FullHttpRequest request) {
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

    /** X-Forwarded-For (append mode), -Proto and -Port, the trace id, and Host as ALB rewrites it. */
    private static void addForwardingHeaders(FullHttpRequest forwarded, ListenerRoute route, InetSocketAddress client) {
        var headers = forwarded.headers();
        if ("true".equals(route.attribute("routing.http.drop_invalid_header_fields.enabled", "false"))) {
            List<String> invalid = new ArrayList<>();
            headers.forEach(h -> {
                if (!VALID_HEADER_NAME.matcher(h.getKey()).matches()) {
                    invalid.add(h.getKey());
                }
            });
            invalid.forEach(headers::remove);
        }
        for (String listed : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String name : listed.split(",")) {
                headers.remove(name.strip()); // headers the client meant for this hop only
            }
        }
        headers.remove(HttpHeaderNames.CONNECTION).remove("Keep-Alive").remove("Proxy-Connection")
                .remove(HttpHeaderNames.TE).remove(HttpHeaderNames.TRAILER).remove(HttpHeaderNames.UPGRADE);
        String clientIp = client.getAddress().getHostAddress();
        String mode = route.attribute("routing.http.xff_header_processing.mode", "append");
        boolean withPort = "true".equals(route.attribute("routing.http.xff_client_port.enabled", "false"));
        String entry = withPort ? (clientIp.contains(":") ? "[" + clientIp + "]" : clientIp) + ":" + client.getPort() : clientIp;
        switch (mode) {
            case "remove" -> headers.remove("X-Forwarded-For");
            case "preserve" -> {
            }
            default -> {
                List<String> existing = headers.getAll("X-Forwarded-For");
                headers.set("X-Forwarded-For", existing.isEmpty() ? entry : String.join(", ", existing) + ", " + entry);
            }
        }
        headers.set("X-Forwarded-Proto", "http");
        headers.set("X-Forwarded-Port", Integer.toString(route.port()));
        if (!headers.contains("X-Amzn-Trace-Id")) {
            headers.set("X-Amzn-Trace-Id", "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                    + HexFormat.of().formatHex(randomBytes(12)));
        }
        boolean preserveHost = "true".equals(route.attribute("routing.http.preserve_host_header.enabled", "false"));
        String host = headers.get(HttpHeaderNames.HOST);
        if (!preserveHost && host != null && route.port() != 80 && route.port() != 443 && !hasPort(host)) {
            headers.set(HttpHeaderNames.HOST, host + ":" + route.port());
        }
    }

    static RequestFacts facts(FullHttpRequest request, InetSocketAddress client) {
        QueryStringDecoder decoder = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8);
        List<Map.Entry<String, String>> query = new ArrayList<>();
        decoder.parameters().forEach((k, vs) -> vs.forEach(v -> query.add(Map.entry(k, v))));
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        request.headers().forEach(headers::add);
        String rawPath = decoder.rawPath();
        return new RequestFacts(request.method().name(), RequestFacts.hostName(request.headers().get(HttpHeaderNames.HOST)),
                rawPath.isEmpty() ? "/" : rawPath, query, headers, client.getAddress());
    }

    private static String rawQuery(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? "" : uri.substring(q + 1);
    }

    private static boolean hasPort(String host) {
        int bracket = host.lastIndexOf(']');
        return host.indexOf(':', bracket + 1) >= 0;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    private static void reply(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        HttpUtil.setKeepAlive(response, keepAlive);
        if (!response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        }
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.FINE, "client connection failed", cause);
        ctx.close();
    }
}
