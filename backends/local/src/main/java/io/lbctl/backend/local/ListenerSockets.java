package io.lbctl.backend.local;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * A listener's TCP port, bound once per event loop with SO_REUSEPORT where the platform has it:
 * the kernel spreads new connections over the sockets, and each loop serves the connections it
 * accepted. One shared socket made every other connection a hand-over to the other loop (a task
 * and a wake-up), and let only one loop accept. Elsewhere, and for port 0, one socket for all.
 */
public final class ListenerSockets {
    private ListenerSockets() {
    }

    /**
     * Binds {@code host}:{@code port} with {@code template}'s options and handlers (it must have no
     * group yet); the returned channels are the port's, all to be closed together. Fails as a bind
     * does when the port is taken.
     */
    public static List<Channel> bind(ServerBootstrap template, EventLoopGroup loops, String host, int port)
            throws IOException, InterruptedException {
        if (!Transports.nativeEpoll() || port == 0) {
            return List.of(template.clone().group(loops).channelFactory(Transports.serverChannel(host))
                    .bind(host, port).sync().channel());
        }
        probe(host, port);
        List<Channel> bound = new ArrayList<>();
        try {
            for (EventExecutor executor : loops) {
                EventLoop loop = (EventLoop) executor;
                bound.add(template.clone().group(loop, loop).channelFactory(Transports.serverChannel(host))
                        .option(EpollChannelOption.SO_REUSEPORT, true).bind(host, port).sync().channel());
            }
            return List.copyOf(bound);
        } catch (Exception e) { // sync() rethrows a failed bind's IOException undeclared
            bound.forEach(ch -> ch.close().syncUninterruptibly()); // all the port's sockets, or none
            throw e;
        }
    }

    /**
     * Fails when another socket has the port. Sockets sharing a port with SO_REUSEPORT bind beside
     * any other that set it too, such as a second serve-local on the same spec; that one must be
     * told the port is taken, as it would be without the option.
     */
    private static void probe(String host, int port) throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // a port whose last connections linger in TIME_WAIT is free
            probe.bind(new InetSocketAddress(host, port));
        }
    }
}
