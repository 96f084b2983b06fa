package io.lbctl.backend.local;

import static io.lbctl.backend.local.ScriptedTarget.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ALB's idle timeout on an HTTP/1.1 client connection counts data sent, not data written: a
 * client that reads a large response a few kilobytes at a time is never idle, and one that reads
 * nothing is, however much its target keeps sending. Loopback send buffers grow to megabytes, so
 * the two cases look alike to anything that only watches writes and flushes.
 */
class AlbIdleTimeoutTest extends AlbTestBase {

    private void forwardTo(ScriptedTarget target, int idleTimeoutSeconds) {
        String tg = local.elb.createTargetGroup(r -> r.name("t" + target.port()).protocol("HTTP").port(80)
                .vpcId("vpc-12345678").targetType("ip")).targetGroups().get(0).targetGroupArn();
        local.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("127.0.0.1").port(target.port())));
        local.elb.createListener(r -> r.loadBalancerArn(alb).protocol("HTTP").port(port)
                .defaultActions(a -> a.type("forward").targetGroupArn(tg)));
        local.elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(alb).attributes(
                a -> a.key("idle_timeout.timeout_seconds").value(Integer.toString(idleTimeoutSeconds))));
    }

    /** A client with a small receive buffer, so that what it leaves unread soon stops the sending. */
    private Socket request(String path) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.2", port), 5000);
        s.setSoTimeout(10_000);
        s.getOutputStream().write(ascii("GET " + path + " HTTP/1.1\r\nHost: h.com\r\n\r\n"));
        return s;
    }

    @Test
    void aClientReadingAFewKilobytesPerIdlePeriodGetsTheWholeOfALargeResponse() throws Exception {
        byte[] piece = new byte[64 * 1024];
        int pieces = 256; // 16 MB: the target is held back long before the end
        long size = (long) pieces * piece.length;
        try (ScriptedTarget target = new ScriptedTarget("/big", out -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n"));
            for (int i = 0; i < pieces; i++) {
                out.write(piece);
            }
        })) {
            forwardTo(target, 2);
            try (Socket client = request("/big")) {
                InputStream in = client.getInputStream();
                assertThat(ScriptedTarget.readHead(in)).startsWith("HTTP/1.1 200 ");
                long total = 0;
                byte[] buffer = new byte[1024];
                long slowUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(6); // three idle timeouts
                while (System.nanoTime() < slowUntil) {
                    int n = in.read(buffer); // 1 KB every 100 ms: 20 KB per idle timeout
                    assertThat(n).as("cut after %d bytes read slowly", total).isPositive();
                    total += n;
                    Thread.sleep(100);
                }
                buffer = new byte[256 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    total += n;
                    if (total == size) {
                        break;
                    }
                }
                assertThat(total).as("the whole body").isEqualTo(size);
            }
        }
    }

    @Test
    void aClientThatStopsReadingIsCutAfterTheIdleTimeoutWhileItsTargetKeepsSending() throws Exception {
        CompletableFuture<String> targetSaw = new CompletableFuture<>();
        byte[] chunk = ascii("800\r\n" + "x".repeat(0x800) + "\r\n");
        try (ScriptedTarget target = new ScriptedTarget("/trickle", out -> {
            try {
                out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
                for (int i = 0; i < 150; i++) { // 2 KB every 100 ms for 15 s: well inside the buffers
                    out.write(chunk);
                    out.flush();
                    Thread.sleep(100);
                }
                out.write(ascii("0\r\n\r\n"));
                targetSaw.complete("wrote everything");
            } catch (IOException e) {
                targetSaw.complete("connection closed");
            }
        })) {
            forwardTo(target, 1);
            try (Socket client = request("/trickle")) {
                InputStream in = client.getInputStream();
                assertThat(ScriptedTarget.readHead(in)).startsWith("HTTP/1.1 200 ");
                long stopped = System.nanoTime();
                assertThat(targetSaw.get(8, TimeUnit.SECONDS)).as("the load balancer closed the target connection")
                        .isEqualTo("connection closed");
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped)).as("not before the idle timeout")
                        .isGreaterThanOrEqualTo(900);
                byte[] rest = new byte[64 * 1024];
                while (in.read(rest) >= 0) {
                    // what was sent before the close, then the end of the stream; a timeout fails the test
                }
            }
        }
    }
}
