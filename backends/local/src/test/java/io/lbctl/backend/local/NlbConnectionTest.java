package io.lbctl.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;

/**
 * One connection's life through a network load balancer's TCP listener: the proxy protocol v2
 * header, deregistration with and without connection termination, the idle timeout, and targets
 * it may not use. Each test has a fresh runtime and a single-zone load balancer on 127.0.0.2; no
 * test waits for health checks (a node whose targets are all still {@code initial} fails open).
 */
@SuppressWarnings("unchecked") // the SDK builders take Consumer varargs
class NlbConnectionTest extends LocalRuntimeTestBase {
    private static final String NODE = "127.0.0.2";
    private final LineTargets targets = new LineTargets();
    private String nlb;
    private int port;

    @BeforeEach
    void createLoadBalancer() throws IOException {
        nlb = local.elb.createLoadBalancer(r -> r.name("net").type("network").subnets("subnet-12345678"))
                .loadBalancers().get(0).loadBalancerArn();
        port = LineClient.freePort(NODE);
    }

    @AfterEach
    void stopTargets() {
        targets.close();
    }

    /** A TCP group of {@code members} (id:port) behind a new TCP listener; returns the group's ARN. */
    private String serve(Map<String, String> attributes, String... members) {
        String tg = local.elb.createTargetGroup(r -> r.name("tcp").protocol("TCP").port(80).vpcId("vpc-12345678")
                .targetType("ip")).targetGroups().get(0).targetGroupArn();
        attributes.forEach((k, v) -> local.elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(tg)
                .attributes(a -> a.key(k).value(v))));
        for (String m : members) {
            String[] idPort = m.split(":");
            local.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id(idPort[0]).port(Integer.parseInt(idPort[1]))));
        }
        local.elb.createListener(r -> r.loadBalancerArn(nlb).protocol("TCP").port(port)
                .defaultActions(a -> a.type("forward").targetGroupArn(tg)));
        return tg;
    }

    private static String member(LineTargets.Target t) {
        return t.host + ":" + t.port;
    }

    @Test
    void proxyProtocolV2HeaderNamesTheClientAndTheNodeAndCarriesItsChecksum() throws Exception {
        LineTargets.Target pp = targets.start("pp", "127.0.0.1");
        pp.expectsProxyHeader = true;
        serve(Map.of("proxy_protocol_v2.enabled", "true"), member(pp));
        byte[] header;
        int clientPort;
        try (LineClient client = new LineClient("127.0.0.9", NODE, port)) {
            clientPort = client.socket.getLocalPort();
            assertThat(client.send("after the header")).isEqualTo(new LineClient.Reply("pp", NODE, "after the header"));
            header = pp.proxyHeaders.poll(5, TimeUnit.SECONDS);
        }
        assertThat(header).isNotNull();

        // By hand, against the specification's layout.
        ByteBuffer b = ByteBuffer.wrap(header);
        byte[] signature = new byte[12];
        b.get(signature);
        assertThat(signature).containsExactly(0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A);
        assertThat(b.get()).as("version 2, command PROXY").isEqualTo((byte) 0x21);
        assertThat(b.get()).as("AF_INET, STREAM").isEqualTo((byte) 0x11);
        assertThat(b.getShort() & 0xffff).as("length after the fixed part").isEqualTo(header.length - 16).isEqualTo(12 + 7);
        assertThat(new byte[] {b.get(), b.get(), b.get(), b.get()}).as("source: the client").containsExactly(127, 0, 0, 9);
        assertThat(new byte[] {b.get(), b.get(), b.get(), b.get()}).as("destination: the node").containsExactly(127, 0, 0, 2);
        assertThat(b.getShort() & 0xffff).isEqualTo(clientPort);
        assertThat(b.getShort() & 0xffff).isEqualTo(port);
        assertThat(b.get()).as("PP2_TYPE_CRC32C").isEqualTo((byte) 0x03);
        assertThat(b.getShort()).isEqualTo((short) 4);
        int sent = b.getInt();
        assertThat(b.hasRemaining()).as("no other TLV").isFalse();
        byte[] zeroed = header.clone();
        Arrays.fill(zeroed, header.length - 4, header.length, (byte) 0);
        CRC32C crc = new CRC32C();
        crc.update(zeroed);
        assertThat(sent).as("CRC32C of the header with its own field zeroed").isEqualTo((int) crc.getValue());

        // And by Netty's decoder, which knows nothing of how it was written.
        EmbeddedChannel decoder = new EmbeddedChannel(new HAProxyMessageDecoder());
        decoder.writeInbound(Unpooled.wrappedBuffer(header));
        HAProxyMessage m = decoder.readInbound();
        try {
            assertThat(m.protocolVersion()).isEqualTo(HAProxyProtocolVersion.V2);
            assertThat(m.command()).isEqualTo(HAProxyCommand.PROXY);
            assertThat(m.proxiedProtocol()).isEqualTo(HAProxyProxiedProtocol.TCP4);
            assertThat(m.sourceAddress()).isEqualTo("127.0.0.9");
            assertThat(m.sourcePort()).isEqualTo(clientPort);
            assertThat(m.destinationAddress()).isEqualTo(NODE);
            assertThat(m.destinationPort()).isEqualTo(port);
            assertThat(m.tlvs()).hasSize(1);
            assertThat(m.tlvs().get(0).typeByteValue()).isEqualTo((byte) 0x03);
            assertThat(m.tlvs().get(0).content().readInt()).isEqualTo(sent);
        } finally {
            m.release();
            decoder.finishAndReleaseAll();
        }
    }

    private LineClient connectionTo(LineTargets.Target wanted) throws IOException {
        return LineClient.connectionTo(NODE, port, wanted);
    }

    private Set<String> servedBy(int connections) {
        return LineClient.servedBy(NODE, port, connections);
    }

    @Test
    void aDeregisteredTargetKeepsItsConnectionsPastTheDelayAndGetsNoNewOnes() throws Exception {
        LineTargets.Target leaving = targets.start("leaving", "127.0.0.1");
        LineTargets.Target staying = targets.start("staying", "127.0.0.1");
        String tg = serve(Map.of("deregistration_delay.timeout_seconds", "1"), member(leaving), member(staying));
        try (LineClient open = connectionTo(leaving)) {
            local.elb.deregisterTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("127.0.0.1").port(leaving.port)));
            assertThat(servedBy(30)).containsExactly("staying");
            Thread.sleep(1_800);
            assertThat(open.send("still here").target()).as("without connection termination the delay ends nothing")
                    .isEqualTo("leaving");
        }
    }

    @Test
    void connectionTerminationResetsADrainingTargetsConnectionsWhenTheDelayEnds() throws Exception {
        LineTargets.Target leaving = targets.start("leaving", "127.0.0.1");
        LineTargets.Target staying = targets.start("staying", "127.0.0.1");
        String tg = serve(Map.of("deregistration_delay.timeout_seconds", "2",
                "deregistration_delay.connection_termination.enabled", "true"), member(leaving), member(staying));
        try (LineClient open = connectionTo(leaving); LineClient other = connectionTo(staying)) {
            long deregistered = System.nanoTime();
            local.elb.deregisterTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("127.0.0.1").port(leaving.port)));
            assertThat(open.send("during the delay").target()).isEqualTo("leaving");
            assertThat(open.awaitEnd(6_000)).as("when the delay ends").isEqualTo("reset");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - deregistered)).isGreaterThanOrEqualTo(1_500);
            assertThat(other.send("unaffected").target()).isEqualTo("staying");
        }
    }

    @Test
    void aConnectionWithNoDataEitherWayForTheIdleTimeoutIsReset() throws Exception {
        LineTargets.Target t = targets.start("t", "127.0.0.1");
        serve(Map.of(), member(t));
        String listener = local.elb.describeListeners(r -> r.loadBalancerArn(nlb)).listeners().get(0).listenerArn();
        assertThatThrownBy(() -> local.elb.modifyListenerAttributes(r -> r.listenerArn(listener)
                .attributes(a -> a.key("tcp.idle_timeout.seconds").value("1"))))
                .as("the API keeps AWS's 60 s floor").isInstanceOf(ElasticLoadBalancingV2Exception.class);
        // One second, set in the store directly so that the test need not idle for a minute.
        local.runtime.store().update(s -> s.withListener(s.listeners().get(listener)
                .withAttributes(Map.of("tcp.idle_timeout.seconds", "1"))));
        try (LineClient idle = new LineClient(null, NODE, port); LineClient busy = new LineClient(null, NODE, port)) {
            idle.send("once");
            for (int i = 0; i < 12; i++) {
                assertThat(busy.send("tick " + i).line()).isEqualTo("tick " + i);
                Thread.sleep(200);
            }
            assertThat(idle.awaitEnd(100)).as("idle for 2.4 s").isEqualTo("reset");
            assertThat(busy.send("still busy").target()).isEqualTo("t");
        }
    }

    @Test
    void withClientIpPreservationTheTargetSeesTheClientsAddressAndWithoutItTheNodes() throws Exception {
        LineTargets.Target t = targets.start("t", "127.0.0.1");
        String tg = serve(Map.of(), member(t));
        try (LineClient c = new LineClient("127.0.0.9", NODE, port)) {
            assertThat(c.send("off")).as("an IP group's default").isEqualTo(new LineClient.Reply("t", NODE, "off"));
        }
        local.elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(tg)
                .attributes(a -> a.key("preserve_client_ip.enabled").value("true")));
        try (LineClient c = new LineClient("127.0.0.9", NODE, port)) {
            assertThat(c.send("on")).isEqualTo(new LineClient.Reply("t", "127.0.0.9", "on"));
        }
    }

    @Test
    void aTargetOutsideTheTargetNetworksIsNeverContacted() throws Exception {
        LineTargets.Target local1 = targets.start("local", "127.0.0.1");
        serve(Map.of(), "10.0.9.9:" + local1.port, member(local1));
        assertThat(servedBy(30)).containsExactly("local");
    }

    @Test
    void aConnectionWithNoTargetToGoToIsReset() throws Exception {
        serve(Map.of(), "10.0.9.9:80");
        for (int i = 0; i < 5; i++) {
            try (LineClient c = new LineClient(null, NODE, port)) {
                assertThat(c.awaitEnd(3_000)).isEqualTo("reset");
            } catch (java.net.SocketException e) {
                assertThat(e).hasMessageContaining("reset"); // so soon that the client's connect saw it
            }
        }
    }

    @Test
    void aTargetInAZoneTheLoadBalancerIsNotInGetsNoTrafficEvenAcrossZones() throws Exception {
        LineTargets.Target inA = targets.start("in-a", "127.0.0.1");
        LineTargets.Target inB = targets.start("in-b", "127.0.0.1");
        String tg = serve(Map.of("load_balancing.cross_zone.enabled", "true"));
        local.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("127.0.0.1").port(inA.port)
                .availabilityZone("us-east-1a"), t -> t.id("127.0.0.1").port(inB.port).availabilityZone("us-east-1b")));
        assertThat(servedBy(30)).containsExactly("in-a");
    }

    @Test
    void aSecondListenerOnAPortOfASharedNodeAddressIsReportedAsAProblem() throws Exception {
        LineTargets.Target t = targets.start("t", "127.0.0.1");
        serve(Map.of(), member(t));
        String other = local.elb.createLoadBalancer(r -> r.name("other").type("network").subnets("subnet-12345678"))
                .loadBalancers().get(0).loadBalancerArn();
        String otherGroup = local.elb.createTargetGroup(r -> r.name("other").protocol("TCP").port(80).vpcId("vpc-12345678")
                .targetType("ip")).targetGroups().get(0).targetGroupArn();
        String second = local.elb.createListener(r -> r.loadBalancerArn(other).protocol("TCP").port(port)
                .defaultActions(a -> a.type("forward").targetGroupArn(otherGroup))).listeners().get(0).listenerArn();
        assertThat(local.runtime.nlb().problems().get(second)).startsWith("port " + port + " on " + NODE + " is taken by ");
        assertThat(servedBy(5)).containsExactly("t");
    }

    @Test
    void aPortAnotherSocketHoldsIsReportedEvenWhenThatSocketWouldShareIt() throws Exception {
        LineTargets.Target t = targets.start("t", "127.0.0.1");
        try (ServerSocketChannel other = ServerSocketChannel.open()) {
            // The listener's own sockets share their port with SO_REUSEPORT; one that set it too
            // must not be joined silently, as a second serve-local would be.
            other.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            other.bind(new InetSocketAddress(NODE, port));
            serve(Map.of(), member(t));
            assertThat(local.runtime.nlb().problems().get(NODE + ":" + port)).contains("Address already in use");
            assertThat(local.runtime.nlb().boundAddresses()).doesNotContain(NODE + ":" + port);
        }
    }
}
