package io.lbctl.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** X-Forwarded-For modes, invalid header fields, and draining that lets in-flight requests finish. */
@SuppressWarnings("unchecked") // the SDK builders take Consumer varargs
class AlbHeadersAndDrainingTest extends AlbTestBase {

    private String echoGroup() {
        int echo = targets.start(exchange -> new TestTargets.Answer(200, "xff=" + exchange.getRequestHeaders()
                .getFirst("X-Forwarded-For") + " trace=" + exchange.getRequestHeaders().getFirst("X-Amzn-Trace-Id")
                + " odd=" + exchange.getRequestHeaders().getFirst("X_Odd")));
        String tg = local.elb.createTargetGroup(r -> r.name("echo").protocol("HTTP").port(80).vpcId("vpc-12345678")
                .targetType("ip")).targetGroups().get(0).targetGroupArn();
        local.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("127.0.0.1").port(echo)));
        local.elb.createListener(r -> r.loadBalancerArn(alb).protocol("HTTP").port(port)
                .defaultActions(a -> a.type("forward").targetGroupArn(tg)));
        return tg;
    }

    private void attribute(String key, String value) {
        local.elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(alb).attributes(a -> a.key(key).value(value)));
    }

    private String get(String... headers) throws IOException {
        return RawHttp.get("127.0.0.2", port, "/", "h.com", headers).body();
    }

    @Test
    void forwardedForFollowsTheProcessingModeAndTheClientPortOption() throws Exception {
        echoGroup();
        assertThat(get()).startsWith("xff=127.0.0.1 ");
        assertThat(get("X-Forwarded-For: 127.0.0.4")).startsWith("xff=127.0.0.4, 127.0.0.1 ");
        attribute("routing.http.xff_client_port.enabled", "true");
        assertThat(get()).matches("xff=127\\.0\\.0\\.1:\\d+ .*");
        attribute("routing.http.xff_header_processing.mode", "preserve");
        assertThat(get("X-Forwarded-For: 127.0.0.4")).startsWith("xff=127.0.0.4 ");
        assertThat(get()).startsWith("xff=null ");
        attribute("routing.http.xff_header_processing.mode", "remove");
        assertThat(get("X-Forwarded-For: 127.0.0.4")).startsWith("xff=null ");
    }

    @Test
    void theTraceIdGetsARootWhenAbsentAndASelfBesideAClientsRoot() throws Exception {
        echoGroup();
        assertThat(get()).matches(".* trace=Root=1-[0-9a-f]{8}-[0-9a-f]{24} .*");
        assertThat(get("X-Amzn-Trace-Id: Root=1-67891233-abcdef012345678912345678;CalledFrom=app"))
                .matches(".* trace=Self=1-[0-9a-f]{8}-[0-9a-f]{24};Root=1-67891233-abcdef012345678912345678;CalledFrom=app .*");
        assertThat(get("X-Amzn-Trace-Id: Self=1-00000000-000000000000000000000000;Root=1-67891233-abcdef012345678912345678"))
                .matches(".* trace=Self=1-[0-9a-f]{8}-[0-9a-f]{24};Root=1-67891233-abcdef012345678912345678 .*")
                .doesNotContain("Self=1-00000000");
        assertThat(get("X-Amzn-Trace-Id: Root=1-67891233-abcdef012345678912345678;Pad=" + "x".repeat(7 * 1024)))
                .as("a header over 7 KB is replaced by a new Root").matches(".* trace=Root=1-[0-9a-f]{8}-[0-9a-f]{24} .*");
    }

    @Test
    void invalidHeaderFieldsAreDroppedOnlyWhenAsked() throws Exception {
        echoGroup();
        assertThat(get("X_Odd: kept")).endsWith("odd=kept");
        attribute("routing.http.drop_invalid_header_fields.enabled", "true");
        assertThat(get("X_Odd: kept")).endsWith("odd=null");
    }

    @Test
    void aDeregisteredTargetFinishesItsRequestsAndGetsNoNewOnes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch arrived = new CountDownLatch(1);
        int slow = targets.start(exchange -> {
            if (!"ELB-HealthChecker/2.0".equals(exchange.getRequestHeaders().getFirst("User-Agent"))) {
                arrived.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new TestTargets.Answer(200, "slow");
        });
        String tg = local.elb.createTargetGroup(r -> r.name("drain").protocol("HTTP").port(80).vpcId("vpc-12345678")
                .targetType("ip")).targetGroups().get(0).targetGroupArn();
        local.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("127.0.0.1").port(slow)));
        local.elb.createListener(r -> r.loadBalancerArn(alb).protocol("HTTP").port(port)
                .defaultActions(a -> a.type("forward").targetGroupArn(tg)));
        CompletableFuture<RawHttp.Response> inFlight = CompletableFuture.supplyAsync(() -> {
            try {
                return RawHttp.get("127.0.0.2", port, "/", "h.com");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
        int fast = targets.named("fast");
        local.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("127.0.0.1").port(fast)));
        local.elb.deregisterTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("127.0.0.1").port(slow)));
        for (int i = 0; i < 5; i++) {
            assertThat(RawHttp.get("127.0.0.2", port, "/", "h.com").body()).isEqualTo("fast");
        }
        release.countDown();
        RawHttp.Response finished = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(finished.status()).isEqualTo(200);
        assertThat(finished.body()).isEqualTo("slow");
    }
}
