package io.lbctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbctl.backend.aws.ApiCallCounter;
import io.lbctl.backend.aws.ElbV2Backend;
import io.lbctl.backend.aws.ElbV2Clients;
import io.lbctl.backend.local.LocalRuntime;
import io.lbctl.model.Stack;
import io.lbctl.planner.ApplyProgress;
import io.lbctl.planner.DesiredState;
import io.lbctl.planner.Plan;
import io.lbctl.planner.Planner;
import io.lbctl.planner.State;
import io.lbctl.schemas.SpecReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/** Every example applied to the real local runtime through the ELBv2 backend converges: plan again shows nothing. */
class PlanApplyLocalTest {
    @TempDir
    Path state;
    private LocalRuntime runtime;
    private ElbV2Backend backend;
    private final ApiCallCounter calls = new ApiCallCounter();

    @BeforeEach
    void start() throws Exception {
        runtime = LocalRuntime.start(LocalRuntime.Settings.defaults(state).withApiPort(0));
        var client = ElbV2Clients.create(new ElbV2Clients.Target(Optional.of(runtime.region()), Optional.empty(),
                Optional.of(runtime.endpoint()), Optional.of(AwsBasicCredentials.create(runtime.credentials().accessKeyId(),
                runtime.credentials().secretAccessKey()))), calls);
        backend = new ElbV2Backend(client, Duration.ofMillis(20), Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() {
        backend.close();
        runtime.close();
    }

    static Stream<Path> examples() throws Exception {
        return Files.list(Path.of("../examples")).filter(p -> Files.isRegularFile(p.resolve("lb.yaml"))).sorted();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void applyingAnExampleThenPlanningAgainShowsNoChanges(Path example) {
        Stack stack = SpecReader.read(example.resolve("lb.yaml")).stack().orElseThrow();
        State desired = DesiredState.of(stack);
        State live = backend.read(stack.name());
        Plan plan = Planner.plan(desired, live);
        assertThat(plan.summary().create()).isEqualTo(desired.resources().size());
        backend.apply(plan, stack, live, ApplyProgress.SILENT);

        Plan again = Planner.plan(desired, backend.read(stack.name()));
        assertThat(again.changes()).as("changes after apply").isEmpty();
    }
}
