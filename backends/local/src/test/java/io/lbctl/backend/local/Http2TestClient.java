package io.lbctl.backend.local;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A prior-knowledge HTTP/2 client whose streams a test can hold still. A stream that stops
 * reading takes nothing more off the connection, so it grants no flow-control window and the
 * server can send it nothing past the stream's initial 64 KB: no frames go either way. Responses are
 * seen frame by frame, as they arrive.
 */
final class Http2TestClient implements AutoCloseable {
    /** One request's stream, as far as it has come. */
    static final class Stream {
        final CompletableFuture<Integer> status = new CompletableFuture<>();
        /** True once the response ended (END_STREAM); false if the stream or connection closed first. */
        final CompletableFuture<Boolean> ended = new CompletableFuture<>();
        final AtomicLong bodyBytes = new AtomicLong();
    }

    private static final int CONNECTION_WINDOW = 16 * 1024 * 1024;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel connection;
    final CompletableFuture<Void> goAway = new CompletableFuture<>();

    Http2TestClient(String address, int port) throws InterruptedException {
        connection = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel c) {
                        c.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
                                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()),
                                new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        if (msg instanceof Http2GoAwayFrame) {
                                            goAway.complete(null);
                                        }
                                        ReferenceCountUtil.release(msg);
                                    }
                                });
                    }
                }).connect(address, port).sync().channel();
        // A connection window as large as browsers open: a stream that stops reading then blocks
        // only itself, not the connection's other streams, whose frames wait behind it otherwise.
        connection.writeAndFlush(new DefaultHttp2WindowUpdateFrame(CONNECTION_WINDOW - 65_535)).sync();
    }

    /** GETs {@code path} on a new stream; unless {@code readBody}, it stops reading after the response head. */
    Stream get(String path, boolean readBody) throws InterruptedException {
        return open("GET", path, readBody, true);
    }

    /** Sends the head of a POST whose body never follows, and reads whatever comes back. */
    Stream unfinishedPost(String path) throws InterruptedException {
        return open("POST", path, true, false);
    }

    /** Whether the server closed the connection within {@code millis}. */
    boolean closedWithin(long millis) throws InterruptedException {
        return connection.closeFuture().await(millis);
    }

    private Stream open(String method, String path, boolean readBody, boolean endStream) throws InterruptedException {
        Stream stream = new Stream();
        Http2StreamChannel ch = new Http2StreamChannelBootstrap(connection).handler(new SimpleChannelInboundHandler<Http2StreamFrame>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
                if (frame instanceof Http2HeadersFrame headers) {
                    if (headers.headers().status() != null) {
                        stream.status.complete(Integer.parseInt(headers.headers().status().toString()));
                        if (!readBody) {
                            ctx.channel().config().setAutoRead(false); // what follows stays unread
                        }
                    }
                    if (headers.isEndStream()) {
                        stream.ended.complete(true);
                    }
                } else if (frame instanceof Http2DataFrame data) {
                    stream.bodyBytes.addAndGet(data.content().readableBytes());
                    if (data.isEndStream()) {
                        stream.ended.complete(true);
                    }
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                stream.ended.complete(false);
                stream.status.completeExceptionally(new IllegalStateException("stream closed before a response"));
            }
        }).open().sync().getNow();
        ch.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().method(method).path(path)
                .scheme("http").authority("h.example.com"), endStream));
        return stream;
    }

    @Override
    public void close() {
        connection.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
