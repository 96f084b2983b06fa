package io.lbctl.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbctl.backend.local.store.TargetGroupRecord;
import io.lbctl.model.HealthCheck;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The open connections of a target that fails its health checks, by the group's
 * {@code target_health_state.unhealthy} attributes: reset by default, kept with connection
 * termination off, kept while the node fails open, and reset when a draining interval ends. HTTP
 * checks every second (set in the store; the API's floor is 5 s), 2 passes or failures to turn.
 */
@SuppressWarnings("unchecked") // the SDK builders take Consumer varargs
class NlbUnhealthyTargetTest extends LocalRuntimeTestBase {
    private static final String NODE = "127.0.0.2";
    private static final String TERMINATION = "target_health_state.unhealthy.connection_termination.enabled";
    private static final String DRAINING = "target_health_state.unhealthy.draining_interval_seconds";
    private final LineTargets targets = new LineTargets();
    private LineTargets.Target failing;
    private LineTargets.Target steady;
    private String nlb;
    private int port;

    @BeforeEach
    void twoTargets() throws IOException {
        nlb = local.elb.createLoadBalancer(r -> r.name("net").type("network").subnets("subnet-12345678"))
                .loadBalancers().get(0).loadBalancerArn();
        port = LineClient.freePort(NODE);
        failing = targets.start("failing", "127.0.0.1");
        steady = targets.start("steady", "127.0.0.1");
    }

    @AfterEach
    void stopTargets() {
        targets.close();
    }

    /** A TCP group of {@code members} with {@code attributes}, healthy before it returns; returns its ARN. */
    private String serve(Map<String, String> attributes, LineTargets.Target... members) throws InterruptedException {
        String tg = local.elb.createTargetGroup(r -> r.name("tcp").protocol("TCP").port(80).vpcId("vpc-12345678")
                .targetType("ip").healthCheckProtocol("HTTP").healthCheckPath("/health").healthyThresholdCount(2)
                .unhealthyThresholdCount(2)).targetGroups().get(0).targetGroupArn();
        attributes.forEach((k, v) -> local.elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(tg)
                .attributes(a -> a.key(k).value(v))));
        for (LineTargets.Target t : members) {
            local.elb.registerTargets(r -> r.targetGroupArn(tg).targets(x -> x.id(t.host).port(t.port)));
        }
        local.runtime.store().update(s -> {
            TargetGroupRecord g = s.targetGroups().get(tg);
            HealthCheck hc = g.healthCheck();
            return s.withTargetGroup(g.withHealthCheck(new HealthCheck(hc.enabled(), hc.protocol(), hc.port(), hc.path(), 1,
                    1, hc.healthyThreshold(), hc.unhealthyThreshold(), hc.matcher())));
        });
        local.elb.createListener(r -> r.loadBalancerArn(nlb).protocol("TCP").port(port)
                .defaultActions(a -> a.type("forward").targetGroupArn(tg)));
        for (LineTargets.Target t : members) {
            await(() -> health(tg, t).equals("healthy"), 10);
        }
        return tg;
    }

    private String health(String tg, LineTargets.Target t) {
        return local.elb.describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions().stream()
                .filter(d -> d.target().port() == t.port).findFirst().map(d -> d.targetHealth().stateAsString()).orElse("absent");
    }

    private LineClient connectionTo(LineTargets.Target wanted) throws IOException {
        return LineClient.connectionTo(NODE, port, wanted);
    }

    private void fail(String tg, LineTargets.Target t) throws InterruptedException {
        t.healthStatus.set(503);
        await(() -> health(tg, t).equals("unhealthy"), 10);
    }

    @Test
    void aTargetThatTurnsUnhealthyHasItsConnectionsResetByDefault() throws Exception {
        String tg = serve(Map.of(), failing, steady);
        assertThat(local.elb.describeTargetGroupAttributes(r -> r.targetGroupArn(tg)).attributes().stream()
                .filter(a -> a.key().equals(TERMINATION)).findFirst().orElseThrow().value()).isEqualTo("true");
        try (LineClient open = connectionTo(failing); LineClient other = connectionTo(steady)) {
            fail(tg, failing);
            assertThat(open.awaitEnd(3_000)).isEqualTo("reset");
            assertThat(other.send("unaffected").target()).isEqualTo("steady");
        }
    }

    @Test
    void withConnectionTerminationOffAnUnhealthyTargetKeepsItsConnectionsButGetsNoNewOnes() throws Exception {
        String tg = serve(Map.of(TERMINATION, "false"), failing, steady);
        try (LineClient open = connectionTo(failing)) {
            fail(tg, failing);
            Thread.sleep(1_000);
            assertThat(open.send("still here").target()).isEqualTo("failing");
            for (int i = 0; i < 20; i++) {
                assertThat(LineClient.exchange(null, NODE, port, "new").target()).isEqualTo("steady");
            }
        }
    }

    @Test
    void whileItsNodeFailsOpenAnUnhealthyTargetKeepsItsConnections() throws Exception {
        String tg = serve(Map.of(), failing);
        try (LineClient open = connectionTo(failing)) {
            fail(tg, failing);
            Thread.sleep(1_000);
            assertThat(open.send("fail-open").target()).as("every target unhealthy: the node fails open").isEqualTo("failing");
        }
    }

    @Test
    void withADrainingIntervalAnUnhealthyTargetShowsUnhealthyDrainingAndKeepsItsConnectionsUntilItEnds() throws Exception {
        String tg = serve(Map.of(TERMINATION, "false", DRAINING, "3"), failing, steady);
        try (LineClient open = connectionTo(failing)) {
            failing.healthStatus.set(503);
            await(() -> health(tg, failing).equals("unhealthy.draining"), 10);
            long unhealthy = System.nanoTime();
            assertThat(open.send("draining").target()).isEqualTo("failing");
            assertThat(open.awaitEnd(6_000)).isEqualTo("reset");
            assertThat((System.nanoTime() - unhealthy) / 1_000_000).as("ms after it turned unhealthy").isGreaterThan(2_000);
            assertThat(health(tg, failing)).as("once the interval is over").isEqualTo("unhealthy");
        }
    }
}
