package io.lbctl.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The idle timeout where the kernel does not say when it last sent (NIO, so any platform): the
 * flushed position of the outbound buffer stands for what was sent. The server's send buffer is
 * kept small, as the kernel's own accounting is what the epoll path relies on instead.
 */
class IdleTimeoutHandlerNioTest {
    private static final int IDLE_SECONDS = 2;
    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final CompletableFuture<Void> idle = new CompletableFuture<>();

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** A server whose connections send what {@code sender} makes; the idle timeout closes them. */
    private int serve(Supplier<ChannelInboundHandlerAdapter> sender) throws InterruptedException {
        Channel server = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.SO_SNDBUF, 8192)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new IdleTimeoutHandler(IDLE_SECONDS), sender.get(), new ChannelInboundHandlerAdapter() {
                            @Override
                            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                if (evt instanceof IdleStateEvent) {
                                    idle.complete(null);
                                    ctx.close();
                                }
                            }
                        });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private static Socket connect(int port) throws Exception {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(10_000);
        return s;
    }

    @Test
    void aSlowReaderThatKeepsTakingBytesIsNotIdle() throws Exception {
        int size = 1024 * 1024;
        int port = serve(() -> new ChannelInboundHandlerAdapter() {
            private int sent;

            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                pump(ctx);
            }

            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                pump(ctx);
            }

            /** Writes only while the channel takes more, as the data plane relays a response. */
            private void pump(ChannelHandlerContext ctx) {
                while (ctx.channel().isWritable() && sent < size) {
                    ctx.write(Unpooled.wrappedBuffer(new byte[16 * 1024]));
                    sent += 16 * 1024;
                }
                ctx.flush();
            }
        });
        try (Socket client = connect(port)) {
            InputStream in = client.getInputStream();
            long total = 0;
            byte[] buffer = new byte[1024];
            long slowUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(3L * IDLE_SECONDS);
            while (System.nanoTime() < slowUntil) {
                int n = in.read(buffer); // 1 KB every 100 ms
                assertThat(n).as("cut after %d bytes read slowly", total).isPositive();
                total += n;
                Thread.sleep(100);
            }
            buffer = new byte[64 * 1024];
            while (total < size) {
                int n = in.read(buffer);
                assertThat(n).as("cut after %d bytes", total).isPositive();
                total += n;
            }
            assertThat(idle).isNotDone();
        }
    }

    @Test
    void aClientThatReadsNothingIsIdleWhileTheServerKeepsWriting() throws Exception {
        int port = serve(() -> new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                // 4 KB every 100 ms whatever the client takes: each write is queued, none is sent
                ctx.executor().scheduleAtFixedRate(() -> ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[4096])),
                        0, 100, TimeUnit.MILLISECONDS);
            }
        });
        try (Socket client = connect(port)) {
            long connected = System.nanoTime();
            idle.get(4L * IDLE_SECONDS, TimeUnit.SECONDS);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connected)).isGreaterThanOrEqualTo(IDLE_SECONDS * 1000L);
            byte[] rest = new byte[64 * 1024];
            while (client.getInputStream().read(rest) >= 0) {
                // what the kernel held, then the close
            }
        }
    }
}
