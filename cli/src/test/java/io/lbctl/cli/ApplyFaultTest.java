package io.lbctl.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * apply converges whatever the API throws at it: throttling and 5xx are retried by the SDK with
 * backoff, a resource not found just after it was created by the waiters, a reset connection by
 * the SDK, an answer lost after the API acted is recognised by the ownership tags, and an error
 * that is nobody's to retry stops apply with one line, after which the next apply finishes. An
 * apply killed between two calls (its own JVM, destroyed forcibly while WireMock holds the second
 * rule's CreateRule) left only tagged resources: the next plan shows only what is left, and the
 * next apply finishes the job without duplicating anything.
 */
class ApplyFaultTest extends ApplyFaultTestSupport {

    @Test
    void throttlingOnACreateTwiceIsRetriedWithBackoffAndApplySucceeds() {
        // A 400 the SDK's retry strategy knows as throttling: lbctl's own waiters retry only NotFound and ResourceInUse.
        fault("CreateTargetGroup", 2, error(400, "Throttling", "Rate exceeded"));

        CliRun apply = viaWireMock("apply", "--auto-approve");

        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(calls("CreateTargetGroup")).as("two groups, the first one throttled twice").isEqualTo(4);
        assertConverged();
    }

    @Test
    void serverErrorsOnADescribeAndACreateAreRetriedAndApplySucceeds() {
        fault("DescribeLoadBalancers", 1, error(500, "InternalFailure", "We encountered an internal error."));
        fault("DescribeLoadBalancers", 1, error(503, "ServiceUnavailable", "Service unavailable"), "LoadBalancerArns.member.1=");
        fault("CreateLoadBalancer", 1, error(503, "ServiceUnavailable", "Service unavailable"));
        fault("CreateRule", 1, error(500, "InternalFailure", "We encountered an internal error."));
        fault("CreateRule", 1, aResponse().withStatus(503).withBody("upstream gone"), "Priority=20");

        CliRun apply = viaWireMock("apply", "--auto-approve");

        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(calls("CreateLoadBalancer")).isEqualTo(2);
        assertThat(calls("CreateRule")).as("two rules, each failed once").isEqualTo(4);
        assertConverged();
    }

    @Test
    void aResourceNotFoundRightAfterItsCreationIsWaitedForAndApplySucceeds() {
        fault("ModifyTargetGroupAttributes", 1, error(400, "TargetGroupNotFound", "One or more target groups not found"));
        fault("DescribeLoadBalancers", 1, error(400, "LoadBalancerNotFound", "Load balancers not found"), "LoadBalancerArns.member.1=");
        fault("CreateListener", 1, error(400, "LoadBalancerNotFound", "Load balancers not found"));
        fault("ModifyListenerAttributes", 1, error(400, "ListenerNotFound", "One or more listeners not found"));
        fault("CreateRule", 1, error(400, "ListenerNotFound", "One or more listeners not found"));
        fault("RegisterTargets", 1, error(400, "TargetGroupNotFound", "One or more target groups not found"));

        CliRun apply = viaWireMock("apply", "--auto-approve");

        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(calls("CreateListener")).isEqualTo(2);
        assertThat(calls("ModifyListenerAttributes")).isEqualTo(2);
        assertConverged();
    }

    @Test
    void aConnectionResetBeforeTheCallArrivesIsRetriedAndApplySucceeds() {
        fault("CreateLoadBalancer", 1, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        fault("CreateRule", 1, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        fault("DescribeTags", 1, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        CliRun apply = viaWireMock("apply", "--auto-approve");

        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(calls("CreateLoadBalancer")).isGreaterThanOrEqualTo(2);
        assertConverged();
    }

    @Test
    void aCreateWhoseAnswerIsLostAfterTheApiActedIsRecognisedByItsTagsAndApplySucceeds() {
        // The SDK sends each call again. Groups and load balancers are idempotent by name; a second
        // CreateListener meets DuplicateListener and a second CreateRule PriorityInUse, from the first.
        fault("CreateTargetGroup", 1, answerLost());
        fault("CreateLoadBalancer", 1, answerLost());
        fault("CreateListener", 1, answerLost());
        fault("CreateRule", 1, answerLost());

        CliRun apply = viaWireMock("apply", "--auto-approve");

        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.err()).isEmpty();
        assertThat(calls("CreateListener")).as("sent again after the reset").isGreaterThanOrEqualTo(2);
        assertThat(calls("CreateRule")).isGreaterThanOrEqualTo(3);
        assertConverged();
    }

    @Test
    void aDeleteWhoseAnswerIsLostIsDoneAndApplySucceeds() throws Exception {
        assertThat(direct("apply", "--auto-approve").exitCode()).isZero();
        String text = Files.readString(spec);
        Files.writeString(spec, text.substring(0, text.indexOf("          admin:")));
        fault("DeleteRule", 1, answerLost());

        CliRun apply = viaWireMock("apply", "--auto-approve");

        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(calls("DeleteRule")).isGreaterThanOrEqualTo(2);
        assertConverged();
        assertThat(liveResources()).noneMatch(r -> r.endsWith("rules.admin"));
    }

    @Test
    void aNonRetryableErrorMidApplyStopsWithOneClearLineAndTheNextApplyConverges() {
        fault("CreateRule", 1, error(400, "ValidationError", "Condition value too long"), "Priority=20");

        CliRun failed = viaWireMock("apply", "--auto-approve");

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(lines(failed.err())).as(failed.err())
                .containsExactly("lbctl: the ELBv2 API refused a call: ValidationError: Condition value too long");
        assertThat(failed.out()).doesNotContain("Apply complete").doesNotContain("Exception");

        CliRun plan = direct("plan");
        assertThat(plan.out()).as("only what is left: the second rule and the targets")
                .contains("+ loadBalancers.front.listeners.http.rules.admin", "Plan: 3 to create, 0 to update, 0 to replace, 0 to delete");
        CliRun again = viaWireMock("apply", "--auto-approve");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertConverged();
    }

    @Test
    void killedBeforeACreateReachedTheApiTheNextPlanShowsWhatIsLeftAndApplyFinishesIt() throws Exception {
        holdSecondRule(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER).withTransformers("hold-before"));

        String log = killMidApply();

        assertThat(log).contains("loadBalancers.front.listeners.http: done").doesNotContain("Apply complete");
        CliRun plan = direct("plan");
        assertThat(plan.out()).as("the rule that never arrived and the targets after it")
                .contains("+ loadBalancers.front.listeners.http.rules.admin", "Plan: 3 to create, 0 to update, 0 to replace, 0 to delete");
        CliRun apply = direct("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertConverged();
    }

    @Test
    void killedAfterTheApiCreatedARuleButBeforeItsAnswerTheNextApplyFinishesWithoutADuplicate() throws Exception {
        holdSecondRule(toRuntime().withTransformers("hold-after"));

        killMidApply();

        CliRun plan = direct("plan");
        assertThat(plan.out()).as("the rule exists and is recognised: only the targets are left")
                .doesNotContain("rules.admin").contains("Plan: 2 to create, 0 to update, 0 to replace, 0 to delete");
        CliRun apply = direct("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertConverged();
    }

    private void holdSecondRule(ResponseDefinitionBuilder response) {
        wireMock.stubFor(post(urlEqualTo("/")).atPriority(1).withRequestBody(containing("Action=CreateRule&"))
                .withRequestBody(containing("Priority=20")).willReturn(response));
    }

    /** Runs apply through WireMock in a child JVM, and kills it -9 once the held call has arrived; returns what it printed. */
    private String killMidApply() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = work.resolve("apply.log");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args("apply", true, "--auto-approve")));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
            boolean arrived = false;
            while (!arrived && p.isAlive() && System.nanoTime() < deadline) {
                arrived = hold.awaitArrival(100, TimeUnit.MILLISECONDS);
            }
            assertThat(arrived).as("the held call arrived; the child printed:%n%s", Files.readString(log)).isTrue();
            p.destroyForcibly();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            return Files.readString(log);
        } finally {
            p.destroyForcibly();
            hold.release();
        }
    }
}
