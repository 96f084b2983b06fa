package io.lbctl.backend.local.alb;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;

/**
 * The server side of an ALB HTTP/2 connection: a header block over 8 KB ends the whole
 * connection, as ALB ends it (GOAWAY, then FIN, and no response). Netty on its own answers a
 * block between the limit and a quarter over it with 431 on that stream, and goes away only
 * past that. A graceful close waits for every active stream, with no time limit.
 */
final class AlbHttp2FrameCodecBuilder extends Http2FrameCodecBuilder {
    static final long MAX_HEADER_LIST = 8 * 1024;

    AlbHttp2FrameCodecBuilder() {
        server(true);
        initialSettings(Http2Settings.defaultSettings().maxHeaderListSize(MAX_HEADER_LIST));
        validateHeaders(true);
        // A connection going away lets its streams in flight finish, as ALB does, rather than cut
        // them after Netty's 30 s; streams left idle are closed by the idle timeout instead.
        gracefulShutdownTimeoutMillis(-1);
    }

    @Override
    protected Http2FrameCodec build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder, Http2Settings settings) {
        AlbFrameCodec codec = new AlbFrameCodec(encoder, decoder, settings, decoupleCloseAndGoAway(), flushPreface());
        codec.gracefulShutdownTimeoutMillis(gracefulShutdownTimeoutMillis());
        return codec;
    }

    private static final class AlbFrameCodec extends Http2FrameCodec {
        AlbFrameCodec(Http2ConnectionEncoder encoder, Http2ConnectionDecoder decoder, Http2Settings settings,
                      boolean decoupleCloseAndGoAway, boolean flushPreface) {
            super(encoder, decoder, settings, decoupleCloseAndGoAway, flushPreface);
        }

        @Override
        protected void handleServerHeaderDecodeSizeError(ChannelHandlerContext ctx, Http2Stream stream) {
            // The offending stream is not processed: GOAWAY names the one before it as the last.
            int lastProcessed = Math.max(0, stream.id() - 2);
            goAway(ctx, lastProcessed, Http2Error.PROTOCOL_ERROR.code(), Unpooled.EMPTY_BUFFER, ctx.newPromise())
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }
}
