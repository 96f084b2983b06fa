package io.lbctl.backend.local.nlb;

import io.lbctl.backend.local.Transports;
import io.lbctl.backend.local.store.ZoneNode;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The client side of one TCP connection through a zone's node. Auto-read is off: once the client
 * is accepted, a target is chosen (once, for the life of the connection) and connected to from the
 * node's own address, as an NLB without client IP preservation does; only then, after the proxy
 * protocol header if the group wants one, is the client read, one read per completed write in
 * each direction. Either side's close closes the other once what it sent has been flushed. No
 * usable target, a target that refuses, and the listener's idle timeout all reset the client.
 * (A target off loopback, on a widened target network, is connected to from any local address.)
 */
final class NlbFrontendHandler extends ChannelInboundHandlerAdapter {
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final NlbRoute route;
    private final ZoneNode node;
    private final FlowChooser chooser;
    private final NlbConnections connections;
    private Channel toTarget;

    NlbFrontendHandler(NlbRoute route, ZoneNode node, FlowChooser chooser, NlbConnections connections) {
        this.route = route;
        this.node = node;
        this.chooser = chooser;
        this.connections = connections;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel client = ctx.channel();
        InetSocketAddress from = (InetSocketAddress) client.remoteAddress();
        InetSocketAddress to = (InetSocketAddress) client.localAddress();
        Optional<FlowChooser.Choice> choice = chooser.choose(route, node.zone(), from, to);
        if (choice.isEmpty()) {
            NlbConnections.reset(client); // no target in scope: AWS resets the connection
            return;
        }
        NlbRoute.Target target = choice.get().target();
        Bootstrap b = new Bootstrap().group(client.eventLoop()).channel(Transports.clientChannel())
                .option(ChannelOption.AUTO_READ, false).option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .handler(new NlbBackendHandler(client));
        ChannelFuture connect;
        if (fromNodeAddress(to, target.address())) {
            if (Transports.nativeEpoll()) {
                b.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true); // the port is picked at connect
            }
            connect = b.connect(target.address(), new InetSocketAddress(to.getAddress(), 0));
        } else {
            connect = b.connect(target.address());
        }
        toTarget = connect.channel();
        connect.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                NlbConnections.reset(client);
                return;
            }
            connections.relayed(target.key(choice.get().group().arn()), client, toTarget);
            if (choice.get().group().proxyProtocolV2()) {
                ProxyProtocolV2.write(toTarget, from, to);
            }
            if (client.isActive()) {
                client.read();
            } else {
                NlbConnections.closeOnFlush(toTarget);
            }
        });
    }

    /**
     * True when the target can be reached from the node's address: same family, and both on
     * loopback or both off it (a loopback source cannot reach a target on a widened target network).
     */
    private static boolean fromNodeAddress(InetSocketAddress node, InetSocketAddress target) {
        return node.getAddress().getClass() == target.getAddress().getClass()
                && node.getAddress().isLoopbackAddress() == target.getAddress().isLoopbackAddress();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (toTarget == null || !toTarget.isActive()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        toTarget.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                ctx.channel().read();
            } else {
                f.channel().close();
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            NlbConnections.resetBoth(ctx.channel(), toTarget); // no data either way for the idle timeout
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (toTarget != null) {
            NlbConnections.closeOnFlush(toTarget);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        NlbConnections.closeOnFlush(ctx.channel());
    }
}
