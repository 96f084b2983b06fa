package io.lbctl.backend.local.alb;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The responses of an HTTP/2 connection's streams are flushed from the targets' reads; gathered
 * below the frame codec, they leave in one write per event-loop turn instead of one per stream.
 * Above the codec the gathering would see only the streams' flushes, not the codec's own.
 */
class AlbHttp2FlushTest {
    @Test
    void flushesAreGatheredBelowTheFrameCodec() {
        EmbeddedChannel ch = new EmbeddedChannel();
        AlbHttp2Connection.addTo(ch.pipeline(), "arn:listener", null, 0);
        List<String> names = ch.pipeline().names();
        String codec = ch.pipeline().context(Http2FrameCodec.class).name();
        String flush = ch.pipeline().context(FlushConsolidationHandler.class).name();
        assertThat(names.indexOf(flush)).isLessThan(names.indexOf(codec));
        ch.finishAndReleaseAll();
    }
}
