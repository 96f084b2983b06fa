package io.lbctl.backend.local;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;

/**
 * An HTTPS client for tests with full control of the handshake: server name (or none), protocol
 * versions and cipher list, through BoringSSL so that old protocols can be offered. It reports
 * what was negotiated and the one response, or why the handshake failed.
 */
final class TlsClient {
    /** What a handshake and one GET gave; {@code failure} is set when the handshake failed. */
    record Result(String protocol, String cipher, String certificateSubject, int status, String body, Throwable failure) {
    }

    private TlsClient() {
    }

    /** GETs {@code path} from address:port; {@code sni} null sends no server name. */
    static Result get(String address, int port, String sni, List<String> protocols, List<String> ciphers, String path)
            throws Exception {
        SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL)
                .trustManager(InsecureTrustManagerFactory.INSTANCE);
        if (protocols != null) {
            b.protocols(protocols);
        }
        if (ciphers != null) {
            b.ciphers(ciphers);
        }
        var context = b.build();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            CompletableFuture<FullHttpResponse> response = new CompletableFuture<>();
            // Kept here: a refused handshake can close the channel, and empty its pipeline, before connect returns.
            SslHandler[] handler = new SslHandler[1];
            Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class).handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel c) {
                    SslHandler ssl = sni == null ? context.newHandler(c.alloc()) : context.newHandler(c.alloc(), sni, port);
                    handler[0] = ssl;
                    c.pipeline().addLast(ssl, new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                            new SimpleChannelInboundHandler<FullHttpResponse>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
                                    response.complete(msg.retain());
                                }

                                @Override
                                public void channelInactive(ChannelHandlerContext ctx) {
                                    response.completeExceptionally(new IllegalStateException("closed before a response"));
                                }

                                @Override
                                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                    response.completeExceptionally(cause);
                                }
                            });
                }
            }).connect(address, port).sync().channel();
            SslHandler ssl = handler[0];
            var handshake = ssl.handshakeFuture().await();
            if (!handshake.isSuccess()) {
                return new Result(null, null, null, 0, null, handshake.cause());
            }
            SSLSession session = ssl.engine().getSession();
            String subject = ((X509Certificate) session.getPeerCertificates()[0]).getSubjectX500Principal().getName();
            var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
            request.headers().set(HttpHeaderNames.HOST, sni == null ? address : sni);
            ch.writeAndFlush(request);
            FullHttpResponse r = response.get(10, TimeUnit.SECONDS);
            try {
                return new Result(session.getProtocol(), session.getCipherSuite(), subject, r.status().code(),
                        r.content().toString(StandardCharsets.UTF_8), null);
            } finally {
                r.release();
                ch.close();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
