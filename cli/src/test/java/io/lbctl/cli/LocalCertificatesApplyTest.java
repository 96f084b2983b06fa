package io.lbctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbctl.backend.local.LocalRuntime;
import io.lbctl.backend.local.RuntimeFile;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lbctl apply --target local --overlay} against a serve-local started without that
 * overlay: the overlay's PEM files reach the runtime through its state directory, the HTTPS
 * listener serves with them, and still does after the runtime restarts.
 */
class LocalCertificatesApplyTest {
    private static final String ARN = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012";

    @TempDir
    Path state;
    @TempDir
    Path work;
    private LocalRuntime runtime;
    private X509Bundle certificate;
    private int port;

    @BeforeEach
    void start() throws Exception {
        runtime = started();
        certificate = new CertificateBuilder().subject("CN=shop.example.com").addSanDnsName("shop.example.com")
                .algorithm(CertificateBuilder.Algorithm.rsa2048).setIsCertificateAuthority(true).buildSelfSigned();
        Files.writeString(work.resolve("shop.crt"), certificate.getCertificatePEM());
        Files.writeString(work.resolve("shop.key"), certificate.getPrivateKeyPEM());
        port = LoopbackHttp.freePort();
        Files.writeString(work.resolve("lb.yaml"), """
                version: lbctl/v1
                stack: tls
                network:
                  vpc: vpc-12345678
                  subnets:
                    subnet-12345678: { zone: us-east-1a }
                    subnet-87654321: { zone: us-east-1b }
                loadBalancers:
                  web:
                    type: application
                    subnets: [subnet-12345678, subnet-87654321]
                    listeners:
                      https:
                        port: 443
                        protocol: HTTPS
                        certificates: [%s]
                        defaultAction: { fixedResponse: { status: 200, body: "secure" } }
                """.formatted(ARN));
        Files.writeString(work.resolve("lb.local.yaml"), """
                version: lbctl-overlay/v1
                loadBalancers:
                  web:
                    listeners:
                      https: { port: %d }
                certificates:
                  %s:
                    certificate: shop.crt
                    privateKey: shop.key
                """.formatted(port, ARN));
    }

    private LocalRuntime started() throws InterruptedException {
        LocalRuntime r = LocalRuntime.start(LocalRuntime.Settings.defaults(state).withApiPort(0));
        new RuntimeFile(r.endpoint(), r.region(), ProcessHandle.current().pid()).write(state);
        return r;
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void anOverlaysCertificatesServeTheHttpsListenerItCreatesAndSurviveARestart() throws Exception {
        CliRun apply = CliRun.of("apply", work.resolve("lb.yaml").toString(), "--overlay", work.resolve("lb.local.yaml").toString(),
                "--auto-approve", "--target", "local", "--state-dir", state.toString());
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(httpsGet()).startsWith("HTTP/1.1 200").endsWith("secure");

        runtime.close();
        runtime = started();
        assertThat(httpsGet()).as("served after a restart, from the recorded files").startsWith("HTTP/1.1 200");
    }

    @Test
    void newFilesForACertificateTheListenerAlreadyServesAreTakenUpThoughThePlanHasNoChanges() throws Exception {
        CliRun first = apply();
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(httpsGet()).startsWith("HTTP/1.1 200");

        X509Bundle renewed = new CertificateBuilder().subject("CN=renewed.example.com").addSanDnsName("shop.example.com")
                .algorithm(CertificateBuilder.Algorithm.rsa2048).setIsCertificateAuthority(true).buildSelfSigned();
        Files.writeString(work.resolve("renewed.crt"), renewed.getCertificatePEM());
        Files.writeString(work.resolve("renewed.key"), renewed.getPrivateKeyPEM());
        Path overlay = work.resolve("lb.local.yaml");
        Files.writeString(overlay, Files.readString(overlay).replace("shop.crt", "renewed.crt").replace("shop.key", "renewed.key"));
        CliRun again = apply();
        assertThat(again.out()).contains("No changes.");

        certificate = renewed;
        assertThat(httpsGet()).as("served with the renewed certificate once the runtime saw the recorded files")
                .startsWith("HTTP/1.1 200");
    }

    private CliRun apply() {
        return CliRun.of("apply", work.resolve("lb.yaml").toString(), "--overlay", work.resolve("lb.local.yaml").toString(),
                "--auto-approve", "--target", "local", "--state-dir", state.toString());
    }

    @Test
    void aCertificateFileThatCannotServeIsRefusedBeforeAnythingIsCreated() throws Exception {
        Files.writeString(work.resolve("shop.key"), "not a key");
        CliRun apply = CliRun.of("apply", work.resolve("lb.yaml").toString(), "--overlay", work.resolve("lb.local.yaml").toString(),
                "--auto-approve", "--target", "local", "--state-dir", state.toString());
        assertThat(apply.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(apply.err()).contains("lbctl: certificate " + ARN).contains("shop.key").doesNotContain("Exception");
        assertThat(runtime.store().state().loadBalancers()).isEmpty();
    }

    private String httpsGet() throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, certificate.toTrustManagerFactory().getTrustManagers(), null);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(LoopbackHttp.NODE, port)) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: shop.example.com\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100); // the listener binds once the load balancer is active
            }
        }
    }
}
