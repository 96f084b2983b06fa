package io.lbctl.backend.local.alb;

import io.lbctl.backend.local.alb.desync.Classification;
import io.lbctl.backend.local.alb.desync.DesyncClassifier;
import io.lbctl.backend.local.alb.desync.Tier;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * ALB's HTTP desync mitigation. It reads the raw bytes ahead of the HTTP decoder, classifies
 * each request head by HDG's rules, and acts by the load balancer's mode: {@code monitor} lets
 * everything through; {@code defensive} refuses Severe requests with a 400 and lets Ambiguous
 * ones through but ends both the client and the target connection after them;
 * {@code strictest} refuses all but Compliant requests. To find the next head it follows each
 * body (Content-Length or chunked). Bytes it cannot frame (an undefined body, an upgrade to
 * another protocol) pass through unexamined, and the connection closes after that response
 * unless it changed protocol.
 */
final class DesyncGuardHandler extends ChannelInboundHandlerAdapter {
    private static final int MAX_HEAD = ClientRequestCodec.MAX_INITIAL_LINE + ClientRequestCodec.MAX_HEADER_SIZE + 1024;
    private static final int MAX_CHUNK_LINE = 4096;
    /** How much of the buffer is looked at first for a head; nearly every head fits. */
    private static final int FIRST_LOOK = 4096;
    private static final byte[] PREFACE = "PRI * HTTP/2.0".getBytes(StandardCharsets.US_ASCII);
    /** "upgrade:" with every letter lower case; the colon's 0x20 bit is already set. */
    private static final byte[] UPGRADE = "upgrade:".getBytes(StandardCharsets.US_ASCII);

    private enum State { HEAD, BODY, CHUNK_SIZE, CHUNK_DATA, TRAILERS, PASS_THROUGH, BLOCKED }

    private final Supplier<String> mode;
    /** Per allowed request, in order: whether the connections must end after its response. */
    private final ArrayDeque<Boolean> closeAfter = new ArrayDeque<>();
    /** Bytes of an unfinished part, kept from one read to the next. */
    private ByteBuf pending;
    /** What the current read works on: the socket's buffer or {@link #pending}. */
    private ByteBuf buffer;
    private State state = State.HEAD;
    private long remaining;
    /** A copy of the bytes a head is looked for in, kept from one request to the next. */
    private final byte[] scratch = new byte[FIRST_LOOK];

    DesyncGuardHandler(Supplier<String> mode) {
        this.mode = mode;
    }

    /**
     * Whether the connections must end after the request the handler is about to answer: it was
     * Ambiguous under defensive mode, or its body's end could not be known.
     */
    boolean closeAfterNext() {
        Boolean close = closeAfter.pollFirst();
        return close != null && close;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (state == State.PASS_THROUGH) {
            ctx.fireChannelRead(in);
            return;
        }
        if (state == State.BLOCKED) {
            in.release();
            return;
        }
        // Bytes are read straight from the socket's buffer; only an unfinished part is kept.
        ByteBuf data;
        if (pending == null) {
            data = in;
        } else {
            pending.writeBytes(in);
            in.release();
            data = pending;
        }
        buffer = data;
        while (data.isReadable() && step(ctx)) {
            // each step consumes bytes of one part and forwards them
        }
        buffer = null;
        if (state == State.PASS_THROUGH && data.isReadable()) {
            ctx.fireChannelRead(data.retainedSlice());
            data.skipBytes(data.readableBytes());
        }
        if (!data.isReadable() || state == State.BLOCKED || state == State.PASS_THROUGH) {
            data.release();
            pending = null;
        } else if (data == in) {
            pending = ctx.alloc().buffer(Math.max(256, in.readableBytes() * 2));
            pending.writeBytes(in);
            in.release();
        } else {
            pending.discardSomeReadBytes();
        }
    }

    /** Handles what the buffer holds for the current state; false when more bytes are needed. */
    private boolean step(ChannelHandlerContext ctx) {
        return switch (state) {
            case HEAD -> head(ctx);
            case BODY, CHUNK_DATA -> {
                int n = (int) Math.min(remaining, buffer.readableBytes());
                ctx.fireChannelRead(buffer.readRetainedSlice(n));
                remaining -= n;
                if (remaining == 0) {
                    state = state == State.BODY ? State.HEAD : State.CHUNK_SIZE;
                }
                yield true;
            }
            case CHUNK_SIZE -> chunkSize(ctx);
            case TRAILERS -> trailers(ctx);
            case PASS_THROUGH, BLOCKED -> false;
        };
    }

    private boolean head(ChannelHandlerContext ctx) {
        int start = buffer.readerIndex();
        while (start < buffer.writerIndex() && (buffer.getByte(start) == '\r' || buffer.getByte(start) == '\n')) {
            start++; // empty lines before a request line are ignored, as HTTP allows
        }
        if (start > buffer.readerIndex()) {
            ctx.fireChannelRead(buffer.readRetainedSlice(start - buffer.readerIndex()));
        }
        int readable = buffer.readableBytes();
        byte[] bytes = scratch;
        int seen = Math.min(readable, FIRST_LOOK);
        buffer.getBytes(buffer.readerIndex(), bytes, 0, seen);
        int length = DesyncClassifier.headLength(bytes, 0, seen);
        if (length < 0 && readable > seen) {
            seen = Math.min(readable, MAX_HEAD + 1); // a large head, rare: a copy of its own
            bytes = new byte[seen];
            buffer.getBytes(buffer.readerIndex(), bytes);
            length = DesyncClassifier.headLength(bytes, 0, seen);
        }
        if (length < 0) {
            if (readable > MAX_HEAD) {
                state = State.PASS_THROUGH; // the decoder refuses an oversized head
            }
            return false;
        }
        if (startsWith(bytes, seen, PREFACE)) {
            state = State.PASS_THROUGH; // HTTP/2 with prior knowledge: frames follow, not heads
            return false;
        }
        Classification c = DesyncClassifier.classify(bytes, 0, length);
        if (!allowed(c.tier())) {
            state = State.BLOCKED;
            buffer.skipBytes(buffer.readableBytes());
            DefaultFullHttpRequest refused = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/",
                    Unpooled.EMPTY_BUFFER);
            refused.setDecoderResult(DecoderResult.failure(new DecoderException("desync mitigation: " + c.tier()
                    + " request (" + c.reasons() + ")")));
            ctx.fireChannelRead(refused); // the request handler answers 400 and closes
            return false;
        }
        boolean upgrade = hasUpgrade(bytes, length);
        boolean close = (c.tier() == Tier.AMBIGUOUS && "defensive".equals(currentMode())) || !c.framingDefined() && !upgrade;
        closeAfter.addLast(close);
        ctx.fireChannelRead(buffer.readRetainedSlice(length));
        if (upgrade || !c.framingDefined()) {
            state = State.PASS_THROUGH; // another protocol, or a body whose end cannot be known
            return false;
        }
        switch (c.framing()) {
            case CONTENT_LENGTH -> {
                remaining = c.contentLength().orElse(0);
                state = remaining == 0 ? State.HEAD : State.BODY;
            }
            case CHUNKED -> state = State.CHUNK_SIZE;
            default -> state = State.HEAD;
        }
        return true;
    }

    private boolean chunkSize(ChannelHandlerContext ctx) {
        int lf = buffer.indexOf(buffer.readerIndex(), buffer.writerIndex(), (byte) '\n');
        if (lf < 0) {
            if (buffer.readableBytes() > MAX_CHUNK_LINE) {
                state = State.PASS_THROUGH; // the decoder refuses it
            }
            return false;
        }
        String line = buffer.toString(buffer.readerIndex(), lf - buffer.readerIndex(), StandardCharsets.ISO_8859_1);
        int end = line.indexOf(';');
        String hex = (end < 0 ? line : line.substring(0, end)).strip();
        ctx.fireChannelRead(buffer.readRetainedSlice(lf + 1 - buffer.readerIndex()));
        try {
            long size = Long.parseLong(hex, 16);
            if (size < 0) {
                throw new NumberFormatException(hex);
            }
            remaining = size + 2; // the data and its CRLF
            state = size == 0 ? State.TRAILERS : State.CHUNK_DATA;
        } catch (NumberFormatException e) {
            state = State.PASS_THROUGH; // the decoder refuses a bad chunk size
        }
        return true;
    }

    private boolean trailers(ChannelHandlerContext ctx) {
        int lf = buffer.indexOf(buffer.readerIndex(), buffer.writerIndex(), (byte) '\n');
        if (lf < 0) {
            if (buffer.readableBytes() > MAX_HEAD) {
                state = State.PASS_THROUGH;
            }
            return false;
        }
        boolean empty = lf == buffer.readerIndex() || (lf == buffer.readerIndex() + 1 && buffer.getByte(buffer.readerIndex()) == '\r');
        ctx.fireChannelRead(buffer.readRetainedSlice(lf + 1 - buffer.readerIndex()));
        if (empty) {
            state = State.HEAD;
        }
        return true;
    }

    private boolean allowed(Tier tier) {
        return switch (currentMode()) {
            case "monitor" -> true;
            case "strictest" -> tier == Tier.COMPLIANT;
            default -> tier != Tier.SEVERE;
        };
    }

    private String currentMode() {
        String m = mode.get();
        return m == null ? "defensive" : m;
    }

    /** Whether a header line starts with "Upgrade:", in any case. */
    private static boolean hasUpgrade(byte[] head, int length) {
        outer:
        for (int i = 0; i + UPGRADE.length < length; i++) {
            if (head[i] != '\n') {
                continue;
            }
            for (int k = 0; k < UPGRADE.length; k++) {
                if ((head[i + 1 + k] | 0x20) != UPGRADE[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean startsWith(byte[] bytes, int length, byte[] prefix) {
        return length >= prefix.length && java.util.Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }
}
