package io.lbctl.backend.local.api;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves one AWS Query request: verifies its signature, decodes its form parameters, runs the
 * action and answers AWS's XML envelope, or an AWS-shaped error. Any failure that is not an
 * {@link ApiError} becomes InternalFailure without a stack trace on the wire.
 */
public final class ElbApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    public static final String VERSION = "2015-12-01";
    private static final Logger LOG = Logger.getLogger(ElbApiHandler.class.getName());

    private final ApiActions actions;
    private final SigV4Verifier verifier;
    private final Executor serial;

    /** Actions run on {@code serial}, one at a time, so the store sees one change after another. */
    public ElbApiHandler(ApiActions actions, SigV4Verifier verifier, Executor serial) {
        super(false);
        this.actions = actions;
        this.verifier = verifier;
        this.serial = serial;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        try {
            serial.execute(() -> {
                try {
                    respond(ctx, request);
                } finally {
                    request.release();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            request.release();
            ctx.close(); // the runtime is shutting down
        }
    }

    private void respond(ChannelHandlerContext ctx, FullHttpRequest request) {
        String requestId = UUID.randomUUID().toString();
        FullHttpResponse response;
        try {
            response = ok(serve(request, requestId));
        } catch (ApiError e) {
            response = error(e, requestId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "request " + requestId + " failed", e);
            response = error(new ApiError("InternalFailure", 500, false,
                    "The request processing has failed because of an unknown error. Request " + requestId), requestId);
        }
        response.headers().set("x-amzn-RequestId", requestId);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private String serve(FullHttpRequest request, String requestId) {
        byte[] body = ByteBufUtil.getBytes(request.content());
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.headers().forEach(h -> headers.computeIfAbsent(h.getKey(), k -> new java.util.ArrayList<>()).add(h.getValue()));
        verifier.verify(new SigV4Verifier.Incoming(request.method().name(), request.uri(), headers, body));
        QueryRequest query = new QueryRequest(parameters(request, body));
        String name = query.action();
        if (name.isEmpty()) {
            throw ApiError.of("MissingAction", "Missing Action");
        }
        if (!VERSION.equals(query.get("Version").orElse(VERSION))) {
            throw ApiError.of("InvalidAction", "Could not find operation " + name + " for version "
                    + query.get("Version").get());
        }
        ApiActions.Action action = actions.find(name).orElseThrow(() -> ApiError.of("InvalidAction",
                "The action " + name + " is not valid for this web service."));
        Xml xml = Xml.document(name + "Response").start(name + "Result");
        action.run(query, xml);
        return xml.end().start("ResponseMetadata").element("RequestId", requestId).end().finish();
    }

    /** Form parameters from a POST body, or the query string of a GET, as AWS's Query protocol allows both. */
    private static Map<String, String> parameters(FullHttpRequest request, byte[] body) {
        String encoded;
        if (request.method().equals(HttpMethod.POST)) {
            encoded = new String(body, StandardCharsets.UTF_8);
        } else if (request.method().equals(HttpMethod.GET)) {
            int q = request.uri().indexOf('?');
            encoded = q < 0 ? "" : request.uri().substring(q + 1);
        } else {
            throw ApiError.of("InvalidAction", "The HTTP method " + request.method() + " is not supported; use POST");
        }
        Map<String, String> params = new LinkedHashMap<>();
        try {
            new QueryStringDecoder(encoded, StandardCharsets.UTF_8, false, 10_000).parameters()
                    .forEach((k, v) -> params.put(k, v.get(0)));
        } catch (IllegalArgumentException e) {
            throw ApiError.validation("The request body is not valid form-encoded data");
        }
        return params;
    }

    private static FullHttpResponse ok(String xml) {
        return response(HttpResponseStatus.OK, xml);
    }

    static FullHttpResponse error(ApiError e, String requestId) {
        String xml = Xml.document("ErrorResponse").start("Error").element("Type", e.sender() ? "Sender" : "Receiver")
                .element("Code", e.code()).element("Message", e.getMessage()).end()
                .element("RequestId", requestId).finish();
        return response(HttpResponseStatus.valueOf(e.status()), xml);
    }

    private static FullHttpResponse response(HttpResponseStatus status, String xml) {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(io.netty.handler.codec.http.HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/xml");
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return response;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.FINE, "API connection failed", cause);
        ctx.close();
    }
}
