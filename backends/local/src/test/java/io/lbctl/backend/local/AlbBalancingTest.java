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

    @Test
    void anAppCookieFromTheTargetGetsAwsAlbAppCookiesThatPinTheClient() throws Exception {
        java.util.function.Function<String, Integer> setsSession = name -> targets.start(exchange -> {
            exchange.getResponseHeaders().add("Set-Cookie", "SESSION=" + name + "; Path=/");
            return new TestTargets.Answer(200, name);
        });
        forwardTo(group("app", Map.of("stickiness.enabled", "true", "stickiness.type", "app_cookie",
                "stickiness.app_cookie.cookie_name", "SESSION", "stickiness.app_cookie.duration_seconds", "300"),
                setsSession.apply("a"), setsSession.apply("b")));
        RawHttp.Response first = RawHttp.get("127.0.0.2", port, "/", "h.com");
        java.util.List<String> cookies = first.all("Set-Cookie");
        assertThat(cookies).hasSize(5);
        assertThat(cookies.get(0)).isEqualTo("SESSION=" + first.body() + "; Path=/");
        assertThat(cookies.get(1)).startsWith("AWSALBAPP-0=").contains("; Expires=").endsWith("; Path=/");
        assertThat(cookies.subList(2, 5)).allSatisfy(c -> assertThat(c).matches("AWSALBAPP-[123]=_remove_; Expires=.*; Path=/"));
        assertThat(cookies).noneMatch(c -> c.startsWith("AWSALB="));
        String pin = cookies.get(1).substring(0, cookies.get(1).indexOf(';'));
        for (int i = 0; i < 10; i++) {
            assertThat(RawHttp.get("127.0.0.2", port, "/", "h.com", "Cookie: SESSION=" + first.body() + "; " + pin
                    + "; AWSALBAPP-1=_remove_").body()).isEqualTo(first.body());
        }
        Map<String, Integer> unpinned = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            unpinned.merge(RawHttp.get("127.0.0.2", port, "/", "h.com").body(), 1, Integer::sum);
        }
        assertThat(unpinned).as("without AWSALBAPP the algorithm chooses").containsOnlyKeys("a", "b");
    }

    @Test
    void aTargetInSlowStartTakesARisingShareAfterItTurnsHealthy() throws Exception {
        int a = targets.named("a");
        int b = targets.named("b");
        String tg = group("ramp", Map.of("slow_start.duration_seconds", "60"), a);
        local.elb.modifyTargetGroup(r -> r.targetGroupArn(tg).healthCheckIntervalSeconds(5).healthCheckTimeoutSeconds(2));
        forwardTo(tg);
        awaitHealthy(tg, 1);
        local.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("127.0.0.1").port(b)));
        awaitHealthy(tg, 2);
        Map<String, Integer> hits = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            hits.merge(RawHttp.get("127.0.0.2", port, "/", "h.com").body(), 1, Integer::sum);
        }
        // Seconds into a 60 s ramp the new target's share is a few percent, far from round robin's half.
        assertThat(hits.getOrDefault("b", 0)).isLessThan(40);
        assertThat(hits.get("a")).isGreaterThan(160);
    }

    private void awaitHealthy(String tg, int count) throws InterruptedException {
        await(() -> local.elb.describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions().stream()
                .filter(d -> d.targetHealth().stateAsString().equals("healthy")).count() >= count, 15);
    }
}
