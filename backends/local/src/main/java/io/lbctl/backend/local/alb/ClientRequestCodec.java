package io.lbctl.backend.local.alb;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * The HTTP/1 codec on a client connection, as lenient as ALB. Netty's strict defaults refuse
 * with 400 what ALB forwards as Acceptable or Ambiguous by HDG's rules: lines ended by a bare
 * LF, control characters in a value, header names that are not tokens. Here only CR, LF and NUL
 * inside a name or value, which HDG rates Severe, and an empty name are refused; the desync
 * guard ahead of the codec rules on the rest by the load balancer's mode.
 */
final class ClientRequestCodec {
    static final int MAX_INITIAL_LINE = 16 * 1024;
    static final int MAX_HEADER_SIZE = 64 * 1024;
    private static final int MAX_CHUNK = 8192;

    private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory()
            .withNameValidator(ClientRequestCodec::checkName).withValueValidator(ClientRequestCodec::checkValue);
    private static final HttpHeadersFactory TRAILERS = DefaultHttpHeadersFactory.trailersFactory()
            .withNameValidator(ClientRequestCodec::checkName).withValueValidator(ClientRequestCodec::checkValue);

    private ClientRequestCodec() {
    }

    static HttpServerCodec create() {
        return new HttpServerCodec(new HttpDecoderConfig().setMaxInitialLineLength(MAX_INITIAL_LINE)
                .setMaxHeaderSize(MAX_HEADER_SIZE).setMaxChunkSize(MAX_CHUNK).setStrictLineParsing(false)
                .setHeadersFactory(HEADERS).setTrailersFactory(TRAILERS));
    }

    private static void checkName(CharSequence name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty header name");
        }
        checkValue(name);
    }

    private static void checkValue(CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("CR, LF or NUL in a header");
            }
        }
    }
}
