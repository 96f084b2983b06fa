package io.lbctl.backend.local.alb;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Responses the load balancer makes itself, with ALB's Server header and error pages. */
final class AlbResponses {
    static final String SERVER = "awselb/2.0";

    private AlbResponses() {
    }

    static FullHttpResponse of(int status, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status(status), Unpooled.wrappedBuffer(bytes));
        r.headers().set(HttpHeaderNames.SERVER, SERVER);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return r;
    }

    /** ALB's own error page for {@code status}. */
    static FullHttpResponse error(int status) {
        String line = status + " " + status(status).reasonPhrase();
        return of(status, "text/html", "<html>\r\n<head><title>" + line + "</title></head>\r\n<body>\r\n<center><h1>"
                + line + "</h1></center>\r\n</body>\r\n</html>\r\n");
    }

    static HttpResponseStatus status(int code) {
        return switch (code) {
            case 460 -> new HttpResponseStatus(460, "Client Closed Request");
            case 463 -> new HttpResponseStatus(463, "Too Many X-Forwarded-For Addresses");
            case 464 -> new HttpResponseStatus(464, "Incompatible Protocol");
            default -> HttpResponseStatus.valueOf(code);
        };
    }
}
