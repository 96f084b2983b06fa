package io.lbctl.backend.local.api;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.concurrent.Executor;
import java.util.UUID;

/**
 * The API's pipeline: HTTP/1.1 codec, a bounded aggregator (oversized bodies get an AWS-shaped
 * error, not a bare 413), a read timeout, and the handler, which runs actions one at a time on a
 * single-threaded executor.
 */
public final class ElbApiInitializer extends ChannelInitializer<SocketChannel> {
    /** AWS's Query APIs take request bodies far smaller than this. */
    public static final int MAX_BODY = 1024 * 1024;

    private final ApiActions actions;
    private final SigV4Verifier verifier;
    private final Executor serial;

    public ElbApiInitializer(ApiActions actions, SigV4Verifier verifier, Executor serial) {
        this.actions = actions;
        this.verifier = verifier;
        this.serial = serial;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast(new ReadTimeoutHandler(60))
                .addLast(new HttpServerCodec(8192, 16 * 1024, 8192))
                .addLast(new HttpObjectAggregator(MAX_BODY) {
                    /**
                     * Answers at once, but leaves closing to the client: the aggregator discards the
                     * rest of the body, and closing while the client still sends would reset the
                     * connection before it could read the answer.
                     */
                    @Override
                    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
                        ApiError e = new ApiError("RequestEntityTooLarge", 413, true,
                                "Request body must be at most " + MAX_BODY + " bytes");
                        var response = ElbApiHandler.error(e, UUID.randomUUID().toString());
                        response.headers().set(io.netty.handler.codec.http.HttpHeaderNames.CONNECTION, "close");
                        ctx.writeAndFlush(response);
                    }
                })
                .addLast(new ElbApiHandler(actions, verifier, serial));
    }
}
