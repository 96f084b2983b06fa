package io.lbctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbctl.backend.local.RuntimeFile;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve-local with nothing to serve runs the embedded demo (examples/local-quickstart and its
 * demo targets): requests by path, header and host land where the rules say, through real
 * sockets, and a restart brings the demo back. The demo's ports are fixed by its overlay
 * (8080, 9001-9004); the test is skipped, saying so, when something else holds them.
 */
class ServeLocalDemoTest {
    @TempDir
    Path state;

    private CompletableFuture<CliRun> serve(Thread[] thread) throws InterruptedException {
        CompletableFuture<CliRun> result = new CompletableFuture<>();
        thread[0] = new Thread(() -> result.complete(CliRun.of("serve-local", "--api-port", "0", "--state-dir",
                state.toString())));
        thread[0].start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (RuntimeFile.findRunning(state).isEmpty() && !result.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return result;
    }

    @Test
    void theEmbeddedDemoRoutesByPathHeaderAndHostAndComesBackAfterARestart() throws Exception {
        for (int port : new int[] {8080, 9001, 9002, 9003, 9004}) {
            Assumptions.assumeTrue(free(port), "port " + port + " is in use; the demo needs it");
        }
        // The second round reuses the client's kept-alive connection from the first: it must have
        // been closed by the stop, or the request would sit unread in a dead runtime's socket.
        for (int round = 0; round < 2; round++) {
            Thread[] thread = new Thread[1];
            CompletableFuture<CliRun> result = serve(thread);
            if (result.isDone()) {
                throw new AssertionError("serve-local stopped at once: " + result.get().out() + result.get().err());
            }
            try {
                assertThat(get("/api/hello", null, null)).startsWith("Hello from target group 'api'");
                assertThat(get("/", "X-Beta", "on")).startsWith("Hello from target group 'api'");
                assertThat(get("/", "Host", "status.example.com")).isEqualTo("all systems go (answered by the load balancer)\n");
                assertThat(get("/", null, null)).startsWith("Hello from target group 'web'")
                        .contains("X-Forwarded-For: 127.0.0.1").contains("X-Forwarded-Port: 8080");
            } finally {
                thread[0].interrupt();
            }
            CliRun run = result.get(20, TimeUnit.SECONDS);
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).contains("curl 'http://127.0.0.2:8080/api/hello'")
                    .contains("curl -H 'Host: status.example.com' 'http://127.0.0.2:8080/'");
        }
    }

    private static String get(String path, String header, String value) throws IOException {
        if ("Host".equals(header)) {
            return getWithHost(path, value);
        }
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.2:8080" + path).toURL().openConnection();
        if (header != null) {
            c.setRequestProperty(header, value);
        }
        c.setConnectTimeout(5000);
        c.setReadTimeout(10_000);
        try (var in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            c.disconnect();
        }
    }

    /**
     * HttpURLConnection drops a Host header unless a system property was set before its class
     * first loaded, which any earlier test using the SDK's URL-connection client defeats; a raw
     * request sends the header whatever ran before.
     */
    private static String getWithHost(String path, String host) throws IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.2", 8080)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    private static boolean free(int port) {
        for (String address : new String[] {"127.0.0.1", "127.0.0.2"}) {
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(address))) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
