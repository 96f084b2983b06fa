package io.lbctl.bench;

import io.lbctl.backend.aws.ApiCallCounter;
import io.lbctl.backend.aws.ElbV2Backend;
import io.lbctl.backend.aws.ElbV2Clients;
import io.lbctl.backend.local.LocalCredentials;
import io.lbctl.backend.local.LocalRuntime;
import io.lbctl.model.Stack;
import io.lbctl.planner.ApplyProgress;
import io.lbctl.planner.DesiredState;
import io.lbctl.planner.Plan;
import io.lbctl.planner.Planner;
import io.lbctl.planner.State;
import io.lbctl.schemas.SpecReader;
import io.lbctl.schemas.SpecResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * What {@code lbctl plan} costs on a stack of 1,000 resources: reading it back by its ownership
 * tags through the ELBv2 API (the real SDK client against the local runtime over loopback), then
 * planning it against its spec. The set-up applies the stack once and prints how many API calls
 * one read makes, by operation, beside the fewest the API allows for this stack: the calls that
 * have no batched form (attributes and target health per resource) plus pages and tag batches.
 * Run from the repository root: {@code java -jar bench/target/benchmarks.jar LiveStatePlan}.
 */
@org.openjdk.jmh.annotations.State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class LiveStatePlanBenchmark {
    /** 10 load balancers, 10 listeners, 480 rules, 100 target groups, 400 targets. */
    static final int LOAD_BALANCERS = 10;
    static final int GROUPS_PER_LB = 10;
    static final int RULES_PER_LISTENER = 48;
    static final int TARGETS_PER_GROUP = 4;

    private Path stateDir;
    private LocalRuntime runtime;
    private ElbV2Backend backend;
    private ApiCallCounter calls;
    private Stack stack;
    private State desired;

    @Setup(Level.Trial)
    public void applyStack() throws Exception {
        stateDir = Files.createTempDirectory("lbctl-bench");
        runtime = LocalRuntime.start(LocalRuntime.Settings.defaults(stateDir));
        LocalCredentials keys = LocalCredentials.loadOrCreate(stateDir);
        calls = new ApiCallCounter();
        backend = new ElbV2Backend(ElbV2Clients.create(new ElbV2Clients.Target(Optional.of(runtime.region()), Optional.empty(),
                Optional.of(runtime.endpoint()), Optional.of(AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey()))),
                calls), Duration.ofMillis(200), Duration.ofMinutes(2));
        SpecResult spec = SpecReader.read("generated.yaml", spec());
        stack = spec.stack().orElseThrow(() -> new IllegalStateException("generated spec is invalid: " + spec.diagnostics()));
        desired = DesiredState.of(stack);
        long started = System.nanoTime();
        State empty = backend.read(stack.name());
        backend.apply(Planner.plan(desired, empty), stack, empty, ApplyProgress.SILENT);
        long applied = System.nanoTime();
        int applyCalls = calls.total();
        calls.reset();
        State live = backend.read(stack.name());
        Plan again = Planner.plan(desired, live);
        if (live.resources().size() != desired.resources().size() || !again.isEmpty()) {
            throw new IllegalStateException("the applied stack does not read back as planned: " + again.summary());
        }
        System.out.printf("%n%d resources applied in %d ms with %d API calls%n", desired.resources().size(),
                (applied - started) / 1_000_000, applyCalls);
        System.out.printf("one read: %d API calls (fewest the API allows for this stack: %d) %s%n", calls.total(), fewestCalls(),
                calls.byOperation());
    }

    /**
     * Per load balancer: its attributes and its listeners; per listener: its attributes and its
     * rules (one page of up to 100); per target group: its attributes and its targets' health;
     * then a page of load balancers and one of target groups (400 each), and tags 20 ARNs a call.
     */
    static int fewestCalls() {
        int lbs = LOAD_BALANCERS;
        int listeners = LOAD_BALANCERS;
        int groups = LOAD_BALANCERS * GROUPS_PER_LB;
        int rules = listeners * RULES_PER_LISTENER;
        int taggable = lbs + listeners + rules + groups;
        return 1 + 1 + 2 * lbs + 2 * listeners + 2 * groups + (taggable + 19) / 20;
    }

    @Benchmark
    public Plan readAndPlan() {
        return Planner.plan(desired, backend.read(stack.name()));
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        backend.close();
        runtime.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The stack as YAML. Targets are in 10.0.0.0/8, which the local runtime registers and never contacts. */
    static String spec() throws IOException {
        StringBuilder y = new StringBuilder("""
                version: lbctl/v1
                stack: bench-1000
                network:
                  vpc: vpc-12345678
                  subnets:
                    subnet-12345678: { zone: us-east-1a }
                    subnet-87654321: { zone: us-east-1b }
                targetGroups:
                """);
        for (int lb = 0; lb < LOAD_BALANCERS; lb++) {
            for (int g = 0; g < GROUPS_PER_LB; g++) {
                y.append("  g").append(lb).append('-').append(g).append(":\n    protocol: HTTP\n    port: 8080\n    targetType: ip\n")
                        .append("    healthCheck: { path: /health }\n    targets:\n");
                for (int t = 0; t < TARGETS_PER_GROUP; t++) {
                    y.append("      - { id: 10.").append(lb).append('.').append(g).append('.').append(t + 10).append(" }\n");
                }
            }
        }
        y.append("loadBalancers:\n");
        for (int lb = 0; lb < LOAD_BALANCERS; lb++) {
            y.append("  lb").append(lb).append(":\n    type: application\n    subnets: [subnet-12345678, subnet-87654321]\n")
                    .append("    listeners:\n      http:\n        port: ").append(freePort()).append('\n')
                    .append("        protocol: HTTP\n        defaultAction: { forward: g").append(lb).append("-0 }\n        rules:\n");
            for (int r = 0; r < RULES_PER_LISTENER; r++) {
                y.append("          r").append(r).append(":\n            priority: ").append(r + 1).append('\n')
                        .append("            conditions: { pathPattern: [\"/p").append(r).append("/*\"] }\n")
                        .append("            action: { forward: g").append(lb).append('-').append(r % GROUPS_PER_LB).append(" }\n");
            }
        }
        return y.toString();
    }

    /** Listeners bind on the zone nodes' loopback addresses; each load balancer needs its own free port there. */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
            return s.getLocalPort();
        }
    }
}
