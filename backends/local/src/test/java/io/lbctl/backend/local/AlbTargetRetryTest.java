package io.lbctl.backend.local;

import static io.lbctl.backend.local.ScriptedTarget.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A pooled target connection that fails before answering is retried once on a new connection,
 * body and all; once the target has answered anything, the request is never sent again.
 */
class AlbTargetRetryTest extends AlbTestBase {
    /** How the keep-alive target treats a POST: the first one gets {@code first}, later ones an echo. */
    private enum FirstPost { CLOSE_UNANSWERED, ANSWER_MALFORMED }

    private final AtomicInteger posts = new AtomicInteger();

    private ServerSocket target(FirstPost first) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofPlatform().daemon().start(() -> serve(s, first));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server;
    }

    private void serve(Socket s, FirstPost first) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                String head = ScriptedTarget.readHead(in);
                if (head.isEmpty()) {
                    return;
                }
                int length = contentLength(head);
                byte[] body = in.readNBytes(length);
                if (head.startsWith("POST ")) {
                    if (posts.incrementAndGet() == 1) {
                        if (first == FirstPost.CLOSE_UNANSWERED) {
                            return;
                        }
                        out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: twelve\r\n\r\n"));
                        out.flush();
                        continue;
                    }
                    out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n"));
                    out.write(body);
                } else {
                    out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
                }
                out.flush();
            }
        } catch (IOException e) {
            // the load balancer went away
        }
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }

    private void forwardTo(int targetPort) {
        String tg = local.elb.createTargetGroup(r -> r.name("retry" + targetPort).protocol("HTTP").port(80)
                .vpcId("vpc-12345678").targetType("ip")).targetGroups().get(0).targetGroupArn();
        local.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("127.0.0.1").port(targetPort)));
        local.elb.createListener(r -> r.loadBalancerArn(alb).protocol("HTTP").port(port)
                .defaultActions(a -> a.type("forward").targetGroupArn(tg)));
    }

    /** A GET that leaves a pooled target connection behind, then a POST on the same client connection. */
    private String warmThenPost(String body) throws IOException {
        try (Socket client = new Socket("127.0.0.2", port)) {
            client.setSoTimeout(10_000);
            OutputStream out = client.getOutputStream();
            InputStream in = client.getInputStream();
            out.write(ascii("GET /warm HTTP/1.1\r\nHost: h.com\r\n\r\n"));
            String warm = ScriptedTarget.readHead(in);
            assertThat(warm).startsWith("HTTP/1.1 200 ");
            in.readNBytes(2);
            out.write(ascii("POST /orders HTTP/1.1\r\nHost: h.com\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body));
            String head = ScriptedTarget.readHead(in);
            return head.substring(9, 12) + " " + new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void aRequestWhosePooledConnectionClosesUnansweredIsSentAgainWithItsBody() throws Exception {
        try (ServerSocket target = target(FirstPost.CLOSE_UNANSWERED)) {
            forwardTo(target.getLocalPort());
            assertThat(warmThenPost("item=42")).isEqualTo("200 item=42");
            assertThat(posts.get()).isEqualTo(2);
        }
    }

    @Test
    void aRequestTheTargetAnsweredBadlyGets502AndIsNotSentAgain() throws Exception {
        try (ServerSocket target = target(FirstPost.ANSWER_MALFORMED)) {
            forwardTo(target.getLocalPort());
            assertThat(warmThenPost("item=42")).startsWith("502 ");
            Thread.sleep(300);
            assertThat(posts.get()).isEqualTo(1);
        }
    }
}
