package io.lbctl.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TLS listeners of network load balancers over real sockets, checked with the JDK's TLS: the
 * certificate by SNI among the default and added ones, the SSL policy's protocol versions and
 * cipher order, TLS target groups reached re-encrypted under AWS's back-end policy without their
 * certificate being checked, the proxy protocol header ahead of that TLS, and TCP listeners
 * passing a TLS handshake through untouched. A single-zone load balancer on 127.0.0.2.
 */
@SuppressWarnings("unchecked") // the SDK builders take Consumer varargs
class NlbTlsListenerTest extends LocalRuntimeTestBase {
    static final String NODE = "127.0.0.2";
    static final String DEFAULT_CERT = "arn:aws:acm:us-east-1:123456789012:certificate/d0d0d0d0-0000-4000-8000-000000000001";
    static final String API_CERT = "arn:aws:acm:us-east-1:123456789012:certificate/a0a0a0a0-0000-4000-8000-000000000002";
    static final String TLS13 = "ELBSecurityPolicy-TLS13-1-2-2021-06";
    static final String TLS12_ONLY = "ELBSecurityPolicy-TLS-1-2-2017-01";

    private final LineTargets targets = new LineTargets();
    private String nlb;
    private int port;

    @BeforeEach
    void loadBalancerAndCertificates() throws Exception {
        nlb = local.elb.createLoadBalancer(r -> r.name("net").type("network").subnets("subnet-12345678"))
                .loadBalancers().get(0).loadBalancerArn();
        port = LineClient.freePort(NODE);
        register(local, DEFAULT_CERT, "www.example.com", "www.example.com");
        register(local, API_CERT, "api", "*.api.example.com");
    }

    @AfterEach
    void stopTargets() {
        targets.close();
    }

    static void register(RuntimeFixture local, String arn, String commonName, String dnsName) throws Exception {
        TestCertificates.PemFiles files = TestCertificates.write(local.stateDir, arn.substring(arn.lastIndexOf('/') + 1),
                commonName, dnsName);
        local.runtime.registerCertificate(arn, files.certificate(), files.privateKey());
    }

    /** A JDK server context for a TLS target with its own self-signed certificate, which nothing trusts. */
    SSLContext targetTls(String commonName) throws Exception {
        return TlsLines.server(TestCertificates.write(state, "target-" + commonName, commonName, commonName));
    }

    /** A group of {@code protocol} holding {@code t}, with {@code attributes}; returns its ARN. */
    private String group(String protocol, LineTargets.Target t, String... attributes) {
        String tg = local.elb.createTargetGroup(r -> r.name(protocol.toLowerCase() + "-group").protocol(protocol).port(443)
                .vpcId("vpc-12345678").targetType("ip")).targetGroups().get(0).targetGroupArn();
        for (int i = 0; i < attributes.length; i += 2) {
            String key = attributes[i];
            String value = attributes[i + 1];
            local.elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(tg).attributes(a -> a.key(key).value(value)));
        }
        local.elb.registerTargets(r -> r.targetGroupArn(tg).targets(x -> x.id(t.host).port(t.port)));
        return tg;
    }

    private String tlsListener(String policy, String targetGroup) {
        return local.elb.createListener(r -> r.loadBalancerArn(nlb).protocol("TLS").port(port).sslPolicy(policy)
                .certificates(c -> c.certificateArn(DEFAULT_CERT))
                .defaultActions(a -> a.type("forward").targetGroupArn(targetGroup))).listeners().get(0).listenerArn();
    }

    private TlsLines.Connection connect(String sni, List<String> protocols, List<String> ciphers) throws Exception {
        return TlsLines.connect(NODE, port, sni, protocols, ciphers, null);
    }

    @Test
    void sniPicksTheCertificateNamingTheServerAmongTheDefaultAndAddedOnesAndTheDefaultOtherwise() throws Exception {
        LineTargets.Target plain = targets.start("plain", "127.0.0.1");
        String listener = tlsListener(TLS13, group("TCP", plain));
        local.elb.addListenerCertificates(r -> r.listenerArn(listener).certificates(c -> c.certificateArn(API_CERT)));
        try (var api = connect("v1.api.example.com", null, null)) {
            assertThat(api.certificateSubject()).isEqualTo("CN=api");
            assertThat(api.lines().send("decrypted")).as("a TCP group gets the plain bytes")
                    .isEqualTo(new LineClient.Reply("plain", NODE, "decrypted"));
            assertThat(api.lines().send("tls?").line()).isEqualTo("plain");
        }
        try (var www = connect("www.example.com", null, null)) {
            assertThat(www.certificateSubject()).isEqualTo("CN=www.example.com");
        }
        try (var unknown = connect("unknown.example.org", null, null); var none = connect(null, null, null)) {
            assertThat(unknown.certificateSubject()).isEqualTo("CN=www.example.com");
            assertThat(none.certificateSubject()).isEqualTo("CN=www.example.com");
            assertThat(none.lines().send("no name").target()).isEqualTo("plain");
        }
    }

    @Test
    void modifyingATlsListenerKeepsTheCertificatesAddedToIt() throws Exception {
        String other = "arn:aws:acm:us-east-1:123456789012:certificate/b0b0b0b0-0000-4000-8000-000000000004";
        register(local, other, "other.example.com", "other.example.com");
        LineTargets.Target plain = targets.start("plain", "127.0.0.1");
        String listener = tlsListener(TLS13, group("TCP", plain));
        local.elb.addListenerCertificates(r -> r.listenerArn(listener).certificates(c -> c.certificateArn(API_CERT)));
        local.elb.modifyListener(r -> r.listenerArn(listener).sslPolicy(TLS12_ONLY));
        local.elb.modifyListener(r -> r.listenerArn(listener).certificates(c -> c.certificateArn(other)));
        try (var api = connect("v1.api.example.com", null, null); var none = connect(null, null, null)) {
            assertThat(api.certificateSubject()).as("an added certificate outlives both changes").isEqualTo("CN=api");
            assertThat(api.protocol()).isEqualTo("TLSv1.2");
            assertThat(none.certificateSubject()).as("the new default").isEqualTo("CN=other.example.com");
        }
    }

    @Test
    void theListenersSslPolicyDecidesWhichProtocolVersionsAreServed() throws Exception {
        LineTargets.Target plain = targets.start("plain", "127.0.0.1");
        String listener = tlsListener(TLS12_ONLY, group("TCP", plain));
        assertThatThrownBy(() -> connect("www.example.com", List.of("TLSv1.3"), null)).isInstanceOf(IOException.class);
        try (var tls12 = connect("www.example.com", List.of("TLSv1.3", "TLSv1.2"), null)) {
            assertThat(tls12.protocol()).isEqualTo("TLSv1.2");
        }
        local.elb.modifyListener(r -> r.listenerArn(listener).sslPolicy("ELBSecurityPolicy-TLS13-1-3-2021-06"));
        assertThatThrownBy(() -> connect("www.example.com", List.of("TLSv1.2"), null)).isInstanceOf(IOException.class);
        try (var tls13 = connect("www.example.com", List.of("TLSv1.3"), null)) {
            assertThat(tls13.protocol()).isEqualTo("TLSv1.3");
            assertThat(tls13.lines().send("over 1.3").target()).isEqualTo("plain");
        }
    }

    @Test
    void theServerPicksTheCipherInThePolicysOrderAndRefusesOnesOutsideIt() throws Exception {
        LineTargets.Target plain = targets.start("plain", "127.0.0.1");
        tlsListener("ELBSecurityPolicy-2016-08", group("TCP", plain));
        try (var c = connect("www.example.com", List.of("TLSv1.2"), List.of("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"))) {
            assertThat(c.cipher()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        }
        assertThatThrownBy(() -> connect("www.example.com", List.of("TLSv1.2"),
                List.of("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"))).isInstanceOf(IOException.class);
    }

    @Test
    void aTlsGroupIsReachedReEncryptedUnderAwssBackEndPolicyWithoutItsCertificateBeingChecked() throws Exception {
        LineTargets.Target secure = targets.startTls("secure", "127.0.0.1", targetTls("untrusted.internal"));
        String listener = tlsListener(TLS13, group("TLS", secure));
        try (var c = connect("www.example.com", List.of("TLSv1.2"), null)) {
            assertThat(c.lines().send("tls?")).as("TLS13-1-0-2021-06 towards the target: the front policy has TLS 1.3")
                    .isEqualTo(new LineClient.Reply("secure", NODE, "TLSv1.3 - -"));
        }
        local.elb.modifyListener(r -> r.listenerArn(listener).sslPolicy(TLS12_ONLY));
        try (var c = connect("www.example.com", null, null)) {
            assertThat(c.lines().send("tls?").line()).as("2016-08 towards the target: the front policy lacks TLS 1.3")
                    .isEqualTo("TLSv1.2 - -");
        }
    }

    @Test
    void theProxyProtocolHeaderGoesAheadOfTheTlsHandshakeToATlsTarget() throws Exception {
        LineTargets.Target secure = targets.startTls("secure", "127.0.0.1", targetTls("pp.internal"));
        secure.expectsProxyHeader = true;
        tlsListener(TLS13, group("TLS", secure, "proxy_protocol_v2.enabled", "true"));
        int clientPort;
        try (var c = connect("www.example.com", null, null)) {
            clientPort = c.lines().socket.getLocalPort();
            assertThat(c.lines().send("after the header").target()).isEqualTo("secure");
        }
        byte[] header = secure.proxyHeaders.poll(5, TimeUnit.SECONDS);
        assertThat(header).isNotNull();
        EmbeddedChannel decoder = new EmbeddedChannel(new HAProxyMessageDecoder());
        decoder.writeInbound(Unpooled.wrappedBuffer(header));
        HAProxyMessage m = decoder.readInbound();
        try {
            assertThat(m.sourcePort()).isEqualTo(clientPort);
            assertThat(m.destinationAddress()).isEqualTo(NODE);
            assertThat(m.destinationPort()).isEqualTo(port);
        } finally {
            m.release();
            decoder.finishAndReleaseAll();
        }
    }

    @Test
    void aTcpListenerPassesATlsHandshakeThroughToTheTargetUntouched() throws Exception {
        LineTargets.Target secure = targets.startTls("secure", "127.0.0.1", targetTls("target.example.net"), "h2", "http/1.1");
        String tg = group("TCP", secure);
        local.elb.createListener(r -> r.loadBalancerArn(nlb).protocol("TCP").port(port)
                .defaultActions(a -> a.type("forward").targetGroupArn(tg)));
        try (var c = TlsLines.connect(NODE, port, "anything.example.org", null, null, List.of("h2"))) {
            assertThat(c.certificateSubject()).as("the target's own certificate").isEqualTo("CN=target.example.net");
            assertThat(c.alpn()).isEqualTo("h2");
            assertThat(c.lines().send("tls?")).as("the client's server name and ALPN offer reached the target")
                    .isEqualTo(new LineClient.Reply("secure", NODE, c.protocol() + " h2 anything.example.org"));
        }
    }

    @Test
    void aTlsListenerWhoseDefaultCertificateHasNoPemFilesIsReportedAndNotBound() {
        LineTargets.Target plain = targets.start("plain", "127.0.0.1");
        String tg = group("TCP", plain);
        String missing = "arn:aws:acm:us-east-1:123456789012:certificate/e0e0e0e0-0000-4000-8000-000000000003";
        String listener = local.elb.createListener(r -> r.loadBalancerArn(nlb).protocol("TLS").port(port)
                .certificates(c -> c.certificateArn(missing))
                .defaultActions(a -> a.type("forward").targetGroupArn(tg))).listeners().get(0).listenerArn();
        assertThat(local.runtime.nlb().boundAddresses()).isEmpty();
        assertThat(local.runtime.nlb().problems().get(listener)).contains(missing).contains("overlay");
    }
}
