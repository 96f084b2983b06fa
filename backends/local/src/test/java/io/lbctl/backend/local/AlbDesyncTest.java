package io.lbctl.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Desync mitigation on a live listener, in each of AWS's three modes: what reaches the target,
 * what the client gets, and whether the connection survives.
 */
class AlbDesyncTest extends AlbTestBase {
    private static final String COMPLIANT = "GET /ok HTTP/1.1\r\nHost: h.com\r\n\r\n";
    /** Acceptable: a GET that declares an empty body. */
    private static final String ACCEPTABLE = "GET /acceptable HTTP/1.1\r\nHost: h.com\r\nContent-Length: 0\r\n\r\n";
    /** Ambiguous: a header name that only looks like Transfer-Encoding. */
    private static final String AMBIGUOUS = "POST /ambiguous HTTP/1.1\r\nHost: h.com\r\nContent-Length: 2\r\n"
            + "Transfer_Encoding: chunked\r\n\r\nhi";
    /** Severe: two Content-Length headers that disagree. */
    private static final String SEVERE = "POST /severe HTTP/1.1\r\nHost: h.com\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nhi";

    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listener() {
        int target = targets.start(e -> {
            if (!String.valueOf(e.getRequestHeaders().getFirst("User-Agent")).startsWith("ELB-HealthChecker")) {
                seen.add(e.getRequestURI() + " connection=" + e.getRequestHeaders().getFirst("Connection"));
            }
            return new TestTargets.Answer(200, "ok");
        });
        String tg = local.elb.createTargetGroup(r -> r.name("t").protocol("HTTP").port(80).vpcId("vpc-12345678")
                .targetType("ip")).targetGroups().get(0).targetGroupArn();
        local.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("127.0.0.1").port(target)));
        local.elb.createListener(r -> r.loadBalancerArn(alb).protocol("HTTP").port(port)
                .defaultActions(a -> a.type("forward").targetGroupArn(tg)));
    }

    private void mode(String mode) {
        local.elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(alb).attributes(
                a -> a.key("routing.http.desync_mitigation_mode").value(mode)));
    }

    /** Sends {@code request} then a compliant one on the same connection; returns all that came back. */
    private String exchange(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.2", port)) {
            s.setSoTimeout(3000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            String first = readResponse(s.getInputStream());
            try {
                s.getOutputStream().write(COMPLIANT.getBytes(StandardCharsets.ISO_8859_1));
                return first + "|" + readResponse(s.getInputStream());
            } catch (IOException closed) {
                return first + "|closed";
            }
        }
    }

    /** One response, or what arrived until the connection closed. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        try {
            while ((b = in.read()) >= 0) {
                out.write(b);
                String text = out.toString(StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end > 0) {
                    int length = text.toLowerCase().contains("content-length: ")
                            ? Integer.parseInt(text.replaceAll("(?is).*content-length: (\\d+).*", "$1")) : 0;
                    if (out.size() >= end + 4 + length) {
                        break;
                    }
                }
            }
        } catch (SocketTimeoutException e) {
            return out.toString(StandardCharsets.ISO_8859_1) + "<timeout>";
        }
        String text = out.toString(StandardCharsets.ISO_8859_1);
        return text.isEmpty() ? "closed" : text.substring(0, text.indexOf("\r\n"));
    }

    @Test
    void defensiveServesCompliantAndAcceptableAndKeepsTheConnection() throws Exception {
        assertThat(exchange(COMPLIANT)).isEqualTo("HTTP/1.1 200 OK|HTTP/1.1 200 OK");
        assertThat(exchange(ACCEPTABLE)).isEqualTo("HTTP/1.1 200 OK|HTTP/1.1 200 OK");
    }

    @Test
    void defensiveServesAnAmbiguousRequestThenClosesBothConnections() throws Exception {
        assertThat(exchange(AMBIGUOUS)).isEqualTo("HTTP/1.1 200 OK|closed");
        assertThat(seen).containsExactly("/ambiguous connection=close");
    }

    @Test
    void defensiveRefusesASevereRequestWith400AndCloses() throws Exception {
        assertThat(exchange(SEVERE)).isEqualTo("HTTP/1.1 400 Bad Request|closed");
        assertThat(seen).isEmpty();
    }

    @Test
    void strictestRefusesAllButCompliant() throws Exception {
        mode("strictest");
        assertThat(exchange(COMPLIANT)).isEqualTo("HTTP/1.1 200 OK|HTTP/1.1 200 OK");
        assertThat(exchange(ACCEPTABLE)).isEqualTo("HTTP/1.1 400 Bad Request|closed");
        assertThat(exchange(AMBIGUOUS)).isEqualTo("HTTP/1.1 400 Bad Request|closed");
        assertThat(seen).containsExactly("/ok connection=null", "/ok connection=null");
    }

    @Test
    void monitorLetsAmbiguousRequestsThroughAndKeepsTheConnection() throws Exception {
        mode("monitor");
        assertThat(exchange(AMBIGUOUS)).isEqualTo("HTTP/1.1 200 OK|HTTP/1.1 200 OK");
        assertThat(seen).containsExactly("/ambiguous connection=null", "/ok connection=null");
    }

    @Test
    void requestsHdgRatesAcceptableAreForwardedThoughNotStrictHttp() throws Exception {
        assertThat(exchange("GET /bare-lf HTTP/1.1\nHost: h.com\n\n")).isEqualTo("HTTP/1.1 200 OK|HTTP/1.1 200 OK");
        assertThat(exchange("GET /control HTTP/1.1\r\nHost: h.com\r\nX-Ctl: a\u0001b\r\n\r\n"))
                .isEqualTo("HTTP/1.1 200 OK|HTTP/1.1 200 OK");
        assertThat(seen).containsExactly("/bare-lf connection=null", "/ok connection=null", "/control connection=null",
                "/ok connection=null");
    }

    @Test
    void crLfOrNulInsideAHeaderIsRefusedEvenInMonitorMode() throws Exception {
        mode("monitor");
        assertThat(exchange("GET /nul HTTP/1.1\r\nHost: h.com\r\nX-Nul: a\u0000b\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(seen).isEmpty();
    }

    @Test
    void anUpgradeThatSwitchesNothingEndsTheConnectionSinceWhatFollowsWasNotClassified() throws Exception {
        assertThat(exchange("GET /upgrade HTTP/1.1\r\nHost: h.com\r\nConnection: Upgrade\r\nUpgrade: foo/1\r\n\r\n"))
                .isEqualTo("HTTP/1.1 200 OK|closed");
    }

    @Test
    void aChunkedBodyIsFollowedToTheNextRequest() throws Exception {
        String chunked = "POST /chunked HTTP/1.1\r\nHost: h.com\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n0\r\nX-Trailer: 1\r\n\r\n";
        assertThat(exchange(chunked)).isEqualTo("HTTP/1.1 200 OK|HTTP/1.1 200 OK");
        assertThat(seen).containsExactly("/chunked connection=null", "/ok connection=null");
    }
}
