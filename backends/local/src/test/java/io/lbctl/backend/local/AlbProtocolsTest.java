package io.lbctl.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 in clear text (h2c upgrade and prior knowledge), WebSocket pass-through, and how a
 * connection ends: the idle timeout with and without a half-sent request (408), and a client
 * that leaves while its request is at the target (460).
 */
class AlbProtocolsTest extends AlbTestBase {

    private String groupWith(int targetPort) {
        String tg = local.elb.createTargetGroup(r -> r.name("t" + targetPort).protocol("HTTP").port(80).vpcId("vpc-12345678")
                .targetType("ip")).targetGroups().get(0).targetGroupArn();
        local.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("127.0.0.1").port(targetPort)));
        return tg;
    }

    private void listener(String group) {
        local.elb.createListener(r -> r.loadBalancerArn(alb).protocol("HTTP").port(port)
                .defaultActions(a -> a.type("forward").targetGroupArn(group)));
    }

    private void idleTimeout(int seconds) {
        local.elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(alb).attributes(
                a -> a.key("idle_timeout.timeout_seconds").value(Integer.toString(seconds))));
    }

    @Test
    void h2cUpgradeCarriesRequestsOverHttp2() throws Exception {
        listener(groupWith(targets.start(e -> new TestTargets.Answer(200, "h1 to target, proto="
                + e.getRequestHeaders().getFirst("X-Forwarded-Proto")))));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        URI uri = URI.create("http://127.0.0.2:" + port + "/");
        HttpResponse<String> first = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> second = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(first.body()).isEqualTo("h1 to target, proto=http");
        assertThat(second.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(second.body()).isEqualTo("h1 to target, proto=http");
    }

    @Test
    void h2cWithPriorKnowledgeIsServed() throws Exception {
        listener(groupWith(targets.named("prior")));
        assertThat(PriorKnowledgeClient.get("127.0.0.2", port, "/x")).isEqualTo("200 prior");
    }

    @Test
    void http2FramesOnAnHttp1OnlyListenerGet505() throws Exception {
        listener(groupWith(targets.named("h1")));
        local.elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(alb).attributes(
                a -> a.key("routing.http2.enabled").value("false")));
        try (Socket s = new Socket("127.0.0.2", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\4\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 505 ");
        }
    }

    @Test
    void anHttp2ConnectionGoesAwayAfterTenThousandRequests() throws Exception {
        listener(groupWith(targets.named("many")));
        PriorKnowledgeClient.Run run = PriorKnowledgeClient.getUntilClosed("127.0.0.2", port, "/", 10_005);
        assertThat(run.answered()).as("requests answered on one connection").isEqualTo(10_000);
        assertThat(run.goAway()).as("GOAWAY received").isTrue();
        assertThat(run.closed()).as("the connection then closed").isTrue();
    }

    @Test
    void anHttp2HeaderBlockOver8KbEndsTheConnectionWithGoAwayAndNoAnswer() throws Exception {
        listener(groupWith(targets.named("headers")));
        PriorKnowledgeClient.Run fits = PriorKnowledgeClient.getWithLargeHeader("127.0.0.2", port, "/", 7 * 1024);
        assertThat(fits.answered()).isEqualTo(1);
        assertThat(fits.goAway()).isFalse();
        for (int size : new int[] {9 * 1024, 20 * 1024}) {
            PriorKnowledgeClient.Run over = PriorKnowledgeClient.getWithLargeHeader("127.0.0.2", port, "/", size);
            assertThat(over.answered()).as("%d bytes: answered", size).isZero();
            assertThat(over.goAway()).as("%d bytes: GOAWAY", size).isTrue();
            assertThat(over.closed()).as("%d bytes: closed", size).isTrue();
        }
    }

    @Test
    void http2PingsDoNotKeepAConnectionOpenPastTheIdleTimeout() throws Exception {
        listener(groupWith(targets.named("t")));
        idleTimeout(1);
        long closedAfter = PriorKnowledgeClient.pingUntilClosed("127.0.0.2", port, 150, 4_000);
        assertThat(closedAfter).as("AWS: PING frames do not reset an ALB's idle timeout").isBetween(900L, 2_000L);
    }

    @Test
    void anHttp2ConnectionGoesAwayAtTheFirstRequestPastTheClientKeepAliveDuration() throws Exception {
        listener(groupWith(targets.named("aging")));
        local.elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(alb).attributes(
                a -> a.key("client_keep_alive.seconds").value("60")));
        PriorKnowledgeClient.Run run = PriorKnowledgeClient.getUntilClosed("127.0.0.2", port, "/", 100,
                () -> local.clock.advance(java.time.Duration.ofSeconds(61)));
        assertThat(run.answered()).as("the request past the duration is still answered").isEqualTo(2);
        assertThat(run.goAway()).isTrue();
        assertThat(run.closed()).isTrue();
    }

    @Test
    void anHttp1ConnectionClosesAfterTheFirstAnswerPastTheClientKeepAliveDuration() throws Exception {
        listener(groupWith(targets.named("aging")));
        try (Socket s = new Socket("127.0.0.2", port)) {
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            out.write("GET /1 HTTP/1.1\r\nHost: h.com\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(ScriptedTarget.readHead(in)).startsWith("HTTP/1.1 200 ").doesNotContainIgnoringCase("connection: close");
            in.readNBytes("aging".length());
            local.clock.advance(java.time.Duration.ofSeconds(3600));
            out.write("GET /2 HTTP/1.1\r\nHost: h.com\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(ScriptedTarget.readHead(in)).startsWith("HTTP/1.1 200 ").containsIgnoringCase("connection: close");
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).as("then the connection closes").isEqualTo("aging");
        }
    }

    @Test
    void aWebSocketUpgradeIsTunnelledToTheTarget() throws Exception {
        try (WebSocketEchoTarget echo = new WebSocketEchoTarget()) {
            listener(groupWith(echo.port()));
            CompletableFuture<String> reply = new CompletableFuture<>();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.2:" + port + "/ws"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            reply.complete(data.toString());
                            return null;
                        }
                    }).get(5, TimeUnit.SECONDS);
            ws.sendText("hello", true);
            assertThat(reply.get(5, TimeUnit.SECONDS)).isEqualTo("echo hello xff=127.0.0.1");
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void stoppingTheRuntimeClosesKeptAliveClientConnections() throws Exception {
        listener(groupWith(targets.named("t")));
        try (Socket client = new Socket("127.0.0.2", port)) {
            client.setSoTimeout(5000);
            client.getOutputStream().write("GET / HTTP/1.1\r\nHost: h.com\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = client.getInputStream();
            byte[] buffer = new byte[8192];
            String answer = "";
            while (!answer.endsWith("\r\n\r\nt")) {
                int n = in.read(buffer);
                assertThat(n).as("the response arrives whole").isPositive();
                answer += new String(buffer, 0, n, StandardCharsets.US_ASCII);
            }
            assertThat(answer).startsWith("HTTP/1.1 200 ");
            local.runtime.close();
            assertThat(in.read()).as("the idle keep-alive connection is closed with the runtime").isEqualTo(-1);
        }
    }

    @Test
    void aHalfSentRequestGets408AtTheIdleTimeoutAndAQuietConnectionIsJustClosed() throws Exception {
        listener(groupWith(targets.named("t")));
        idleTimeout(1);
        try (Socket half = new Socket("127.0.0.2", port); Socket quiet = new Socket("127.0.0.2", port)) {
            half.setSoTimeout(5000);
            quiet.setSoTimeout(5000);
            half.getOutputStream().write("GET / HTTP/1.1\r\nHost: h.com\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new String(half.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 408 ");
            assertThat(quiet.getInputStream().read()).as("closed without a response").isEqualTo(-1);
        }
    }

    @Test
    void aClientThatLeavesWhileItsRequestIsAtTheTargetHasThatConnectionClosed() throws Exception {
        try (ServerSocket target = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            target.setSoTimeout(5000);
            listener(groupWith(target.getLocalPort()));
            Socket client = new Socket("127.0.0.2", port);
            client.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: h.com\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Socket upstream = target.accept();
            upstream.setSoTimeout(5000);
            byte[] head = new byte[4096];
            int read = upstream.getInputStream().read(head);
            while (!new String(head, 0, Math.max(read, 0), StandardCharsets.US_ASCII).startsWith("GET /slow")) {
                upstream.close(); // a health check
                upstream = target.accept();
                upstream.setSoTimeout(5000);
                read = upstream.getInputStream().read(head);
            }
            try (Socket forwarded = upstream) {
                forwarded.setSoTimeout(5000);
                InputStream in = forwarded.getInputStream();
                client.close();
                int next = in.read(head);
                assertThat(next).as("the load balancer closed its connection to the target").isEqualTo(-1);
            }
        }
    }

    @Test
    void aPooledTargetConnectionUnusedForTheIdleTimeoutIsClosed() throws Exception {
        try (ServerSocket target = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            listener(groupWith(target.getLocalPort()));
            idleTimeout(1);
            CompletableFuture<Long> closedAfterMillis = new CompletableFuture<>();
            Thread.ofPlatform().daemon().start(() -> {
                while (!closedAfterMillis.isDone()) {
                    try {
                        Socket upstream = target.accept();
                        Thread.ofPlatform().daemon().start(() -> keepAliveTarget(upstream, closedAfterMillis));
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            assertThat(RawHttp.get("127.0.0.2", port, "/pooled", "h.com").body()).isEqualTo("ok");
            assertThat(closedAfterMillis.get(10, TimeUnit.SECONDS)).as("closed about a second after its response")
                    .isBetween(700L, 5000L);
        }
    }

    /** Answers every request on a kept-alive connection; for /pooled, times how long until the close. */
    private static void keepAliveTarget(Socket upstream, CompletableFuture<Long> closedAfterMillis) {
        try (upstream) {
            InputStream in = upstream.getInputStream();
            while (true) {
                String head = ScriptedTarget.readHead(in);
                if (head.isEmpty()) {
                    return;
                }
                upstream.getOutputStream().write(ScriptedTarget.ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
                if (head.startsWith("GET /pooled ")) {
                    long answered = System.nanoTime();
                    upstream.setSoTimeout(10_000);
                    if (in.read() == -1) {
                        closedAfterMillis.complete((System.nanoTime() - answered) / 1_000_000);
                    }
                    return;
                }
            }
        } catch (java.io.IOException e) {
            // a health check's connection, or the test ended
        }
    }

    @Test
    void aTargetSlowerThanTheIdleTimeoutGets504RatherThanASilentClose() throws Exception {
        listener(groupWith(targets.start(e -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return new TestTargets.Answer(200, "too late");
        })));
        idleTimeout(1);
        try (Socket s = new Socket("127.0.0.2", port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: h.com\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 504 ");
        }
    }
}
