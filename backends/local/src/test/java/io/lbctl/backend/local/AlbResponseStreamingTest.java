package io.lbctl.backend.local;

import static io.lbctl.backend.local.ScriptedTarget.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * Target responses stream through as they arrive, as ALB relays them: no size limit, a body the
 * target ends by closing, a body cut short, informational responses, and a client that reads
 * slower than the target writes.
 */
class AlbResponseStreamingTest extends AlbTestBase {
    private static final int LARGE = 24 * 1024 * 1024;

    private void forwardTo(ScriptedTarget target) {
        String tg = local.elb.createTargetGroup(r -> r.name("t" + target.port()).protocol("HTTP").port(80)
                .vpcId("vpc-12345678").targetType("ip")).targetGroups().get(0).targetGroupArn();
        local.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("127.0.0.1").port(target.port())));
        local.elb.createListener(r -> r.loadBalancerArn(alb).protocol("HTTP").port(port)
                .defaultActions(a -> a.type("forward").targetGroupArn(tg)));
    }

    private Socket request(String path, boolean close) throws IOException {
        Socket s = new Socket("127.0.0.2", port);
        s.setSoTimeout(10_000);
        s.getOutputStream().write(ascii("GET " + path + " HTTP/1.1\r\nHost: h.com\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n"));
        return s;
    }

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i % 251);
        }
        return b;
    }

    private static long crc(byte[] bytes, int n) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, n);
        return crc.getValue();
    }

    @Test
    void aResponseLargerThanAnyBufferReachesTheClientWhole() throws Exception {
        byte[] body = pattern(LARGE);
        try (ScriptedTarget target = new ScriptedTarget("/big", out -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: " + LARGE + "\r\n\r\n"));
            out.write(body);
        })) {
            forwardTo(target);
            try (Socket client = request("/big", true)) {
                InputStream in = client.getInputStream();
                assertThat(ScriptedTarget.readHead(in)).startsWith("HTTP/1.1 200 ").containsIgnoringCase("content-length: " + LARGE);
                byte[] got = in.readAllBytes();
                assertThat(got.length).isEqualTo(LARGE);
                assertThat(crc(got, got.length)).isEqualTo(crc(body, LARGE));
            }
        }
    }

    @Test
    void aBodyTheTargetEndsByClosingReachesAnHttp11ClientChunkedAndTheConnectionStaysOpen() throws Exception {
        try (ScriptedTarget target = new ScriptedTarget("/until-close", out -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nhello, "));
            out.flush();
            Thread.sleep(50);
            out.write(ascii("world"));
        })) {
            forwardTo(target);
            try (Socket client = request("/until-close", false)) {
                InputStream in = client.getInputStream();
                assertThat(ScriptedTarget.readHead(in)).startsWith("HTTP/1.1 200 ").containsIgnoringCase("transfer-encoding: chunked")
                        .doesNotContainIgnoringCase("connection: close");
                assertThat(readChunked(in)).isEqualTo("hello, world");
                client.getOutputStream().write(ascii("GET /again HTTP/1.1\r\nHost: h.com\r\nConnection: close\r\n\r\n"));
                assertThat(ScriptedTarget.readHead(in)).startsWith("HTTP/1.1 200 ");
            }
        }
    }

    @Test
    void aBodyTheTargetEndsByClosingReachesAnHttp10ClientUpToTheClose() throws Exception {
        try (ScriptedTarget target = new ScriptedTarget("/until-close", out -> out.write(ascii(
                "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nold client")))) {
            forwardTo(target);
            try (Socket client = new Socket("127.0.0.2", port)) {
                client.setSoTimeout(10_000);
                client.getOutputStream().write(ascii("GET /until-close HTTP/1.0\r\nHost: h.com\r\nConnection: keep-alive\r\n\r\n"));
                String all = new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(all).startsWith("HTTP/1.1 200 ").doesNotContainIgnoringCase("transfer-encoding").endsWith("\r\n\r\nold client");
            }
        }
    }

    @Test
    void anHttp10TargetsBodyThatEndsAtItsCloseReachesAnHttp11ClientAsAnHttp11ChunkedResponse() throws Exception {
        try (ScriptedTarget target = new ScriptedTarget("/old-target", out -> out.write(ascii("HTTP/1.0 200 OK\r\n\r\nfrom 1.0")))) {
            forwardTo(target);
            try (Socket client = request("/old-target", true)) {
                InputStream in = client.getInputStream();
                assertThat(ScriptedTarget.readHead(in)).startsWith("HTTP/1.1 200 ").containsIgnoringCase("transfer-encoding: chunked");
                assertThat(readChunked(in)).isEqualTo("from 1.0");
            }
        }
    }

    @Test
    void aChunkedBodyReachesAnHttp10ClientUnchunkedUpToTheClose() throws Exception {
        try (ScriptedTarget target = new ScriptedTarget("/chunked", out -> out.write(ascii(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n, 1.0!\r\n0\r\n\r\n")))) {
            forwardTo(target);
            try (Socket client = new Socket("127.0.0.2", port)) {
                client.setSoTimeout(10_000);
                client.getOutputStream().write(ascii("GET /chunked HTTP/1.0\r\nHost: h.com\r\n\r\n"));
                String all = new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(all).startsWith("HTTP/1.1 200 ").doesNotContainIgnoringCase("transfer-encoding").endsWith("\r\n\r\nhello, 1.0!");
            }
        }
    }

    @Test
    void aResponseHeadReachesTheClientBeforeABodyTheTargetHoldsBack() throws Exception {
        var release = new java.util.concurrent.CountDownLatch(1);
        try (ScriptedTarget target = new ScriptedTarget("/events", out -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"));
            out.flush();
            release.await(10, java.util.concurrent.TimeUnit.SECONDS);
            out.write(ascii("5\r\nevent\r\n0\r\n\r\n"));
        })) {
            forwardTo(target);
            try (Socket client = request("/events", true)) {
                client.setSoTimeout(3_000);
                InputStream in = client.getInputStream();
                assertThat(ScriptedTarget.readHead(in)).as("the head, while the target still holds its body")
                        .startsWith("HTTP/1.1 200 ").containsIgnoringCase("text/event-stream");
                release.countDown();
                assertThat(readChunked(in)).isEqualTo("event");
            }
        }
    }

    @Test
    void aBodyCutShortByTheTargetEndsTheClientConnectionShortOfItsLength() throws Exception {
        try (ScriptedTarget target = new ScriptedTarget("/cut", out -> out.write(ascii(
                "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b")))) {
            forwardTo(target);
            try (Socket client = request("/cut", false)) {
                InputStream in = client.getInputStream();
                assertThat(ScriptedTarget.readHead(in)).startsWith("HTTP/1.1 200 ").containsIgnoringCase("content-length: 100");
                assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII))
                        .as("the rest of the body never comes; the connection closes").isEqualTo("only ten b");
            }
        }
    }

    @Test
    void responseHeadersUpTo32KbPassAndLargerOnesGet502() throws Exception {
        String twentyKb = "x".repeat(20 * 1024);
        String fortyKb = "x".repeat(40 * 1024);
        try (ScriptedTarget target = new ScriptedTarget("/headers", out -> out.write(ascii(
                "HTTP/1.1 200 OK\r\nX-Big: " + twentyKb + "\r\nContent-Length: 2\r\n\r\nok")));
             ScriptedTarget tooBig = new ScriptedTarget("/headers", out -> out.write(ascii(
                     "HTTP/1.1 200 OK\r\nX-Big: " + fortyKb + "\r\nContent-Length: 2\r\n\r\nok")))) {
            forwardTo(target);
            RawHttp.Response fits = RawHttp.get("127.0.0.2", port, "/headers", "h.com");
            assertThat(fits.status()).isEqualTo(200);
            assertThat(fits.header("x-big")).hasSize(20 * 1024);
            String group = local.elb.describeTargetGroups(r -> r.names("t" + target.port())).targetGroups().get(0).targetGroupArn();
            local.elb.deregisterTargets(r -> r.targetGroupArn(group).targets(t -> t.id("127.0.0.1").port(target.port())));
            local.elb.registerTargets(r -> r.targetGroupArn(group).targets(t -> t.id("127.0.0.1").port(tooBig.port())));
            assertThat(RawHttp.get("127.0.0.2", port, "/headers", "h.com").status()).isEqualTo(502);
        }
    }

    @Test
    void informationalResponsesFromTheTargetAreNotRelayed() throws Exception {
        try (ScriptedTarget target = new ScriptedTarget("/hints", out -> out.write(ascii(
                "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal")))) {
            forwardTo(target);
            RawHttp.Response r = RawHttp.get("127.0.0.2", port, "/hints", "h.com");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("final");
            assertThat(r.header("link")).isNull();
        }
    }

    @Test
    void aClientThatReadsSlowlyHoldsTheTargetBackAndStillGetsTheWholeBody() throws Exception {
        AtomicLong written = new AtomicLong();
        byte[] piece = pattern(64 * 1024);
        int pieces = 1024; // 64 MB: more than the socket buffers on both sides together
        try (ScriptedTarget target = new ScriptedTarget("/slow-reader", out -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: " + (long) pieces * piece.length + "\r\n\r\n"));
            for (int i = 0; i < pieces; i++) {
                out.write(piece);
                written.addAndGet(piece.length);
            }
        })) {
            forwardTo(target);
            try (Socket client = request("/slow-reader", true)) {
                client.setReceiveBufferSize(64 * 1024);
                Thread.sleep(1500);
                assertThat(written.get()).as("the load balancer stopped reading while the client did not")
                        .isLessThan((long) pieces * piece.length / 2);
                InputStream in = client.getInputStream();
                ScriptedTarget.readHead(in);
                long total = 0;
                byte[] buf = new byte[256 * 1024];
                for (int n; (n = in.read(buf)) > 0; ) {
                    total += n;
                }
                assertThat(total).isEqualTo((long) pieces * piece.length);
            }
        }
    }

    @Test
    void aClientThatTakesNothingForTheWholeIdleTimeoutIsDisconnectedAndSoIsItsTarget() throws Exception {
        java.util.concurrent.CompletableFuture<String> targetSaw = new java.util.concurrent.CompletableFuture<>();
        byte[] piece = pattern(64 * 1024);
        try (ScriptedTarget target = new ScriptedTarget("/never-read", out -> {
            try {
                out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: " + 1024L * piece.length + "\r\n\r\n"));
                for (int i = 0; i < 1024; i++) {
                    out.write(piece);
                }
                targetSaw.complete("wrote everything");
            } catch (IOException e) {
                targetSaw.complete("connection closed");
            }
        })) {
            forwardTo(target);
            local.elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(alb).attributes(
                    a -> a.key("idle_timeout.timeout_seconds").value("1")));
            try (Socket client = request("/never-read", false)) {
                client.setReceiveBufferSize(64 * 1024);
                assertThat(targetSaw.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("connection closed");
            }
        }
    }

    /** Reads a chunked body through its last chunk. */
    private static String readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = readLine(in);
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                readLine(in); // the empty line after the last chunk
                return body.toString(StandardCharsets.US_ASCII);
            }
            body.write(in.readNBytes(n));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
