package io.lbctl.bench;

import io.lbctl.model.Stack;
import io.lbctl.planner.DesiredState;
import io.lbctl.planner.Plan;
import io.lbctl.planner.Planner;
import io.lbctl.planner.State;
import io.lbctl.schemas.SpecReader;
import io.lbctl.schemas.SpecResult;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The planner alone on a stack of 1,000 resources (the stack of {@link LiveStatePlanBenchmark}:
 * 10 load balancers, 10 listeners, 480 rules, 100 target groups, 400 targets), no API: the spec's
 * {@link DesiredState} and {@link Planner#plan} against a live state held in memory. {@code live}:
 * {@code equal} is the same stack as the API would return it (ARNs set), so the plan is empty;
 * {@code changed} differs the way an edited spec does: every 5th health-check path and every 10th
 * rule's path pattern changed, every 20th target swapped for another, and one target group in use
 * on a new port, so it is replaced create-first, its targets registered again, and a listener and
 * five rules repointed (23 creates, 68 updates, 1 replacement, 23 deletes). {@code plan} times
 * the diff alone; {@code desiredAndPlan} adds building the desired state from the parsed spec,
 * which {@code lbctl plan} also does every time.
 * Run from the repository root: {@code java -jar bench/target/benchmarks.jar Planner}.
 */
@org.openjdk.jmh.annotations.State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PlannerBenchmark {
    @Param({"equal", "changed"})
    public String live;

    private Stack stack;
    private State desired;
    private State liveState;

    @Setup
    public void build() throws IOException {
        String text = LiveStatePlanBenchmark.spec();
        stack = read(text);
        desired = DesiredState.of(stack);
        State current = DesiredState.of(live.equals("equal") ? stack : read(changed(text)));
        liveState = withArns(current);
        Plan plan = Planner.plan(desired, liveState);
        boolean empty = plan.isEmpty();
        if (desired.resources().size() != 1000 || empty != live.equals("equal")) {
            throw new IllegalStateException(desired.resources().size() + " resources, plan " + plan.summary());
        }
        System.out.printf("%n%d resources, plan against the %s state: %s%n", desired.resources().size(), live, plan.summary());
    }

    @Benchmark
    public Plan plan() {
        return Planner.plan(desired, liveState);
    }

    @Benchmark
    public Plan desiredAndPlan() {
        return Planner.plan(DesiredState.of(stack), liveState);
    }

    static Stack read(String yaml) {
        SpecResult spec = SpecReader.read("generated.yaml", yaml);
        return spec.stack().orElseThrow(() -> new IllegalStateException("generated spec is invalid: " + spec.diagnostics()));
    }

    /** As the live API describes a state: every resource with its ARN. */
    static State withArns(State state) {
        return State.of(state.stack(), state.resources().values().stream()
                .map(r -> r.withArn("arn:aws:elasticloadbalancing:us-east-1:123456789012:" + r.kind().name().toLowerCase()
                        + "/bench/" + r.address()))
                .toList());
    }

    /**
     * The generated spec with edits: every 5th health-check path, every 10th rule's path pattern and
     * every 20th target changed, and the first target group on another port.
     */
    static String changed(String yaml) {
        StringBuilder out = new StringBuilder();
        int healthChecks = 0;
        int rules = 0;
        int targets = 0;
        boolean portChanged = false;
        for (String line : yaml.split("\n", -1)) {
            if (line.equals("    healthCheck: { path: /health }") && healthChecks++ % 5 == 0) {
                line = "    healthCheck: { path: /healthz }";
            } else if (line.startsWith("            conditions: { pathPattern: [\"/p") && rules++ % 10 == 0) {
                line = line.replace("[\"/p", "[\"/moved/p");
            } else if (line.startsWith("      - { id: 10.") && targets++ % 20 == 0) {
                line = line.replaceFirst("\\.\\d+ }$", ".99 }");
            } else if (line.equals("    port: 8080") && !portChanged) {
                line = "    port: 8081";
                portChanged = true;
            }
            out.append(line).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }
}
