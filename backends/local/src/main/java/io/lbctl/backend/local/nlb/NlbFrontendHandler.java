package io.lbctl.backend.local.nlb;

import io.lbctl.backend.local.ByteRelay;
import io.lbctl.backend.local.Transports;
import io.lbctl.backend.local.store.ZoneNode;
import io.lbctl.backend.local.tls.TlsContexts;
import io.lbctl.model.aws.SslPolicies;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * The client side of one connection through a zone's node. Auto-read is off. On a TCP listener
 * the target is chosen as soon as the client is accepted; on a TLS listener once the client's
 * handshake is done (the pipeline's SniHandler picked the certificate), so that the protocol ALPN
 * agreed is known. The target is chosen once, for the life of the connection, and connected to
 * from the node's own address, as an NLB without client IP preservation does, or from the client's
 * with {@code preserve_client_ip.enabled} (on a port of its own: the client's is the client's
 * socket's). Then come TLS if the group's targets speak it, the proxy protocol header if the group
 * wants one (with the client's first bytes, or ahead of the target's TLS handshake), whatever the
 * client sent meanwhile, and only then is the client read further; each side pauses while the
 * other cannot take more. A FIN from either side is passed on as a half-close ({@link
 * HalfClosure}). No usable target, a target that refuses, and the listener's idle timeout all
 * reset the client. (A target off loopback, on a widened target network, is connected to from any
 * local address.)
 */
final class NlbFrontendHandler extends ChannelInboundHandlerAdapter {
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final NlbRoute route;
    private final ZoneNode node;
    private final FlowChooser chooser;
    private final NlbConnections connections;
    private final TlsContexts contexts;
    /** Decrypted bytes that arrived with the end of the TLS handshake, before the target was connected. */
    private final ArrayDeque<Object> early = new ArrayDeque<>();
    private HalfClosure halves;
    private Channel toTarget;
    /** A proxy protocol header is to go ahead of the client's first bytes. */
    private boolean headerDue;
    private boolean relaying;

    NlbFrontendHandler(NlbRoute route, ZoneNode node, FlowChooser chooser, NlbConnections connections, TlsContexts contexts) {
        this.route = route;
        this.node = node;
        this.chooser = chooser;
        this.connections = connections;
        this.contexts = contexts;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        halves = new HalfClosure(ctx.channel());
        if (route.tls().isPresent()) {
            ctx.read(); // the TLS handler reads on until the handshake is done; the target is chosen then
        } else {
            connect(ctx.channel(), List.of());
        }
    }

    private void connect(Channel client, List<String> alpn) {
        InetSocketAddress from = (InetSocketAddress) client.remoteAddress();
        InetSocketAddress to = (InetSocketAddress) client.localAddress();
        Optional<FlowChooser.Choice> choice = chooser.choose(route, node.zone(), from, to);
        if (choice.isEmpty()) {
            NlbConnections.reset(client); // no target in scope: AWS resets the connection
            return;
        }
        NlbRoute.Group group = choice.get().group();
        NlbRoute.Target target = choice.get().target();
        Bootstrap b = new Bootstrap().group(client.eventLoop())
                .channelFactory(Transports.clientChannel(target.address().getAddress()))
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true) // TCP_NODELAY is Netty's default
                .option(ChannelOption.ALLOCATOR, Transports.allocator())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .handler(new NlbBackendHandler(client, halves));
        ChannelFuture connect;
        InetAddress source = group.sourceFor(from.getAddress(), to.getAddress(), target.address());
        if (source != null) {
            if (Transports.nativeEpoll()) {
                b.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true); // the port is picked at connect
            }
            connect = b.connect(target.address(), new InetSocketAddress(source, 0));
        } else {
            connect = b.connect(target.address());
        }
        toTarget = connect.channel();
        connect.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                NlbConnections.reset(client);
                return;
            }
            connections.relayed(target.key(group.arn()), node.zone(), client, toTarget);
            if (group.proxyProtocolV2()) {
                if (group.tlsTargets()) {
                    // It precedes the handshake, which starts now: the header is in the TCP stream.
                    ProxyProtocolV2.write(toTarget, from, to);
                } else {
                    headerDue = true; // sent with the client's first bytes
                }
            }
            if (group.tlsTargets()) {
                // Re-encrypted under AWS's back-end policy, the target's certificate unchecked, as AWS does.
                String policy = route.tls().map(NlbRoute.Tls::policy).orElse(SslPolicies.API_DEFAULT);
                toTarget.pipeline().addFirst("tls", contexts.nlbTarget(policy, alpn)
                        .newHandler(toTarget.alloc(), target.address().getHostString(), target.address().getPort()));
            }
            relaying = true;
            while (!early.isEmpty()) {
                toTarget(client, early.poll());
            }
            toTarget.flush();
            halves.attach(toTarget);
            if (client.isActive()) {
                ByteRelay.resume(client); // its FIN may have come already, with what it sent
            } else {
                NlbConnections.closeOnFlush(toTarget);
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!relaying) {
            early.add(msg); // not read on until the target is connected, so this stays small
            return;
        }
        if (!toTarget.isActive()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        toTarget(ctx.channel(), msg);
    }

    /** Relays what the client sent, after the proxy protocol header if it is still due. */
    private void toTarget(Channel client, Object msg) {
        if (headerDue) {
            headerDue = false;
            ProxyProtocolV2.write(toTarget, (InetSocketAddress) client.remoteAddress(),
                    (InetSocketAddress) client.localAddress());
        }
        ByteRelay.relay(client, toTarget, msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (relaying) {
            toTarget.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (relaying) {
            ByteRelay.drained(ctx.channel(), toTarget);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                String agreed = ctx.pipeline().get(SslHandler.class).applicationProtocol();
                connect(ctx.channel(), agreed == null ? List.of() : List.of(agreed));
            } // a failed handshake: the TLS handler has closed the connection already
            return;
        }
        if (evt == ChannelInputShutdownEvent.INSTANCE || evt instanceof SslCloseCompletionEvent) {
            halves.clientDone();
            return;
        }
        if (evt instanceof IdleStateEvent) {
            NlbConnections.resetBoth(ctx.channel(), toTarget); // no data either way for the idle timeout
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        early.forEach(ReferenceCountUtil::release);
        early.clear();
        if (toTarget != null) {
            NlbConnections.closeOnFlush(toTarget);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        NlbConnections.closeOnFlush(ctx.channel());
    }
}
