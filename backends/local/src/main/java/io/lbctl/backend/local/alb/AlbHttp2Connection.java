package io.lbctl.backend.local.alb;

import io.lbctl.backend.local.IdleTimeoutHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.HashSet;
import java.util.Set;

/**
 * One client HTTP/2 connection, as ALB runs it; each stream gets a request handler of its own.
 * <p>
 * ALB ends a connection after 10,000 requests, or at the first request past the client
 * keep-alive duration: GOAWAY names that stream as the last, and the connection closes once
 * every stream in flight has finished, however long that takes (the frame codec waits with no
 * cap). The idle timeout applies to the whole connection: with no data either way for the
 * timeout it closes, open streams or not; PING frames and their ACKs are no data to it, as to
 * ALB. Only a stream whose request is still at a silent target holds it open: that target's own
 * idle timeout answers it 504, which is data again.
 */
final class AlbHttp2Connection extends ChannelInboundHandlerAdapter {
    static final int MAX_REQUESTS = 10_000;

    private final String listenerArn;
    private final AlbRequestHandler.Context context;
    /** When the connection was accepted, by the runtime's clock. */
    private final long openedAt;
    /** Open streams; like all the connection's state, touched only on its event loop. */
    private final Set<Http2StreamChannel> streams = new HashSet<>();
    private int opened;
    private boolean goingAway;

    private AlbHttp2Connection(String listenerArn, AlbRequestHandler.Context context, long openedAt) {
        this.listenerArn = listenerArn;
        this.context = context;
        this.openedAt = openedAt;
    }

    /** Ends {@code p} with HTTP/2, for a connection that negotiated it or began with its preface. */
    static void addTo(ChannelPipeline p, String listenerArn, AlbRequestHandler.Context context, long openedAt) {
        AlbHttp2Connection connection = new AlbHttp2Connection(listenerArn, context, openedAt);
        p.addLast(new AlbHttp2FrameCodecBuilder().build(), connection.multiplexer(), connection);
    }

    /** Switches an HTTP/1.1 connection that asked for h2c to HTTP/2. */
    static Http2ServerUpgradeCodec upgrade(String listenerArn, AlbRequestHandler.Context context, long openedAt) {
        AlbHttp2Connection connection = new AlbHttp2Connection(listenerArn, context, openedAt);
        return new Http2ServerUpgradeCodec(new AlbHttp2FrameCodecBuilder().build(), connection.multiplexer(), connection);
    }

    /**
     * Closes a client connection without waiting for its HTTP/2 streams to finish, as stopping
     * the runtime must; call it on the connection's event loop.
     */
    static void closeNow(Channel ch) {
        Http2FrameCodec codec = ch.pipeline().get(Http2FrameCodec.class);
        if (codec != null) {
            codec.gracefulShutdownTimeoutMillis(0);
        }
        ch.close();
    }

    /**
     * A stream's response is flushed when its target answers, which is a read on the target's
     * connection, not this one; each would be a write of its own. Flushes made outside this
     * connection's reads are gathered until the event loop has handled the rest of what it woke
     * for, so the responses of many streams leave in one write (one system call instead of one per
     * stream, measured with bench/run). Placed below the frame codec, which both the prior-knowledge
     * and the upgrade path put in place before this handler.
     */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ChannelHandlerContext codec = ctx.pipeline().context(Http2FrameCodec.class);
        if (codec != null && ctx.pipeline().get(FlushConsolidationHandler.class) == null) {
            ctx.pipeline().addBefore(codec.name(), "flush", new FlushConsolidationHandler(
                    FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
            IdleTimeoutHandler idle = ctx.pipeline().get(IdleTimeoutHandler.class);
            if (idle != null) {
                ctx.pipeline().addAfter(codec.name(), "frame-activity", new FrameActivity(idle));
            }
        }
    }

    /**
     * Tells the idle timeout which frames were read: AWS's ALB does not count HTTP/2 PING frames as
     * activity, so a client that only pings is closed at the idle timeout all the same.
     */
    private static final class FrameActivity extends ChannelInboundHandlerAdapter {
        private final IdleTimeoutHandler idle;

        FrameActivity(IdleTimeoutHandler idle) {
            this.idle = idle;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            idle.frameRead(msg instanceof Http2PingFrame);
            ctx.fireChannelRead(msg);
        }
    }

    private Http2MultiplexHandler multiplexer() {
        return new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true),
                        new HttpObjectAggregator(AlbDataPlane.MAX_REQUEST_BODY),
                        new AlbRequestHandler(listenerArn, context));
                streams.add(stream);
                stream.closeFuture().addListener(f -> streams.remove(stream));
                ListenerRoute route = context.routes().apply(listenerArn);
                boolean keepAliveOver = route != null && route.settings().keepAliveOver(openedAt, context.clock().millis());
                if (!goingAway && (++opened == MAX_REQUESTS || keepAliveOver)) {
                    // This stream is the last: it is answered, and so is every one still in flight.
                    goingAway = true;
                    stream.parent().writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
                    stream.closeFuture().addListener(f -> stream.parent().close());
                }
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof IdleStateEvent)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        for (Http2StreamChannel stream : streams) {
            AlbRequestHandler handler = stream.pipeline().get(AlbRequestHandler.class);
            if (handler != null && handler.waitsOnTarget(stream)) {
                return;
            }
        }
        closeNow(ctx.channel()); // streams left idle, paused or half-sent are not waited for
    }
}
