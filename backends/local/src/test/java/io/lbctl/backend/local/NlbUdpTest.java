package io.lbctl.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * UDP and TCP_UDP listeners of a network load balancer, through real sockets: flows by client
 * address and port, replies to the right client from the listener's address, flows of a
 * deregistered target, and one port carrying TCP and UDP. A single-zone load balancer on
 * 127.0.0.2; no test waits for health checks (targets still {@code initial} fail open).
 */
@SuppressWarnings("unchecked") // the SDK builders take Consumer varargs
class NlbUdpTest extends LocalRuntimeTestBase {
    static final String NODE = "127.0.0.2";
    private final UdpEchoTargets udp = new UdpEchoTargets();
    private final LineTargets tcp = new LineTargets();
    private String nlb;
    private int port;

    @BeforeEach
    void createLoadBalancer() throws Exception {
        nlb = local.elb.createLoadBalancer(r -> r.name("net").type("network").subnets("subnet-12345678"))
                .loadBalancers().get(0).loadBalancerArn();
        port = LineClient.freePort(NODE);
    }

    @AfterEach
    void stopTargets() {
        udp.close();
        tcp.close();
    }

    /** A group of {@code protocol} with targets on 127.0.0.1 at {@code ports}, behind a new listener of the same protocol. */
    static String serve(RuntimeFixture local, String nlb, int port, String protocol, int... ports) {
        String tg = local.elb.createTargetGroup(r -> r.name("g").protocol(protocol).port(53).vpcId("vpc-12345678")
                .targetType("ip").healthCheckProtocol("TCP")).targetGroups().get(0).targetGroupArn();
        for (int p : ports) {
            local.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("127.0.0.1").port(p)));
        }
        local.elb.createListener(r -> r.loadBalancerArn(nlb).protocol(protocol).port(port)
                .defaultActions(a -> a.type("forward").targetGroupArn(tg)));
        return tg;
    }

    @Test
    void datagramRoundTripsAndTheReplyComesFromTheListenersAddressAndPort() throws Exception {
        serve(local, nlb, port, "UDP", udp.start("u", "127.0.0.1", 0));
        assertThat(local.runtime.nlb().boundAddresses()).containsExactly(NODE + ":" + port);
        assertThat(local.runtime.nlb().problems()).isEmpty();
        try (DatagramSocket client = UdpEchoTargets.client("127.0.0.9")) {
            UdpEchoTargets.Reply reply = UdpEchoTargets.exchange(client, NODE, port, "hello");
            assertThat(reply.target()).isEqualTo("u");
            assertThat(reply.payload()).isEqualTo("hello");
            assertThat(reply.peer()).as("the target sees the client's address: AWS preserves it for UDP")
                    .startsWith("127.0.0.9:");
            assertThat(reply.from().getAddress().getHostAddress()).isEqualTo(NODE);
            assertThat(reply.from().getPort()).as("the reply comes from the listener's port").isEqualTo(port);
        }
    }

    @Test
    void allDatagramsOfOneFlowReachOneTargetWhileClientPortsSpreadOverTargets() throws Exception {
        serve(local, nlb, port, "UDP", udp.start("a", "127.0.0.1", 0), udp.start("b", "127.0.0.1", 0),
                udp.start("c", "127.0.0.1", 0));
        try (DatagramSocket client = UdpEchoTargets.client("127.0.0.9")) {
            Set<String> oneFlow = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                UdpEchoTargets.Reply r = UdpEchoTargets.exchange(client, NODE, port, "d" + i);
                oneFlow.add(r.target() + " via " + r.peer());
            }
            assertThat(oneFlow).as("one target, over one socket of the node").hasSize(1);
        }
        Set<String> spread = new HashSet<>();
        for (int i = 0; i < 30; i++) { // all 30 on one of 3 targets by chance: 3 * 3^-30
            try (DatagramSocket client = UdpEchoTargets.client("127.0.0.9")) {
                spread.add(UdpEchoTargets.exchange(client, NODE, port, "x").target());
            }
        }
        assertThat(spread).hasSizeGreaterThan(1);
    }

    @Test
    void withSourceIpStickinessEveryFlowOfAClientAddressReachesOneTarget() throws Exception {
        String tg = serve(local, nlb, port, "UDP", udp.start("a", "127.0.0.1", 0), udp.start("b", "127.0.0.1", 0),
                udp.start("c", "127.0.0.1", 0));
        local.elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(tg).attributes(
                a -> a.key("stickiness.enabled").value("true"), a -> a.key("stickiness.type").value("source_ip")));
        for (String address : List.of("127.0.0.9", "127.0.0.10", "127.0.0.11")) {
            Set<String> targets = new HashSet<>();
            for (int i = 0; i < 20; i++) { // 20 flows: without stickiness, all on one of 3 targets by chance: 3 * 3^-20
                try (DatagramSocket client = UdpEchoTargets.client(address)) {
                    targets.add(UdpEchoTargets.exchange(client, NODE, port, "s" + i).target());
                }
            }
            assertThat(targets).as("the flows of client address " + address).hasSize(1);
        }
    }

    @Test
    void repliesReachTheRightClientAmongConcurrentClients() throws Exception {
        serve(local, nlb, port, "UDP", udp.start("a", "127.0.0.1", 0), udp.start("b", "127.0.0.1", 0));
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                String me = "client" + c;
                String from = "127.0.0." + (10 + c % 3);
                results.add(pool.submit((Callable<List<String>>) () -> {
                    List<String> got = new ArrayList<>();
                    try (DatagramSocket client = UdpEchoTargets.client(from)) {
                        for (int i = 0; i < 25; i++) {
                            got.add(UdpEchoTargets.exchange(client, NODE, port, me + "/" + i).payload());
                        }
                    }
                    return got;
                }));
            }
            for (int c = 0; c < 8; c++) {
                List<String> got = results.get(c).get();
                String me = "client" + c;
                assertThat(got).as("every reply %s got was to its own datagram", me).allMatch(p -> p.startsWith(me + "/"));
                assertThat(got).hasSize(25);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void udpFlowOfADeregisteredTargetStaysUntilTheDrainEndsThenTheNextDatagramMoves() throws Exception {
        int a = udp.start("a", "127.0.0.1", 0);
        String tg = serve(local, nlb, port, "UDP", a);
        local.elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(tg)
                .attributes(x -> x.key("deregistration_delay.timeout_seconds").value("2")));
        try (DatagramSocket client = UdpEchoTargets.client("127.0.0.9")) {
            assertThat(UdpEchoTargets.exchange(client, NODE, port, "1").target()).isEqualTo("a");
            int b = udp.start("b", "127.0.0.1", 0);
            local.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("127.0.0.1").port(b)));
            local.elb.deregisterTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("127.0.0.1").port(a)));
            assertThat(UdpEchoTargets.exchange(client, NODE, port, "2").target())
                    .as("the open flow keeps its target through the deregistration delay").isEqualTo("a");
            try (DatagramSocket other = UdpEchoTargets.client("127.0.0.9")) {
                assertThat(UdpEchoTargets.exchange(other, NODE, port, "new").target()).as("a new flow").isEqualTo("b");
            }
            // the flows to a and to b are open; a's ends with its 2 s drain, as UDP groups terminate by default
            assertThat(local.runtime.nlb().openConnections()).isEqualTo(2);
            await(() -> local.runtime.nlb().openConnections() == 1, 10);
            assertThat(UdpEchoTargets.exchange(client, NODE, port, "3").target()).isEqualTo("b");
        }
    }

    @Test
    void tcpUdpListenerAnswersTcpAndUdpOnTheSamePort() throws Exception {
        LineTargets.Target both = tcp.start("tcp-side", "127.0.0.1");
        udp.start("udp-side", "127.0.0.1", both.port);
        serve(local, nlb, port, "TCP_UDP", both.port);
        assertThat(LineClient.exchange("127.0.0.9", NODE, port, "over tcp"))
                .as("from the client's address: a TCP_UDP group preserves it, as a UDP one does")
                .isEqualTo(new LineClient.Reply("tcp-side", "127.0.0.9", "over tcp"));
        try (DatagramSocket client = UdpEchoTargets.client("127.0.0.9")) {
            UdpEchoTargets.Reply reply = UdpEchoTargets.exchange(client, NODE, port, "over udp");
            assertThat(reply.target()).isEqualTo("udp-side");
            assertThat(reply.from().getPort()).isEqualTo(port);
        }
    }
}
