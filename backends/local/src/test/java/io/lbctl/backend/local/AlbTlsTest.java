package io.lbctl.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTPS listeners over real TLS: certificates from PEM files, SNI selection with a default, the
 * SSL policy's protocol versions and cipher order, HTTP/2 by ALPN, the TLS headers, and HTTPS to
 * targets and their health checks.
 */
class AlbTlsTest extends AlbTestBase {
    static {
        // Test certificates name hosts, not the loopback address the client dials.
        System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
    }

    private static final String DEFAULT_CERT = "arn:aws:acm:us-east-1:123456789012:certificate/d0d0d0d0-0000-4000-8000-000000000001";
    private static final String API_CERT = "arn:aws:acm:us-east-1:123456789012:certificate/a0a0a0a0-0000-4000-8000-000000000002";

    private String web;

    @BeforeEach
    void certificatesAndTarget() throws Exception {
        register(DEFAULT_CERT, "www.example.com", "www.example.com");
        register(API_CERT, "api", "*.api.example.com");
        int target = targets.start(exchange -> new TestTargets.Answer(200, "proto="
                + exchange.getRequestHeaders().getFirst("X-Forwarded-Proto") + " port="
                + exchange.getRequestHeaders().getFirst("X-Forwarded-Port") + " tls="
                + exchange.getRequestHeaders().getFirst("x-amzn-tls-version") + " cipher="
                + exchange.getRequestHeaders().getFirst("x-amzn-tls-cipher-suite")));
        web = local.elb.createTargetGroup(r -> r.name("web").protocol("HTTP").port(80).vpcId("vpc-12345678")
                .targetType("ip")).targetGroups().get(0).targetGroupArn();
        local.elb.registerTargets(r -> r.targetGroupArn(web).targets(t -> t.id("127.0.0.1").port(target)));
    }

    private void register(String arn, String commonName, String dnsName) throws Exception {
        TestCertificates.PemFiles files = TestCertificates.write(state, arn.substring(arn.lastIndexOf('/') + 1), commonName, dnsName);
        local.runtime.registerCertificate(arn, files.certificate(), files.privateKey());
    }

    private String https(String policy, String... certificates) {
        String listener = local.elb.createListener(r -> r.loadBalancerArn(alb).protocol("HTTPS").port(port).sslPolicy(policy)
                .certificates(c -> c.certificateArn(certificates[0]))
                .defaultActions(a -> a.type("forward").targetGroupArn(web))).listeners().get(0).listenerArn();
        for (int i = 1; i < certificates.length; i++) {
            String extra = certificates[i];
            local.elb.addListenerCertificates(r -> r.listenerArn(listener).certificates(c -> c.certificateArn(extra)));
        }
        return listener;
    }

    @Test
    void sniPicksTheCertificateThatNamesTheHostAndTheDefaultOtherwise() throws Exception {
        https("ELBSecurityPolicy-TLS13-1-2-2021-06", DEFAULT_CERT, API_CERT);
        assertThat(TlsClient.get("127.0.0.2", port, "v1.api.example.com", null, null, "/").certificateSubject())
                .isEqualTo("CN=api");
        assertThat(TlsClient.get("127.0.0.2", port, "www.example.com", null, null, "/").certificateSubject())
                .isEqualTo("CN=www.example.com");
        assertThat(TlsClient.get("127.0.0.2", port, "unknown.example.org", null, null, "/").certificateSubject())
                .isEqualTo("CN=www.example.com");
        TlsClient.Result noName = TlsClient.get("127.0.0.3", port, null, null, null, "/");
        assertThat(noName.certificateSubject()).isEqualTo("CN=www.example.com");
        assertThat(noName.status()).isEqualTo(200);
        assertThat(noName.body()).startsWith("proto=https port=" + port + " tls=null");
    }

    @Test
    void aTls11ClientIsRefusedUnderATls12PolicyAndServedUnderAPolicyThatAllowsIt() throws Exception {
        String listener = https("ELBSecurityPolicy-TLS-1-2-2017-01", DEFAULT_CERT);
        TlsClient.Result refused = TlsClient.get("127.0.0.2", port, "www.example.com", List.of("TLSv1.1"), null, "/");
        assertThat(refused.failure()).isNotNull();
        assertThat(TlsClient.get("127.0.0.2", port, "www.example.com", List.of("TLSv1.2"), null, "/").status()).isEqualTo(200);

        local.elb.modifyListener(r -> r.listenerArn(listener).sslPolicy("ELBSecurityPolicy-2016-08"));
        local.elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(alb).attributes(
                a -> a.key("routing.http.x_amzn_tls_version_and_cipher_suite.enabled").value("true")));
        TlsClient.Result old = TlsClient.get("127.0.0.2", port, "www.example.com", List.of("TLSv1.1"), null, "/");
        assertThat(old.failure()).isNull();
        assertThat(old.protocol()).isEqualTo("TLSv1.1");
        assertThat(old.body()).isEqualTo("proto=https port=" + port + " tls=TLSv1.1 cipher=ECDHE-RSA-AES128-SHA");
    }

    @Test
    void theServerPicksTheCipherInThePolicysOrderNotTheClients() throws Exception {
        https("ELBSecurityPolicy-2016-08", DEFAULT_CERT);
        TlsClient.Result r = TlsClient.get("127.0.0.2", port, "www.example.com", List.of("TLSv1.2"),
                List.of("ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-AES128-SHA", "ECDHE-RSA-AES128-GCM-SHA256"), "/");
        assertThat(r.cipher()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        TlsClient.Result only = TlsClient.get("127.0.0.2", port, "www.example.com", List.of("TLSv1.2"),
                List.of("ECDHE-RSA-CHACHA20-POLY1305"), "/");
        assertThat(only.failure()).as("a cipher outside the policy: %s %s", only.protocol(), only.cipher()).isNotNull();
    }

    @Test
    void anHttpsListenerWithoutPemFilesForItsCertificateIsReportedAndNotBound() {
        String missing = "arn:aws:acm:us-east-1:123456789012:certificate/e0e0e0e0-0000-4000-8000-000000000003";
        String listener = https("ELBSecurityPolicy-2016-08", missing);
        assertThat(local.runtime.alb().boundAddresses()).isEmpty();
        assertThat(local.runtime.alb().problems()).containsKey(listener);
        assertThat(local.runtime.alb().problems().get(listener)).contains(missing).contains("overlay");
    }

    @Test
    void http2IsNegotiatedByAlpnUnlessTheLoadBalancerTurnsItOff() throws Exception {
        https("ELBSecurityPolicy-TLS13-1-2-2021-06", DEFAULT_CERT);
        HttpClient client = HttpClient.newBuilder().sslContext(trustAll()).version(HttpClient.Version.HTTP_2).build();
        URI uri = URI.create("https://127.0.0.2:" + port + "/h2");
        HttpResponse<String> h2 = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(h2.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(h2.body()).startsWith("proto=https");

        local.elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(alb).attributes(
                a -> a.key("routing.http2.enabled").value("false")));
        HttpClient fresh = HttpClient.newBuilder().sslContext(trustAll()).version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> h1 = fresh.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(h1.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }

    @Test
    void httpsTargetsAreReachedOverTlsAndPassHttpsHealthChecks() throws Exception {
        int secure = targets.startHttps(exchange -> new TestTargets.Answer(200, "secure " + exchange.getRequestURI()));
        String tg = local.elb.createTargetGroup(r -> r.name("secure").protocol("HTTPS").port(443).vpcId("vpc-12345678")
                .targetType("ip").healthCheckProtocol("HTTPS").healthCheckPath("/health").healthCheckIntervalSeconds(5).healthCheckTimeoutSeconds(2))
                .targetGroups().get(0).targetGroupArn();
        local.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("127.0.0.1").port(secure)));
        local.elb.createListener(r -> r.loadBalancerArn(alb).protocol("HTTP").port(port)
                .defaultActions(a -> a.type("forward").targetGroupArn(tg)));
        assertThat(RawHttp.get("127.0.0.2", port, "/x", "h.com").body()).isEqualTo("secure /x");
        await(() -> local.elb.describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions().get(0)
                .targetHealth().stateAsString().equals("healthy"), 10);
    }

    private static SSLContext trustAll() throws Exception {
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        return c;
    }
}
