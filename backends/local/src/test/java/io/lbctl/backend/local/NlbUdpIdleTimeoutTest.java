package io.lbctl.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbctl.backend.local.health.HealthRegistry;
import io.lbctl.backend.local.nlb.NlbDataPlane;
import io.lbctl.backend.local.tls.CertificateStore;
import io.netty.channel.EventLoopGroup;
import java.net.DatagramSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The UDP flow idle timeout. AWS's is 120 s, too long for a test, so the runtime's own data plane
 * is closed and one with a 400 ms timeout serves the same store in its place.
 */
@SuppressWarnings("unchecked") // the SDK builders take Consumer varargs
class NlbUdpIdleTimeoutTest extends LocalRuntimeTestBase {
    private static final Duration IDLE = Duration.ofMillis(400);
    private final UdpEchoTargets udp = new UdpEchoTargets();
    private EventLoopGroup loops;
    private NlbDataPlane plane;

    @BeforeEach
    void replaceTheDataPlane() {
        local.runtime.nlb().close(); // it then ignores store changes and binds nothing
        loops = Transports.eventLoops(1);
        plane = new NlbDataPlane(loops, TargetNetworks.LOOPBACK, local.runtime.store().topology(), new HealthRegistry(),
                new CertificateStore(), Clock.systemUTC(), IDLE);
        local.runtime.store().observe(plane::apply);
    }

    @AfterEach
    void stop() {
        plane.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        udp.close();
    }

    @Test
    void idleFlowIsForgottenAfterTheTimeoutAndTheNextDatagramChoosesAnew() throws Exception {
        String nlb = local.elb.createLoadBalancer(r -> r.name("net").type("network").subnets("subnet-12345678"))
                .loadBalancers().get(0).loadBalancerArn();
        int port = LineClient.freePort(NlbUdpTest.NODE);
        int a = udp.start("a", "127.0.0.1", 0);
        String tg = NlbUdpTest.serve(local, nlb, port, "UDP", a);
        try (DatagramSocket client = UdpEchoTargets.client("127.0.0.9")) {
            UdpEchoTargets.Reply first = UdpEchoTargets.exchange(client, NlbUdpTest.NODE, port, "1");
            assertThat(first.target()).isEqualTo("a");
            long started = System.nanoTime();

            // a's drain lasts the default 300 s, so only the idle timeout can move this client's flow
            int b = udp.start("b", "127.0.0.1", 0);
            local.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("127.0.0.1").port(b)));
            local.elb.deregisterTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("127.0.0.1").port(a)));
            UdpEchoTargets.Reply second = UdpEchoTargets.exchange(client, NlbUdpTest.NODE, port, "2");
            assertThat(second.target()).as("within the timeout, the flow keeps its target").isEqualTo("a");
            assertThat(second.peer()).as("and its socket").isEqualTo(first.peer());
            assertThat(plane.openConnections()).isEqualTo(1);

            await(() -> plane.openConnections() == 0, 5);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                    .as("not before the idle timeout").isGreaterThanOrEqualTo(IDLE.toMillis() - 50);

            UdpEchoTargets.Reply third = UdpEchoTargets.exchange(client, NlbUdpTest.NODE, port, "3");
            assertThat(third.target()).as("a new flow, chosen among the targets now in the pool").isEqualTo("b");
            assertThat(plane.openConnections()).isEqualTo(1);
        }
    }

    @Test
    void datagramsKeepAFlowAliveBeyondTheIdleTimeout() throws Exception {
        String nlb = local.elb.createLoadBalancer(r -> r.name("net").type("network").subnets("subnet-12345678"))
                .loadBalancers().get(0).loadBalancerArn();
        int port = LineClient.freePort(NlbUdpTest.NODE);
        NlbUdpTest.serve(local, nlb, port, "UDP", udp.start("a", "127.0.0.1", 0));
        try (DatagramSocket client = UdpEchoTargets.client("127.0.0.9")) {
            String peer = UdpEchoTargets.exchange(client, NlbUdpTest.NODE, port, "0").peer();
            for (int i = 1; i <= 8; i++) { // 8 x 150 ms: three times the timeout, never idle for it
                Thread.sleep(150);
                assertThat(UdpEchoTargets.exchange(client, NlbUdpTest.NODE, port, "" + i).peer())
                        .as("still the same flow after %d ms", i * 150).isEqualTo(peer);
            }
        }
    }
}
