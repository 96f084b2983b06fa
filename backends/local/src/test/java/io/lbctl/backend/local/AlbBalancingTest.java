package io.lbctl.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;

/** Stickiness cookies and balancing algorithms, measured over real requests. */
@SuppressWarnings("unchecked") // the SDK builders take Consumer varargs
class AlbBalancingTest extends AlbTestBase {

    private String group(String name, Map<String, String> attributes, int... ports) {
        String arn = local.elb.createTargetGroup(r -> r.name(name).protocol("HTTP").port(80).vpcId("vpc-12345678")
                .targetType("ip")).targetGroups().get(0).targetGroupArn();
        for (int p : ports) {
            local.elb.registerTargets(r -> r.targetGroupArn(arn).targets(t -> t.id("127.0.0.1").port(p)));
        }
        if (!attributes.isEmpty()) {
            local.elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(arn).attributes(attributes.entrySet().stream()
                    .map(e -> TargetGroupAttribute.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
        }
        return arn;
    }

    private void forwardTo(String tg) {
        local.elb.createListener(r -> r.loadBalancerArn(alb).protocol("HTTP").port(port)
                .defaultActions(a -> a.type("forward").targetGroupArn(tg)));
    }

    @Test
    void anLbCookiePinsTheClientToItsTarget() throws Exception {
        forwardTo(group("sticky", Map.of("stickiness.enabled", "true", "stickiness.type", "lb_cookie",
                "stickiness.lb_cookie.duration_seconds", "300"), targets.named("a"), targets.named("b")));
        RawHttp.Response first = RawHttp.get("127.0.0.2", port, "/", "h.com");
        assertThat(first.all("Set-Cookie")).hasSize(2);
        String cookie = first.all("Set-Cookie").get(0);
        assertThat(cookie).startsWith("AWSALB=").contains("; Expires=").endsWith("; Path=/");
        String value = cookie.substring("AWSALB=".length(), cookie.indexOf(';'));
        assertThat(first.all("Set-Cookie").get(1)).isEqualTo("AWSALBCORS=" + cookie.substring("AWSALB=".length())
                + "; SameSite=None; Secure");
        for (int i = 0; i < 10; i++) {
            assertThat(RawHttp.get("127.0.0.2", port, "/", "h.com", "Cookie: AWSALB=" + value).body())
                    .isEqualTo(first.body());
            assertThat(RawHttp.get("127.0.0.2", port, "/", "h.com", "Cookie: other=1; AWSALBCORS=" + value).body())
                    .isEqualTo(first.body());
        }
        Map<String, Integer> forged = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            forged.merge(RawHttp.get("127.0.0.2", port, "/", "h.com", "Cookie: AWSALB=" + value + "x").body(), 1, Integer::sum);
        }
        assertThat(forged).as("a cookie that does not verify is ignored").containsOnlyKeys("a", "b");
    }

    @Test
    void targetGroupStickinessPinsTheWeightedGroup() throws Exception {
        String one = group("one", Map.of(), targets.named("one"));
        String two = group("two", Map.of(), targets.named("two"));
        local.elb.createListener(r -> r.loadBalancerArn(alb).protocol("HTTP").port(port)
                .defaultActions(Action.builder().type("forward").forwardConfig(f -> f.targetGroups(
                        t -> t.targetGroupArn(one).weight(1), t -> t.targetGroupArn(two).weight(1))
                        .targetGroupStickinessConfig(s -> s.enabled(true).durationSeconds(300))).build()));
        RawHttp.Response first = RawHttp.get("127.0.0.2", port, "/", "h.com");
        String cookie = first.all("Set-Cookie").get(0);
        assertThat(cookie).startsWith("AWSALBTG=");
        assertThat(first.all("Set-Cookie").get(1)).startsWith("AWSALBTGCORS=").endsWith("; SameSite=None; Secure");
        String value = cookie.substring("AWSALBTG=".length(), cookie.indexOf(';'));
        for (int i = 0; i < 20; i++) {
            assertThat(RawHttp.get("127.0.0.2", port, "/", "h.com", "Cookie: AWSALBTG=" + value).body())
                    .isEqualTo(first.body());
        }
    }

    @Test
    void leastOutstandingRequestsAvoidsABusyTarget() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger slowArrivals = new AtomicInteger();
        int slow = targets.start(exchange -> {
            if ("ELB-HealthChecker/2.0".equals(exchange.getRequestHeaders().getFirst("User-Agent"))) {
                return new TestTargets.Answer(200, "");
            }
            slowArrivals.incrementAndGet();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new TestTargets.Answer(200, "slow");
        });
        int fast = targets.named("fast");
        String lor = group("lor", Map.of("load_balancing.algorithm.type", "least_outstanding_requests"), slow, fast);
        forwardTo(lor);
        long healthyBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (local.elb.describeTargetHealth(r -> r.targetGroupArn(lor)).targetHealthDescriptions().stream()
                .anyMatch(d -> !d.targetHealth().stateAsString().equals("healthy")) && System.nanoTime() < healthyBy) {
            Thread.sleep(50);
        }
        Thread background = new Thread(() -> {
            try {
                RawHttp.get("127.0.0.2", port, "/", "h.com");
                RawHttp.get("127.0.0.2", port, "/", "h.com");
            } catch (IOException e) {
                // released at the end of the test
            }
        });
        background.setDaemon(true);
        background.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (slowArrivals.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(slowArrivals.get()).as("one request is held by the slow target").isEqualTo(1);
        try {
            for (int i = 0; i < 6; i++) {
                assertThat(RawHttp.get("127.0.0.2", port, "/", "h.com").body()).isEqualTo("fast");
            }
        } finally {
            release.countDown();
        }
    }

    @Test
    void weightedRandomSpreadsOverTargets() throws Exception {
        forwardTo(group("random", Map.of("load_balancing.algorithm.type", "weighted_random"),
                targets.named("a"), targets.named("b")));
        Map<String, Integer> hits = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            hits.merge(RawHttp.get("127.0.0.2", port, "/", "h.com").body(), 1, Integer::sum);
        }
        assertThat(hits.keySet()).isEqualTo(java.util.Set.of("a", "b"));
        assertThat(hits.get("a")).isBetween(60, 140);
    }
}
