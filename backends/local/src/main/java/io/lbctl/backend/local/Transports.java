package io.lbctl.backend.local;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;

/** Native epoll where the platform has it, NIO elsewhere; one place decides for every server. */
public final class Transports {
    private Transports() {
    }

    public static boolean nativeEpoll() {
        return Epoll.isAvailable();
    }

    /**
     * Event loops: {@code threads} of them, or {@link #defaultThreads()} for 0.
     */
    public static EventLoopGroup eventLoops(int threads) {
        IoHandlerFactory factory = nativeEpoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads > 0 ? threads : defaultThreads(), factory);
    }

    /**
     * One event loop per core, as HAProxy's default nbthread. One loop fewer than the cores left
     * the runtime a single loop on 2 cores, which capped it at 0.77x HAProxy's requests per second
     * over HTTP/1.1 and 0.79x over TCP (bench/run); with one per core both are about even, and the
     * p99 is no worse than with one loop. Netty's own default, two per core, was slower still.
     */
    public static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /**
     * The buffers the data plane reads into: Netty's pooled allocator, with a cache per event loop.
     * Netty 4.2's default, the adaptive allocator, hands chunks between threads through shared
     * queues; against it the pooled one took about 15 % less CPU per request over HTTP/1.1 and
     * 10 % less over TCP, most of it in the kernel (bench/run), for about 15 MB more memory.
     */
    public static ByteBufAllocator allocator() {
        return PooledByteBufAllocator.DEFAULT;
    }

    /**
     * A listening socket for {@code host} (an IP literal): of the IPv4 family for an IPv4 address,
     * as HAProxy's are. Netty's default is an IPv6 socket that takes IPv4 as mapped addresses,
     * which costs every connection an IPV6_V6ONLY call and the kernel's mapped-address paths.
     */
    public static ChannelFactory<ServerChannel> serverChannel(String host) {
        if (nativeEpoll() && NetUtil.createInetAddressFromIpAddressString(host) instanceof Inet4Address) {
            return () -> new EpollServerSocketChannel(SocketProtocolFamily.INET);
        }
        Class<? extends ServerChannel> type = serverChannel();
        return () -> newInstance(type);
    }

    /** A socket to connect to {@code target}: of the IPv4 family for an IPv4 address (see above). */
    public static ChannelFactory<SocketChannel> clientChannel(InetAddress target) {
        if (nativeEpoll() && target instanceof Inet4Address) {
            return () -> new EpollSocketChannel(SocketProtocolFamily.INET);
        }
        Class<? extends SocketChannel> type = clientChannel();
        return () -> newInstance(type);
    }

    /** A socket to connect to {@code host}, an IP literal or a name (which gets Netty's default). */
    public static ChannelFactory<SocketChannel> clientChannel(String host) {
        return clientChannel(NetUtil.createInetAddressFromIpAddressString(host));
    }

    /**
     * Sends a FIN on {@code ch} once nothing is left queued on it; call it on the channel's event
     * loop. Netty's own shutdownOutput builds an exception with its stack trace every time, to fail
     * writes that might still be queued: with epoll that was a tenth of the user CPU of a relayed
     * TCP connection (async-profiler, bench/run's connection-rate scenario). With epoll the socket
     * is shut directly; the channel still reports its output shut, and a later write fails.
     */
    public static void shutdownOutput(DuplexChannel ch) {
        if (ch instanceof UnixChannel unix && unix.fd() instanceof Socket socket
                && ch.unsafe().outboundBuffer() != null && ch.unsafe().outboundBuffer().isEmpty()) {
            try {
                socket.shutdown(false, true);
            } catch (IOException e) {
                ch.close(); // the connection is gone already
            }
            return;
        }
        ch.shutdownOutput();
    }

    private static <T> T newInstance(Class<? extends T> type) {
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a " + type.getSimpleName(), e);
        }
    }

    public static Class<? extends ServerChannel> serverChannel() {
        return nativeEpoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public static Class<? extends SocketChannel> clientChannel() {
        return nativeEpoll() ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
