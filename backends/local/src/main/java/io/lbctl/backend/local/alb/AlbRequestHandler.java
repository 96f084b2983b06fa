package io.lbctl.backend.local.alb;

import io.lbctl.backend.local.IdleTimeoutHandler;
import io.lbctl.model.Action;
import io.lbctl.model.routing.RequestFacts;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers one ALB request: the listener's rules pick an action (first match wins, default
 * last), then a fixed response, a redirect, or a forward to a target of the chosen group, with
 * the headers ALB adds. Requests on one connection are served one after the other, as HTTP/1.1
 * requires; an HTTP/2 stream has a handler of its own. A connection idle past the idle timeout
 * is closed, with a 408 when a request had begun; a client that leaves while its request is
 * at a target (ALB's 460) has that target connection closed too.
 */
final class AlbRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final int MAX_FORWARDED_FOR = 30;
    private static final Logger LOG = Logger.getLogger(AlbRequestHandler.class.getName());
    /** Set once a response ended the connection: requests still waiting get no answer. */
    private static final AttributeKey<Boolean> CLOSING = AttributeKey.valueOf("lbctl.closing");

    /** What every request handler of a data plane shares. */
    record Context(Function<String, ListenerRoute> routes, TargetChooser chooser, UpstreamPool upstream, Clock clock) {
    }

    private final String listenerArn;
    private final Context context;
    /** The connection's request progress and desync guard; null on an HTTP/2 stream. */
    private final RequestProgress progress;
    private final DesyncGuardHandler guard;
    /** When the HTTP/1 connection was accepted, by the runtime's clock; on a stream, unused. */
    private final long openedAtMillis;
    private UpstreamPool.Pending inFlight;
    /** System.nanoTime() when the request went to its target, or the target last passed something on. */
    private long relayedAt;
    /** Pipelined requests that arrived while one was at its target; answered in order. */
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    /** Desync mitigation ends both connections after the current request. */
    private boolean endConnections;

    /** A handler for an HTTP/1 connection, with the handlers ahead of its decoder. */
    AlbRequestHandler(String listenerArn, Context context, RequestProgress progress, DesyncGuardHandler guard,
                      long openedAtMillis) {
        super(false);
        this.listenerArn = listenerArn;
        this.context = context;
        this.progress = progress;
        this.guard = guard;
        this.openedAtMillis = openedAtMillis;
    }

    /** A handler for one HTTP/2 stream; its connection's keep-alive duration is the multiplexer's. */
    AlbRequestHandler(String listenerArn, Context context) {
        this(listenerArn, context, null, null, 0);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (progress != null) {
            progress.requestComplete();
        }
        if (inFlight != null || !waiting.isEmpty()) {
            // Reading stops only while requests wait: toggling it for every request costs two
            // epoll_ctl calls per request on the common, unpipelined path.
            waiting.add(request);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        handle(ctx, request);
    }

    /** Answers the next waiting request, or reads again once none waits. */
    private void next(ChannelHandlerContext ctx) {
        if (ctx.channel().hasAttr(CLOSING)) {
            dropWaiting(); // the last answer ended the connection
            return;
        }
        while (inFlight == null && ctx.channel().isActive()) {
            FullHttpRequest request = waiting.poll();
            if (request == null) {
                if (!ctx.channel().config().isAutoRead()) {
                    ctx.channel().config().setAutoRead(true);
                }
                return;
            }
            handle(ctx, request);
        }
    }

    private void dropWaiting() {
        waiting.forEach(FullHttpRequest::release);
        waiting.clear();
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        endConnections = guard != null && guard.closeAfterNext();
        ListenerRoute route = context.routes().apply(listenerArn);
        if (route == null) {
            request.release();
            ctx.close(); // the listener was deleted
            return;
        }
        // Past the client keep-alive duration, ALB answers one more request and closes gracefully.
        boolean keepAlive = HttpUtil.isKeepAlive(request) && !endConnections
                && (progress == null || !route.settings().keepAliveOver(openedAtMillis, context.clock().millis()))
                // The desync guard lets the bytes after an Upgrade request pass unexamined; when no
                // protocol switch follows, the connection must end rather than carry them as requests.
                && (guard == null || !request.headers().contains(HttpHeaderNames.UPGRADE));
        if (request.decoderResult().isFailure()) {
            request.release();
            reply(ctx, AlbResponses.error(400), false);
            return;
        }
        if (request.protocolVersion().majorVersion() != 1 && !(ctx.channel() instanceof Http2StreamChannel)) {
            // HTTP/2 frames (the PRI preface) on a connection that speaks only HTTP/1, as when the
            // load balancer has HTTP/2 turned off: ALB answers 505 and closes.
            request.release();
            reply(ctx, AlbResponses.error(505), false);
            return;
        }
        InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
        if (ClientRequests.forwardedAddresses(request) > MAX_FORWARDED_FOR) {
            request.release();
            reply(ctx, AlbResponses.error(463), keepAlive);
            return;
        }
        RequestFacts facts = ClientRequests.facts(request, client, route.parts());
        switch (route.rules().match(facts)) {
            case Action.FixedResponse f -> {
                request.release();
                reply(ctx, AlbResponses.of(f.statusCode(), f.contentType().orElse("text/plain; charset=utf-8"),
                        f.body().orElse("")), keepAlive);
            }
            case Action.Redirect r -> {
                request.release();
                String query = ClientRequests.rawQuery(request.uri());
                FullHttpResponse response = AlbResponses.of(r.statusCode().equals("HTTP_302") ? 302 : 301, "text/html", "");
                response.headers().set(HttpHeaderNames.LOCATION, Redirects.location(r, route.scheme(),
                        facts.host().orElse(""), route.port(), facts.path(), query));
                reply(ctx, response, keepAlive);
            }
            case Action.Forward f -> forward(ctx, request, route, f, client, keepAlive);
        }
    }

    private void forward(ChannelHandlerContext ctx, FullHttpRequest request, ListenerRoute route, Action.Forward f,
                         InetSocketAddress client, boolean keepAlive) {
        Map<String, String> cookies = ClientRequests.cookies(request);
        List<String> setCookies = new ArrayList<>();
        TargetChooser chooser = context.chooser();
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
        boolean webSocket = WebSocketTunnel.isUpgrade(request) && !(ctx.channel() instanceof Http2StreamChannel);
        boolean headRequest = request.method().equals(HttpMethod.HEAD);
        // Whether a body the target ends by closing can reach this client chunked.
        boolean chunkable = request.protocolVersion().minorVersion() >= 1 || ctx.channel() instanceof Http2StreamChannel;
        // The request is rewritten in place: a copy of its headers cost more than all the rules.
        FullHttpRequest forwarded = request;
        ForwardingHeaders.apply(forwarded.headers(), route, client, ClientRequests.tlsSession(ctx.channel()), webSocket);
        if (endConnections && !webSocket) {
            HttpUtil.setKeepAlive(forwarded, false); // desync mitigation ends the target connection too
        }
        int idle = route.settings().idleTimeoutSeconds();
        if (webSocket) {
            ctx.channel().config().setAutoRead(false); // the tunnel reads again once the target agreed
            WebSocketTunnel.open(ctx, group, target, forwarded, setCookies, chooser);
            return;
        }
        chooser.begin(group, target);
        relayedAt = System.nanoTime();
        UpstreamPool.Pending pending = context.upstream().send(ctx.channel().eventLoop(), target, group.tls(), forwarded,
                idle, new TargetResponse(ctx, group, target, setCookies, keepAlive, headRequest, chunkable));
        if (!pending.finished()) {
            inFlight = pending; // a connect that failed at once has already answered
        }
    }

    /**
     * Relays one target's response to the client as it arrives: the head with ALB's changes,
     * then the body, then the next waiting request.
     */
    private final class TargetResponse implements UpstreamPool.Receiver {
        private final ChannelHandlerContext ctx;
        private final ListenerRoute.TargetGroupRoute group;
        private final ListenerRoute.Endpoint target;
        private final List<String> setCookies;
        private final boolean headRequest;
        private final boolean chunkable;
        private boolean keepAlive;
        private boolean headSent;

        TargetResponse(ChannelHandlerContext ctx, ListenerRoute.TargetGroupRoute group, ListenerRoute.Endpoint target,
                       List<String> setCookies, boolean keepAlive, boolean headRequest, boolean chunkable) {
            this.ctx = ctx;
            this.group = group;
            this.target = target;
            this.setCookies = setCookies;
            this.keepAlive = keepAlive;
            this.headRequest = headRequest;
            this.chunkable = chunkable;
        }

        @Override
        public void head(HttpResponse response) {
            HttpHeaders headers = response.headers();
            headers.remove(HttpHeaderNames.CONNECTION).remove(HttpHeaderNames.KEEP_ALIVE);
            context.chooser().answered(group, target, response, setCookies);
            for (String cookie : setCookies) {
                headers.add(HttpHeaderNames.SET_COOKIE, cookie);
            }
            int code = response.status().code();
            boolean mayHaveBody = !headRequest && code != 204 && code != 304;
            if (mayHaveBody && !HttpUtil.isContentLengthSet(response) && !HttpUtil.isTransferEncodingChunked(response)) {
                // The target's body ends when it closes: an HTTP/1.1 client gets it chunked, and an
                // HTTP/1.0 client gets it up to the close of its own connection.
                if (chunkable) {
                    HttpUtil.setTransferEncodingChunked(response, true);
                    response.setProtocolVersion(HttpVersion.HTTP_1_1); // chunked framing is HTTP/1.1's
                } else {
                    keepAlive = false;
                }
            } else if (mayHaveBody && !chunkable && HttpUtil.isTransferEncodingChunked(response)) {
                // An HTTP/1.0 client knows no chunks: the body goes as it is and ends at the close.
                HttpUtil.setTransferEncodingChunked(response, false);
                keepAlive = false;
            }
            HttpUtil.setKeepAlive(response, keepAlive);
            headSent = true;
            relayedAt = System.nanoTime();
            ctx.write(response, ctx.voidPromise());
        }

        @Override
        public void readComplete() {
            ctx.flush();
        }

        @Override
        public void content(HttpContent content) {
            relayedAt = System.nanoTime();
            if (!(content instanceof LastHttpContent)) {
                ctx.writeAndFlush(content, ctx.voidPromise());
                if (!ctx.channel().isWritable() && inFlight != null) {
                    inFlight.readable(false); // channelWritabilityChanged resumes it
                }
                return;
            }
            inFlight = null;
            context.chooser().end(group, target);
            if (keepAlive) {
                ctx.writeAndFlush(content, ctx.voidPromise());
            } else {
                ctx.channel().attr(CLOSING).set(Boolean.TRUE);
                ctx.writeAndFlush(content).addListener(ChannelFutureListener.CLOSE);
            }
            next(ctx);
        }

        @Override
        public void failed(int status) {
            inFlight = null;
            context.chooser().end(group, target);
            if (headSent) {
                ctx.channel().attr(CLOSING).set(Boolean.TRUE);
                ctx.close(); // the body was cut short: only closing tells the client
                return;
            }
            reply(ctx, AlbResponses.error(status), keepAlive);
            next(ctx);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && inFlight != null) {
            inFlight.readable(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (inFlight != null) {
                if (!waitsOnTarget(ctx.channel())) {
                    ctx.close(); // the client took nothing of its response for the whole timeout
                }
                return; // otherwise the target's own idle timeout answers 504
            }
            if (progress != null && progress.requestStarted()) {
                reply(ctx, AlbResponses.error(408), false);
            } else {
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /**
     * Whether the silence on {@code ch} (a connection, or an HTTP/2 stream) is its target's: a
     * request is at the target, and nothing of its response waits for the client to take it.
     */
    boolean waitsOnTarget(Channel ch) {
        Channel connection = ch instanceof Http2StreamChannel stream ? stream.parent() : ch;
        return inFlight != null && !inFlight.paused() && !IdleTimeoutHandler.quietSince(connection, relayedAt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        UpstreamPool.Pending pending = inFlight;
        if (pending != null) {
            inFlight = null;
            LOG.fine(() -> "460: client " + ctx.channel().remoteAddress() + " left before the target answered");
            pending.abandon(); // ALB's 460: the target connection is not reused
        }
        dropWaiting();
        ctx.fireChannelInactive();
    }

    static void reply(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        HttpUtil.setKeepAlive(response, keepAlive);
        if (!response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        }
        if (keepAlive) {
            ctx.writeAndFlush(response, ctx.voidPromise()); // a failed write reaches exceptionCaught, which closes
        } else {
            ctx.channel().attr(CLOSING).set(Boolean.TRUE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.FINE, "client connection failed", cause);
        ctx.close();
    }
}
