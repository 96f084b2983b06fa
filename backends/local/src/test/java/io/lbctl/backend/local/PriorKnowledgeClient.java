package io.lbctl.backend.local;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.codec.http2.HttpConversionUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** An HTTP/2 client that starts with the connection preface on a clear-text connection (no upgrade). */
final class PriorKnowledgeClient {
    private PriorKnowledgeClient() {
    }

    /** What a run of requests on one connection saw. */
    record Run(int answered, boolean goAway, boolean closed) {
    }

    /** GETs {@code path}; returns "status body". */
    static String get(String address, int port, String path) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel ch = connect(group, address, port, new AtomicBoolean());
            String result = request(ch, path);
            ch.close();
            return result;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** GETs {@code path} again and again on one connection, at most {@code max} times, until the server ends it. */
    static Run getUntilClosed(String address, int port, String path, int max) throws Exception {
        return getUntilClosed(address, port, path, max, () -> { });
    }

    /** As above, running {@code afterFirstAnswer} once the first request was answered. */
    static Run getUntilClosed(String address, int port, String path, int max, Runnable afterFirstAnswer) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            AtomicBoolean goAway = new AtomicBoolean();
            Channel ch = connect(group, address, port, goAway);
            int answered = 0;
            while (answered < max && !goAway.get()) {
                String r;
                try {
                    r = request(ch, path);
                } catch (Exception e) {
                    break; // no new stream on a connection going away
                }
                if (!r.startsWith("200 ")) {
                    break;
                }
                if (++answered == 1) {
                    afterFirstAnswer.run();
                }
            }
            boolean closed = ch.closeFuture().await(5, TimeUnit.SECONDS);
            return new Run(answered, goAway.get(), closed);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /**
     * Opens a connection and sends nothing but PING frames on it, every {@code intervalMillis};
     * returns how many milliseconds passed until the server closed it, or -1 if it was still open
     * after {@code maxMillis}.
     */
    static long pingUntilClosed(String address, int port, long intervalMillis, long maxMillis) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel ch = connect(group, address, port, new AtomicBoolean());
            long start = System.nanoTime();
            for (long n = 1; ch.isActive() && System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(maxMillis); n++) {
                ch.writeAndFlush(new io.netty.handler.codec.http2.DefaultHttp2PingFrame(n));
                Thread.sleep(intervalMillis);
            }
            if (!ch.closeFuture().await(100, TimeUnit.MILLISECONDS)) {
                ch.close();
                return -1;
            }
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static Channel connect(EventLoopGroup group, String address, int port, AtomicBoolean goAway) throws Exception {
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new io.netty.channel.ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel c) {
                        c.pipeline().addLast(Http2FrameCodecBuilder.forClient().encoderIgnoreMaxHeaderListSize(true).build(),
                                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()),
                                new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        if (msg instanceof Http2GoAwayFrame) {
                                            goAway.set(true);
                                        }
                                        io.netty.util.ReferenceCountUtil.release(msg);
                                    }
                                });
                    }
                }).connect(address, port).sync().channel();
    }

    /**
     * GETs {@code path} once with an extra header of {@code headerBytes} bytes, sent even past the
     * server's advertised header-list limit; says whether it was answered and how the connection ended.
     */
    static Run getWithLargeHeader(String address, int port, String path, int headerBytes) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            AtomicBoolean goAway = new AtomicBoolean();
            Channel ch = connect(group, address, port, goAway);
            int answered;
            try {
                answered = request(ch, path, "x".repeat(headerBytes)).startsWith("200 ") ? 1 : 0;
            } catch (Exception e) {
                answered = 0;
            }
            boolean closed = ch.closeFuture().await(5, TimeUnit.SECONDS);
            return new Run(answered, goAway.get(), closed);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static String request(Channel ch, String path) throws Exception {
        return request(ch, path, null);
    }

    private static String request(Channel ch, String path, String largeHeader) throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        Http2StreamChannel stream = new Http2StreamChannelBootstrap(ch).handler(new io.netty.channel.ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel c) {
                c.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false), new HttpObjectAggregator(1 << 20),
                        new SimpleChannelInboundHandler<FullHttpResponse>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse r) {
                                answer.complete(r.status().code() + " " + r.content().toString(StandardCharsets.UTF_8));
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                answer.completeExceptionally(new IllegalStateException("stream closed without a response"));
                            }
                        });
            }
        }).open().sync().getNow();
        var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        request.headers().set(HttpHeaderNames.HOST, "h.example.com")
                .set(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text(), "http");
        if (largeHeader != null) {
            request.headers().set("x-large", largeHeader);
        }
        stream.writeAndFlush(request);
        return answer.get(5, TimeUnit.SECONDS);
    }
}
