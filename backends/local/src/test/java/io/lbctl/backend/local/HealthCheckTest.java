package io.lbctl.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Health checks against real targets: initial, healthy after one pass (ALB), unhealthy after the
 * threshold with AWS's reason, routing only to healthy targets, and failing open when none is.
 * The waits are bounded by AWS's intervals (at least 5 s), not speed targets.
 */
@SuppressWarnings("unchecked") // the SDK builders take Consumer varargs
class HealthCheckTest extends LocalRuntimeTestBase {
    private final TestTargets targets = new TestTargets();
    private final List<String> userAgents = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A target whose /health answers {@code status}, and whose / answers its name. */
    private int target(String name, AtomicInteger status) {
        return targets.start(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/health")) {
                userAgents.add(exchange.getRequestHeaders().getFirst("User-Agent") + " "
                        + exchange.getRequestHeaders().getFirst("Host"));
                return new TestTargets.Answer(status.get(), "");
            }
            return new TestTargets.Answer(200, name);
        });
    }

    @AfterEach
    void stopTargets() {
        targets.close();
    }

    @Test
    void targetsBecomeHealthyAndUnhealthyAndTrafficFollows() throws Exception {
        AtomicInteger aStatus = new AtomicInteger(200);
        AtomicInteger bStatus = new AtomicInteger(200);
        int a = target("a", aStatus);
        int b = target("b", bStatus);
        String tg = local.elb.createTargetGroup(r -> r.name("app").protocol("HTTP").port(80).vpcId("vpc-12345678")
                .targetType("ip").healthCheckPath("/health").healthCheckIntervalSeconds(5).healthCheckTimeoutSeconds(2)
                .healthyThresholdCount(2).unhealthyThresholdCount(2)).targetGroups().get(0).targetGroupArn();
        local.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("127.0.0.1").port(a), t -> t.id("127.0.0.1").port(b)));
        assertThat(health(tg, a)).isEqualTo("unused Target.NotInUse");
        String alb = local.elb.createLoadBalancer(r -> r.name("web").subnets("subnet-12345678", "subnet-87654321"))
                .loadBalancers().get(0).loadBalancerArn();
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.2"))) {
            port = probe.getLocalPort();
        }
        local.elb.createListener(r -> r.loadBalancerArn(alb).protocol("HTTP").port(port)
                .defaultActions(x -> x.type("forward").targetGroupArn(tg)));

        await(() -> health(tg, a).equals("healthy null") && health(tg, b).equals("healthy null"), 10);
        assertThat(userAgents).contains("ELB-HealthChecker/2.0 127.0.0.1:" + a);
        assertThat(servedBy(port, 20)).containsExactlyInAnyOrder("a", "b");

        bStatus.set(500);
        await(() -> health(tg, b).startsWith("unhealthy"), 15);
        assertThat(health(tg, b)).isEqualTo("unhealthy Target.ResponseCodeMismatch");
        assertThat(description(tg, b)).isEqualTo("Health checks failed with these codes: [500]");
        assertThat(servedBy(port, 20)).containsExactly("a");

        aStatus.set(503);
        await(() -> health(tg, a).startsWith("unhealthy"), 15);
        assertThat(servedBy(port, 20)).as("all unhealthy: ALB fails open").containsExactlyInAnyOrder("a", "b");

        targets.stop(1);
        await(() -> health(tg, b).equals("unhealthy Target.FailedHealthChecks"), 15);
    }

    private Set<String> servedBy(int port, int requests) throws IOException {
        Set<String> who = new HashSet<>();
        for (int i = 0; i < requests; i++) {
            RawHttp.Response r = RawHttp.get("127.0.0.2", port, "/", "h.com");
            if (r.status() == 200) {
                who.add(r.body());
            }
        }
        return who;
    }

    private String health(String tg, int port) {
        return local.elb.describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions().stream()
                .filter(d -> d.target().port() == port).findFirst()
                .map(d -> d.targetHealth().stateAsString() + " " + d.targetHealth().reasonAsString()).orElse("absent");
    }

    private String description(String tg, int port) {
        return local.elb.describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions().stream()
                .filter(d -> d.target().port() == port).findFirst().map(d -> d.targetHealth().description()).orElse("");
    }
}
