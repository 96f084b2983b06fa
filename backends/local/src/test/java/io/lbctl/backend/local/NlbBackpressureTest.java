package io.lbctl.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A network load balancer holds no more of a connection than the sockets do: when one side stops
 * reading, the relay stops reading the other, so the sender blocks, as it would talking to its
 * peer directly. 64 MB is far more than the kernel buffers on both hops; a relay that read on
 * regardless would take it all into memory and let the sender finish.
 */
@SuppressWarnings("unchecked") // the SDK builders take Consumer varargs
class NlbBackpressureTest extends LocalRuntimeTestBase {
    private static final String NODE = "127.0.0.2";
    private ServerSocket target;
    private int port;

    @BeforeEach
    void listener() throws IOException {
        target = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        String nlb = local.elb.createLoadBalancer(r -> r.name("net").type("network").subnets("subnet-12345678"))
                .loadBalancers().get(0).loadBalancerArn();
        port = LineClient.freePort(NODE);
        String tg = local.elb.createTargetGroup(r -> r.name("tcp").protocol("TCP").port(80).vpcId("vpc-12345678")
                .targetType("ip").healthCheckPort("1")).targetGroups().get(0).targetGroupArn();
        local.elb.registerTargets(r -> r.targetGroupArn(tg).targets(x -> x.id("127.0.0.1").port(target.getLocalPort())));
        local.elb.createListener(r -> r.loadBalancerArn(nlb).protocol("TCP").port(port)
                .defaultActions(a -> a.type("forward").targetGroupArn(tg)));
    }

    @AfterEach
    void stopTarget() throws IOException {
        target.close();
    }

    @Test
    void aClientThatStopsReadingHoldsTheTargetsWritesBackAndThenGetsEveryByte() throws Exception {
        CompletableFuture<Void> targetWrote = CompletableFuture.runAsync(() -> {
            try (Socket s = target.accept(); OutputStream out = s.getOutputStream()) {
                BulkBytes.send(out);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        try (Socket client = new Socket(NODE, port)) {
            Thread.sleep(2_000);
            assertThat(targetWrote).as("the target is held back while the client reads nothing").isNotDone();
            assertThat(BulkBytes.receive(client.getInputStream())).isEqualTo(BulkBytes.TOTAL);
        }
        targetWrote.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aTargetThatStopsReadingHoldsTheClientsWritesBackAndThenGetsEveryByte() throws Exception {
        CompletableFuture<Long> targetRead = new CompletableFuture<>();
        CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
            try {
                return target.accept();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        try (Socket client = new Socket(NODE, port)) {
            CompletableFuture<Void> clientWrote = CompletableFuture.runAsync(() -> {
                try {
                    BulkBytes.send(client.getOutputStream());
                    client.shutdownOutput();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Socket t = accepted.get(5, TimeUnit.SECONDS);
            Thread.sleep(2_000);
            assertThat(clientWrote).as("the client is held back while the target reads nothing").isNotDone();
            try (t) {
                targetRead.complete((long) BulkBytes.receive(t.getInputStream()));
            }
            clientWrote.get(10, TimeUnit.SECONDS);
        }
        assertThat(targetRead.get()).isEqualTo((long) BulkBytes.TOTAL);
    }
}
