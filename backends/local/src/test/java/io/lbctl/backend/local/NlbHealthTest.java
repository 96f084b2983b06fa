package io.lbctl.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health and the network load balancer's choice of targets, with HTTP health checks on TCP target
 * groups: a target that fails its checks gets no new connection, and a node whose targets are all
 * unhealthy fails open. One runtime serves both tests: both groups turn healthy together, then one
 * target of the first group and both of the second start failing, and each test waits for its own
 * outcome (AWS's pace: checks 5 s apart, 2 failures to turn unhealthy).
 */
@SuppressWarnings("unchecked") // the SDK builders take Consumer varargs
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NlbHealthTest {
    private static final String NODE = "127.0.0.2";

    @TempDir
    static Path state;
    private RuntimeFixture local;
    private final LineTargets targets = new LineTargets();
    private LineTargets.Target f1;
    private LineTargets.Target f2;
    private LineTargets.Target o1;
    private LineTargets.Target o2;
    private String failover;
    private String failOpen;
    private int failoverPort;
    private int failOpenPort;

    @BeforeAll
    void startHealthyThenFailSomeTargets() throws Exception {
        local = new RuntimeFixture(state);
        f1 = targets.start("f1", "127.0.0.1");
        f2 = targets.start("f2", "127.0.0.1");
        o1 = targets.start("o1", "127.0.0.1");
        o2 = targets.start("o2", "127.0.0.1");
        String nlb = local.elb.createLoadBalancer(r -> r.name("net").type("network").subnets("subnet-12345678"))
                .loadBalancers().get(0).loadBalancerArn();
        failover = group("failover", f1, f2);
        failOpen = group("fail-open", o1, o2);
        failoverPort = LineClient.freePort(NODE);
        local.elb.createListener(r -> r.loadBalancerArn(nlb).protocol("TCP").port(failoverPort)
                .defaultActions(a -> a.type("forward").targetGroupArn(failover)));
        failOpenPort = LineClient.freePort(NODE);
        local.elb.createListener(r -> r.loadBalancerArn(nlb).protocol("TCP").port(failOpenPort)
                .defaultActions(a -> a.type("forward").targetGroupArn(failOpen)));
        LocalRuntimeTestBase.await(() -> health(failover, f1).equals("healthy") && health(failover, f2).equals("healthy")
                && health(failOpen, o1).equals("healthy") && health(failOpen, o2).equals("healthy"), 20);
        assertThat(servedBy(failoverPort, 40)).containsExactlyInAnyOrder("f1", "f2");
        f1.healthStatus.set(503);
        o1.healthStatus.set(503);
        o2.healthStatus.set(503);
    }

    @AfterAll
    void stop() {
        targets.close();
        local.close();
    }

    private String group(String name, LineTargets.Target... members) {
        String arn = local.elb.createTargetGroup(r -> r.name(name).protocol("TCP").port(80).vpcId("vpc-12345678")
                .targetType("ip").healthCheckProtocol("HTTP").healthCheckPath("/health").healthCheckIntervalSeconds(5)
                .healthCheckTimeoutSeconds(2).healthyThresholdCount(2).unhealthyThresholdCount(2))
                .targetGroups().get(0).targetGroupArn();
        for (LineTargets.Target t : members) {
            local.elb.registerTargets(r -> r.targetGroupArn(arn).targets(x -> x.id(t.host).port(t.port)));
        }
        return arn;
    }

    private String health(String group, LineTargets.Target t) {
        return local.elb.describeTargetHealth(r -> r.targetGroupArn(group)).targetHealthDescriptions().stream()
                .filter(d -> d.target().port() == t.port).findFirst()
                .map(d -> d.targetHealth().stateAsString() + (d.targetHealth().reason() == null ? ""
                        : " " + d.targetHealth().reasonAsString())).orElse("absent");
    }

    private Set<String> servedBy(int port, int connections) {
        return LineClient.servedBy(NODE, port, connections);
    }

    @Test
    void httpChecksNameTheLoadBalancerNodeAndTheListenerPortAsTheirHost() throws Exception {
        assertThat(f2.checkHosts.poll(10, TimeUnit.SECONDS)).as("not the target's address and check port, as ALB's")
                .isEqualTo(NODE + ":" + failoverPort);
    }

    @Test
    void aTargetThatFailsItsHealthChecksGetsNoNewConnections() throws Exception {
        LocalRuntimeTestBase.await(() -> health(failover, f1).startsWith("unhealthy"), 20);
        assertThat(health(failover, f1)).isEqualTo("unhealthy Target.ResponseCodeMismatch");
        assertThat(servedBy(failoverPort, 60)).containsExactly("f2");
    }

    @Test
    void whenEveryTargetIsUnhealthyTheNodeFailsOpenToAllOfThem() throws Exception {
        LocalRuntimeTestBase.await(() -> health(failOpen, o1).startsWith("unhealthy")
                && health(failOpen, o2).startsWith("unhealthy"), 20);
        assertThat(servedBy(failOpenPort, 60)).containsExactlyInAnyOrder("o1", "o2");
    }
}
