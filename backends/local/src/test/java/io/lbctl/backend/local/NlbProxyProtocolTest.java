package io.lbctl.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proxy protocol beyond the v2 PROXY header (NlbConnectionTest has that). AWS's NLB sends v2 only;
 * v1 text reaches a target only when a client sends it, and AWS keeps headers already in the
 * stream, after its own. Health checks of a proxy-protocol group: HTTP and HTTPS ones start with
 * AWS's LOCAL header, byte for byte as captured from a real NLB (kubernetes/kubernetes#57250),
 * and TCP ones send no byte at all.
 */
@SuppressWarnings("unchecked") // the SDK builders take Consumer varargs
class NlbProxyProtocolTest extends LocalRuntimeTestBase {
    private static final String NODE = "127.0.0.2";
    private static final String V1 = "PROXY TCP4 203.0.113.50 203.0.113.200 45678 80";
    /** An AWS NLB health check's header: LOCAL, family 0x11 without addresses, CRC32C TLV, 74-byte NOOP TLV. */
    private static final byte[] AWS_LOCAL_HEADER = HexFormat.of().parseHex(
            "0d0a0d0a000d0a515549540a" + "20" + "11" + "0054" + "030004bce5951f" + "04004a" + "00".repeat(74));
    private final LineTargets targets = new LineTargets();
    private String nlb;
    private int port;

    @BeforeEach
    void loadBalancer() throws Exception {
        nlb = local.elb.createLoadBalancer(r -> r.name("net").type("network").subnets("subnet-12345678"))
                .loadBalancers().get(0).loadBalancerArn();
        port = LineClient.freePort(NODE);
    }

    @AfterEach
    void stopTargets() {
        targets.close();
    }

    /** A listener (TLS for a TLS group, else TCP) to a {@code protocol} group holding {@code t}, checked by {@code check}. */
    private String serve(LineTargets.Target t, String protocol, String check, boolean proxyProtocol) {
        String tg = local.elb.createTargetGroup(r -> r.name("pp").protocol(protocol).port(80).vpcId("vpc-12345678")
                .targetType("ip").healthCheckProtocol(check).healthCheckIntervalSeconds(5).healthyThresholdCount(2)
                .healthCheckTimeoutSeconds(4)).targetGroups().get(0).targetGroupArn();
        local.elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(tg)
                .attributes(a -> a.key("proxy_protocol_v2.enabled").value(Boolean.toString(proxyProtocol))));
        local.elb.registerTargets(r -> r.targetGroupArn(tg).targets(x -> x.id(t.host).port(t.port)));
        if (protocol.equals("TLS")) {
            try {
                NlbTlsListenerTest.register(local, NlbTlsListenerTest.DEFAULT_CERT, "www.example.com", "www.example.com");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            local.elb.createListener(r -> r.loadBalancerArn(nlb).protocol("TLS").port(port)
                    .certificates(c -> c.certificateArn(NlbTlsListenerTest.DEFAULT_CERT))
                    .defaultActions(a -> a.type("forward").targetGroupArn(tg)));
        } else {
            local.elb.createListener(r -> r.loadBalancerArn(nlb).protocol("TCP").port(port)
                    .defaultActions(a -> a.type("forward").targetGroupArn(tg)));
        }
        return tg;
    }

    private String health(String tg) {
        return local.elb.describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions().get(0)
                .targetHealth().stateAsString();
    }

    private static HAProxyMessage decode(ByteBuf bytes, EmbeddedChannel decoder) {
        decoder.writeInbound(bytes);
        return decoder.readInbound();
    }

    @Test
    void aClientsOwnV1HeaderReachesTheTargetUntouchedAfterTheNlbsV2Header() throws Exception {
        LineTargets.Target t = targets.start("t", "127.0.0.1");
        t.expectsProxyHeader = true;
        serve(t, "TCP", "TCP", true);
        try (LineClient client = new LineClient("127.0.0.9", NODE, port)) {
            assertThat(client.send(V1 + "\r").line()).as("the client's v1 line, as the first line after the v2 header")
                    .isEqualTo(V1);
        }
        EmbeddedChannel v2 = new EmbeddedChannel(new HAProxyMessageDecoder());
        HAProxyMessage ours = decode(Unpooled.wrappedBuffer(t.proxyHeaders.poll(5, TimeUnit.SECONDS)), v2);
        EmbeddedChannel v1 = new EmbeddedChannel(new HAProxyMessageDecoder());
        HAProxyMessage theirs = decode(Unpooled.copiedBuffer(V1 + "\r\n", StandardCharsets.US_ASCII), v1);
        try {
            assertThat(ours.protocolVersion()).isEqualTo(HAProxyProtocolVersion.V2);
            assertThat(ours.sourceAddress()).isEqualTo("127.0.0.9");
            assertThat(theirs.protocolVersion()).isEqualTo(HAProxyProtocolVersion.V1);
            assertThat(theirs.proxiedProtocol()).isEqualTo(HAProxyProxiedProtocol.TCP4);
            assertThat(theirs.sourceAddress()).isEqualTo("203.0.113.50");
            assertThat(theirs.destinationAddress()).isEqualTo("203.0.113.200");
            assertThat(theirs.sourcePort()).isEqualTo(45678);
            assertThat(theirs.destinationPort()).isEqualTo(80);
        } finally {
            ours.release();
            theirs.release();
            v2.finishAndReleaseAll();
            v1.finishAndReleaseAll();
        }
    }

    @Test
    void theV2HeaderWaitsForTheClientsFirstBytesSoATargetThatSpeaksFirstWaitsToo() throws Exception {
        LineTargets.Target t = targets.start("t", "127.0.0.1");
        t.expectsProxyHeader = true;
        t.mode = LineTargets.Mode.FIN_FIRST; // says bye once it has read the header
        serve(t, "TCP", "TCP", true);
        try (LineClient client = new LineClient("127.0.0.9", NODE, port)) {
            assertThat(t.proxyHeaders.poll(700, TimeUnit.MILLISECONDS))
                    .as("AWS's header placement, on_first_ack_with_payload: nothing while the client is silent").isNull();
            client.write("hello");
            assertThat(t.proxyHeaders.poll(5, TimeUnit.SECONDS)).as("the header, with the first bytes").isNotNull();
            assertThat(client.readLine()).isEqualTo("t|" + NODE + "|bye");
            assertThat(t.received.poll(5, TimeUnit.SECONDS)).as("the client's bytes, right after the header").isEqualTo("hello");
        }
    }

    @Test
    void withoutProxyProtocolAClientsV1HeaderIsTheFirstThingTheTargetReads() throws Exception {
        LineTargets.Target t = targets.start("t", "127.0.0.1");
        serve(t, "TCP", "TCP", false);
        try (LineClient client = new LineClient(null, NODE, port)) {
            assertThat(client.send(V1 + "\r")).isEqualTo(new LineClient.Reply("t", NODE, V1));
        }
    }

    @Test
    void httpHealthChecksOfAProxyProtocolGroupStartWithAwssLocalHeader() throws Exception {
        LineTargets.Target t = targets.start("t", "127.0.0.1");
        t.expectsProxyHeader = true;
        String tg = serve(t, "TCP", "HTTP", true);
        byte[] header = t.proxyHeaders.poll(5, TimeUnit.SECONDS);
        assertThat(header).as("the first check comes at once").isNotNull();
        assertThat(HexFormat.of().formatHex(header)).isEqualTo(HexFormat.of().formatHex(AWS_LOCAL_HEADER));
        EmbeddedChannel decoder = new EmbeddedChannel(new HAProxyMessageDecoder());
        HAProxyMessage m = decode(Unpooled.copiedBuffer(Unpooled.wrappedBuffer(header),
                Unpooled.copiedBuffer("GET / HTTP/1.1\r\n", StandardCharsets.US_ASCII)), decoder);
        try {
            assertThat(m.command()).isEqualTo(HAProxyCommand.LOCAL);
            ByteBuf rest = decoder.readInbound();
            assertThat(rest.toString(StandardCharsets.US_ASCII)).as("the decoder skipped exactly the header")
                    .isEqualTo("GET / HTTP/1.1\r\n");
            rest.release();
        } finally {
            m.release();
            decoder.finishAndReleaseAll();
        }
        await(() -> health(tg).equals("healthy"), 15); // the GET after the header was answered, twice
    }

    @Test
    void httpsHealthChecksSendTheLocalHeaderAheadOfTheTlsHandshake() throws Exception {
        LineTargets.Target t = targets.startTls("t", "127.0.0.1",
                TlsLines.server(TestCertificates.write(state, "target", "target.internal", "target.internal")));
        t.expectsProxyHeader = true;
        String tg = serve(t, "TLS", "HTTPS", true);
        assertThat(t.proxyHeaders.poll(5, TimeUnit.SECONDS)).isEqualTo(AWS_LOCAL_HEADER);
        await(() -> health(tg).equals("healthy"), 15);
    }

    @Test
    void tcpHealthChecksOfAProxyProtocolGroupSendNoByte() throws Exception {
        LineTargets.Target t = targets.start("t", "127.0.0.1");
        t.expectsProxyHeader = true;
        serve(t, "TCP", "TCP", true);
        await(() -> t.emptyConnections.get() > 0, 5);
        assertThat(t.proxyHeaders).isEmpty();
    }
}
