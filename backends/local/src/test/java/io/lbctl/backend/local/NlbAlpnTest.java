package io.lbctl.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A TLS listener's ALPN policy, against the NLB guide ("TLS listeners", ALPN policies): the
 * policy's preference list decides, not the client's order; a client that offers nothing on the
 * list, or no ALPN at all, is still served, without ALPN ("otherwise, the load balancer does not
 * use ALPN"); {@code None} never negotiates. ALPN policies need a TLS target group, so every case
 * goes to a TLS target (a JDK server offering h2, http/1.1 and http/1.0), which must be offered
 * exactly the protocol agreed with the client, or none.
 */
@SuppressWarnings("unchecked") // the SDK builders take Consumer varargs
class NlbAlpnTest extends LocalRuntimeTestBase {
    private static final String NODE = NlbTlsListenerTest.NODE;
    private final LineTargets targets = new LineTargets();
    private String listener;
    private int port;

    @BeforeEach
    void tlsListenerToATlsTarget() throws Exception {
        String nlb = local.elb.createLoadBalancer(r -> r.name("net").type("network").subnets("subnet-12345678"))
                .loadBalancers().get(0).loadBalancerArn();
        port = LineClient.freePort(NODE);
        NlbTlsListenerTest.register(local, NlbTlsListenerTest.DEFAULT_CERT, "www.example.com", "www.example.com");
        var target = targets.startTls("h", "127.0.0.1",
                TlsLines.server(TestCertificates.write(state, "target", "target.internal", "target.internal")),
                "h2", "http/1.1", "http/1.0");
        String tg = local.elb.createTargetGroup(r -> r.name("tls").protocol("TLS").port(443).vpcId("vpc-12345678")
                .targetType("ip")).targetGroups().get(0).targetGroupArn();
        local.elb.registerTargets(r -> r.targetGroupArn(tg).targets(x -> x.id(target.host).port(target.port)));
        listener = local.elb.createListener(r -> r.loadBalancerArn(nlb).protocol("TLS").port(port)
                .sslPolicy(NlbTlsListenerTest.TLS13).certificates(c -> c.certificateArn(NlbTlsListenerTest.DEFAULT_CERT))
                .defaultActions(a -> a.type("forward").targetGroupArn(tg))).listeners().get(0).listenerArn();
    }

    @AfterEach
    void stopTargets() {
        targets.close();
    }

    private void policy(String name) {
        local.elb.modifyListener(r -> r.listenerArn(listener).alpnPolicy(name));
    }

    /** The protocol agreed with a client offering {@code offer} (null: no ALPN), and the one the target agreed. */
    private String agreed(List<String> offer) throws Exception {
        try (var c = TlsLines.connect(NODE, port, "www.example.com", null, null, offer)) {
            String atTarget = c.lines().send("tls?").line().split(" ")[1];
            return c.alpn() + " / target " + atTarget;
        }
    }

    @Test
    void http1OnlyAgreesOnHttp11OrHttp10AndNeverOnH2() throws Exception {
        policy("HTTP1Only");
        assertThat(agreed(List.of("h2", "http/1.1"))).isEqualTo("http/1.1 / target http/1.1");
        assertThat(agreed(List.of("http/1.0", "h2"))).isEqualTo("http/1.0 / target http/1.0");
        assertThat(agreed(List.of("h2"))).as("nothing acceptable: served without ALPN").isEqualTo("- / target -");
    }

    @Test
    void http2OnlyAgreesOnH2AndServesOthersWithoutAlpn() throws Exception {
        policy("HTTP2Only");
        assertThat(agreed(List.of("http/1.1", "h2"))).isEqualTo("h2 / target h2");
        assertThat(agreed(List.of("http/1.1", "http/1.0"))).isEqualTo("- / target -");
    }

    @Test
    void http2OptionalPrefersHttp1OverH2WhateverTheClientPrefers() throws Exception {
        policy("HTTP2Optional");
        assertThat(agreed(List.of("h2", "http/1.1"))).isEqualTo("http/1.1 / target http/1.1");
        assertThat(agreed(List.of("h2", "http/1.0"))).isEqualTo("http/1.0 / target http/1.0");
        assertThat(agreed(List.of("h2"))).isEqualTo("h2 / target h2");
        assertThat(agreed(List.of("spdy/3"))).isEqualTo("- / target -");
    }

    @Test
    void http2PreferredPrefersH2ThenHttp11ThenHttp10() throws Exception {
        policy("HTTP2Preferred");
        assertThat(agreed(List.of("http/1.0", "http/1.1", "h2"))).isEqualTo("h2 / target h2");
        assertThat(agreed(List.of("http/1.0", "http/1.1"))).isEqualTo("http/1.1 / target http/1.1");
        assertThat(agreed(List.of("http/1.0"))).isEqualTo("http/1.0 / target http/1.0");
        assertThat(agreed(null)).as("a client without ALPN").isEqualTo("- / target -");
    }

    @Test
    void noneNegotiatesNothingThoughTheClientOffers() throws Exception {
        assertThat(agreed(List.of("h2", "http/1.1"))).as("no ALPN policy: None, the default").isEqualTo("- / target -");
        policy("HTTP2Preferred");
        assertThat(agreed(List.of("h2"))).isEqualTo("h2 / target h2");
        policy("None");
        assertThat(agreed(List.of("h2", "http/1.1"))).isEqualTo("- / target -");
    }
}
