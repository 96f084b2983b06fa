package io.lbctl.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * UDP flows keep to their node's zone as TCP connections do: a network load balancer in zones A
 * (node 127.0.0.2) and B (node 127.0.0.3), one UDP target in each, both healthy (TCP checks on
 * the traffic port, which a TCP socket beside each target answers). Cross-zone off, every flow
 * stays in its node's zone; on, flows from one node reach both zones, and new flows leave a
 * target once it fails its checks.
 */
@SuppressWarnings("unchecked") // the SDK builders take Consumer varargs
class NlbUdpCrossZoneTest extends LocalRuntimeTestBase {
    private static final String NODE_A = "127.0.0.2";
    private static final String NODE_B = "127.0.0.3";
    private static final int FLOWS = 30;
    private final UdpEchoTargets udp = new UdpEchoTargets();
    private String tg;
    private int port;
    private int portOfA;

    @BeforeEach
    void loadBalancerInTwoZones() throws Exception {
        int a = udp.startChecked("a", NODE_A);
        portOfA = a;
        int b = udp.startChecked("b", NODE_B);
        String nlb = local.elb.createLoadBalancer(r -> r.name("net").type("network")
                .subnets("subnet-12345678", "subnet-87654321")).loadBalancers().get(0).loadBalancerArn();
        tg = local.elb.createTargetGroup(r -> r.name("udp").protocol("UDP").port(53).vpcId("vpc-12345678")
                .targetType("ip").healthCheckProtocol("TCP").healthCheckIntervalSeconds(5).healthCheckTimeoutSeconds(2)
                .healthyThresholdCount(2)).targetGroups().get(0).targetGroupArn();
        local.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id(NODE_A).port(a), t -> t.id(NODE_B).port(b)));
        port = LineClient.freePort(NODE_A, NODE_B);
        local.elb.createListener(r -> r.loadBalancerArn(nlb).protocol("UDP").port(port)
                .defaultActions(x -> x.type("forward").targetGroupArn(tg)));
        await(() -> local.elb.describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions().stream()
                .filter(d -> d.targetHealth().stateAsString().equals("healthy")).count() == 2, 20);
    }

    @AfterEach
    void stopTargets() {
        udp.close();
    }

    private Set<String> targetsReachedFrom(String node) throws IOException {
        Set<String> reached = new HashSet<>();
        for (int i = 0; i < FLOWS; i++) {
            try (DatagramSocket client = UdpEchoTargets.client("127.0.0.9")) {
                reached.add(UdpEchoTargets.exchange(client, node, port, "f" + i).target());
            }
        }
        return reached;
    }

    @Test
    void withCrossZoneOffEveryFlowStaysInItsNodesZone() throws Exception {
        assertThat(targetsReachedFrom(NODE_A)).containsExactly("a");
        assertThat(targetsReachedFrom(NODE_B)).containsExactly("b");
    }

    @Test
    void withCrossZoneOnFlowsFromOneNodeReachBothZones() throws Exception {
        local.elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(tg)
                .attributes(x -> x.key("load_balancing.cross_zone.enabled").value("true")));
        // 30 flows all in one zone by chance: 2^-30
        assertThat(targetsReachedFrom(NODE_A)).containsExactlyInAnyOrder("a", "b");
        assertThat(targetsReachedFrom(NODE_B)).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void newFlowsLeaveATargetThatFailsItsChecks() throws Exception {
        local.elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(tg)
                .attributes(x -> x.key("load_balancing.cross_zone.enabled").value("true")));
        udp.failChecks(portOfA);
        await(() -> local.elb.describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions().stream()
                .anyMatch(d -> d.target().port() == portOfA && d.targetHealth().stateAsString().equals("unhealthy")), 20);
        assertThat(targetsReachedFrom(NODE_A)).containsExactly("b");
        assertThat(targetsReachedFrom(NODE_B)).containsExactly("b");
    }
}
