package io.lbctl.backend.local.nlb;

import io.lbctl.backend.local.Transports;
import io.lbctl.backend.local.store.ZoneNode;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The UDP side of one listener on one zone node: the handler of the listener's datagram socket.
 * A datagram from a client address and port not seen within the idle timeout starts a flow: the
 * target is chosen once, by the same rules as a TCP connection's ({@link FlowChooser#chooseUdp}),
 * and the flow gets its own socket, connected to the target and bound to the client's address (AWS
 * preserves it for UDP; a client off loopback, the node's), so the target's replies on it belong
 * to that client alone and go back from the listener's address and port. Later datagrams of the flow go to the same target. A flow with no datagram either way
 * for the idle timeout (AWS: 120 s) is closed and forgotten, so the client's next datagram counts
 * as a new flow. The flows live on the listener socket's event loop, so the table needs no lock.
 */
final class UdpRelay extends SimpleChannelInboundHandler<DatagramPacket> {
    /** AWS's UDP idle timeout, fixed: no attribute changes it. */
    static final Duration AWS_IDLE_TIMEOUT = Duration.ofSeconds(120);
    /** Room for the largest UDP payload, so that no datagram is silently cut short. */
    private static final int MAX_DATAGRAM = 65_535;

    /** One client's flow: its socket to the target, and whether that socket is connected yet. */
    private record Flow(Channel channel, ChannelFuture connected) {
    }

    private final ZoneNode node;
    private final int port;
    private final Supplier<NlbRoute> route;
    private final FlowChooser chooser;
    private final NlbConnections connections;
    private final Duration idleTimeout;
    private final Map<InetSocketAddress, Flow> flows = new HashMap<>();

    UdpRelay(ZoneNode node, int port, Supplier<NlbRoute> route, FlowChooser chooser, NlbConnections connections,
             Duration idleTimeout) {
        this.node = node;
        this.port = port;
        this.route = route;
        this.chooser = chooser;
        this.connections = connections;
        this.idleTimeout = idleTimeout;
    }

    /** The datagram channel class that goes with the event loops {@link Transports} makes. */
    static Class<? extends DatagramChannel> channelClass() {
        return Transports.nativeEpoll() ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    /** Binds a listener's UDP socket on the node's address; its flows end with it. */
    static Channel bind(io.netty.channel.EventLoopGroup loops, UdpRelay relay) throws InterruptedException {
        Channel ch = new Bootstrap().group(loops).channel(channelClass())
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                .handler(relay).bind(relay.node.address(), relay.port).sync().channel();
        ch.closeFuture().addListener(f -> ch.eventLoop().execute(relay::closeFlows));
        return ch;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        InetSocketAddress client = packet.sender();
        Flow flow = flows.get(client);
        if (flow == null || !flow.channel().isOpen()) {
            flow = open(ctx.channel(), client);
            if (flow == null) {
                return; // no listener any more, or no target: the datagram is dropped, as AWS drops it
            }
        }
        ByteBuf payload = packet.content().retain();
        Channel toTarget = flow.channel();
        flow.connected().addListener(f -> { // at once when connected; otherwise in order once it is
            if (f.isSuccess() && toTarget.isActive()) {
                toTarget.writeAndFlush(payload, toTarget.voidPromise());
            } else {
                payload.release();
            }
        });
    }

    /** Chooses the new flow's target and opens its socket, or returns null when there is none. */
    private Flow open(Channel listener, InetSocketAddress client) {
        NlbRoute current = route.get();
        if (current == null) {
            return null;
        }
        var choice = chooser.chooseUdp(current, node.zone(), client, new InetSocketAddress(node.address(), port));
        if (choice.isEmpty()) {
            return null;
        }
        NlbRoute.Target target = choice.get().target();
        InetAddress source = choice.get().group().sourceFor(client.getAddress(),
                ((InetSocketAddress) listener.localAddress()).getAddress(), target.address());
        ChannelFuture connected = new Bootstrap().group(listener.eventLoop()).channel(channelClass())
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                .handler(new io.netty.channel.ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new IdleStateHandler(0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS),
                                new Replies(listener, client));
                    }
                })
                .connect(target.address(), source == null ? null : new InetSocketAddress(source, 0));
        Flow flow = new Flow(connected.channel(), connected);
        flows.put(client, flow);
        connections.flowOpened(target.key(choice.get().group().arn()), node.zone(), flow.channel());
        connected.addListener(f -> {
            if (!f.isSuccess()) {
                flow.channel().close();
            }
        });
        flow.channel().closeFuture().addListener(f -> flows.remove(client, flow)); // on this same event loop
        return flow;
    }

    private void closeFlows() {
        List.copyOf(flows.values()).forEach(f -> f.channel().close());
        flows.clear();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A send or receive error on the listener's socket concerns one datagram; the socket carries on.
    }

    /** A flow's socket: passes the target's datagrams back to the client, and ends the flow when idle. */
    private static final class Replies extends ChannelInboundHandlerAdapter {
        private final Channel listener;
        private final InetSocketAddress client;

        Replies(Channel listener, InetSocketAddress client) {
            this.listener = listener;
            this.client = client;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf payload = msg instanceof DatagramPacket p ? p.content().retain()
                    : msg instanceof ByteBuf b ? b.retain() : null;
            ReferenceCountUtil.release(msg);
            if (payload == null) {
                return;
            }
            if (listener.isActive()) {
                listener.writeAndFlush(new DatagramPacket(payload, client), listener.voidPromise());
            } else {
                payload.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                ctx.close(); // forgotten: the flow table drops it when the close completes
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP port unreachable from a target that is not listening: the datagram is lost, as on AWS,
            // and the flow stays until it idles out.
        }
    }
}
