package io.lbctl.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket tunnel sets the pace of its slower side: 64 MB sent toward a side that reads
 * nothing holds the sender back (the load balancer stops reading it) instead of piling up in
 * memory, and every byte arrives once the reader reads. The bytes after the 101 are not
 * WebSocket frames here: ALB passes them through unexamined, so raw bytes show the same.
 */
class AlbWebSocketBackpressureTest extends AlbTestBase {
    private ServerSocket target;

    @BeforeEach
    void listener() throws IOException {
        target = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        // Health checks go to a closed port, so the only connection the target sees is the tunnel's;
        // with no healthy target the group fails open.
        String tg = local.elb.createTargetGroup(r -> r.name("ws").protocol("HTTP").port(80).vpcId("vpc-12345678")
                .targetType("ip").healthCheckPort("1")).targetGroups().get(0).targetGroupArn();
        local.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("127.0.0.1").port(target.getLocalPort())));
        local.elb.createListener(r -> r.loadBalancerArn(alb).protocol("HTTP").port(port)
                .defaultActions(a -> a.type("forward").targetGroupArn(tg)));
    }

    @AfterEach
    void stopTarget() throws IOException {
        target.close();
    }

    /** The target's side of the tunnel: the upgrade request read, 101 answered. */
    private CompletableFuture<Socket> acceptUpgrade() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Socket s = target.accept();
                head(s.getInputStream());
                s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                return s;
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    /** The client's side of the tunnel, once the load balancer relayed the 101. */
    private Socket upgradedClient() throws IOException {
        Socket client = new Socket("127.0.0.2", port);
        client.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: ws.example.com\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(head(client.getInputStream())).startsWith("HTTP/1.1 101");
        return client;
    }

    @Test
    void aTargetThatStopsReadingHoldsTheClientBackAndThenGetsEveryByte() throws Exception {
        CompletableFuture<Socket> accepted = acceptUpgrade();
        try (Socket client = upgradedClient(); Socket t = accepted.get(5, TimeUnit.SECONDS)) {
            CompletableFuture<Void> clientWrote = CompletableFuture.runAsync(() -> send(client));
            Thread.sleep(2_000);
            assertThat(clientWrote).as("the client is held back while the target reads nothing").isNotDone();
            assertThat(BulkBytes.receive(t.getInputStream())).isEqualTo(BulkBytes.TOTAL);
            clientWrote.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aClientThatStopsReadingHoldsTheTargetBackAndThenGetsEveryByte() throws Exception {
        CompletableFuture<Socket> accepted = acceptUpgrade();
        try (Socket client = upgradedClient(); Socket t = accepted.get(5, TimeUnit.SECONDS)) {
            CompletableFuture<Void> targetWrote = CompletableFuture.runAsync(() -> send(t));
            Thread.sleep(2_000);
            assertThat(targetWrote).as("the target is held back while the client reads nothing").isNotDone();
            assertThat(BulkBytes.receive(client.getInputStream())).isEqualTo(BulkBytes.TOTAL);
            targetWrote.get(10, TimeUnit.SECONDS);
        }
    }

    private static void send(Socket s) {
        try {
            BulkBytes.send(s.getOutputStream());
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    /** Reads an HTTP head byte by byte, so nothing after it is taken from the socket. */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
