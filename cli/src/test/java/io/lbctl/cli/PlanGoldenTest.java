package io.lbctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.lbctl.model.Stack;
import io.lbctl.planner.DesiredState;
import io.lbctl.planner.Plan;
import io.lbctl.planner.PlanRefusedException;
import io.lbctl.planner.Planner;
import io.lbctl.planner.State;
import io.lbctl.schemas.SpecReader;
import io.lbctl.schemas.SpecResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Every example's plan, as text (no colour) and JSON, against an empty live state and against the
 * recorded live states of {@link PlanScenarios}, compared with golden files in
 * {@code examples/NAME/plans/SCENARIO.txt} and {@code .json}. The goldens are the plans' review:
 * read their diff. To regenerate after an intended change, run
 * {@code mvn -pl cli -am test -Dtest=PlanGoldenTest -Dsurefire.failIfNoSpecifiedTests=false -Dlbctl.golden.update=true}.
 */
class PlanGoldenTest {
    private static final Path EXAMPLES = Path.of("../examples");
    private static final boolean UPDATE = Boolean.getBoolean("lbctl.golden.update");
    private static final String REGENERATE = "regenerate with: mvn -pl cli -am test -Dtest=PlanGoldenTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dlbctl.golden.update=true (then review the diff of examples/*/plans/)";

    @TestFactory
    Stream<DynamicNode> plansMatchTheGoldenFiles() throws IOException {
        List<Path> examples;
        try (Stream<Path> dirs = Files.list(EXAMPLES)) {
            examples = dirs.filter(d -> Files.isRegularFile(d.resolve("lb.yaml"))).sorted().toList();
        }
        assertThat(examples).as("examples under " + EXAMPLES.toAbsolutePath()).isNotEmpty();
        return examples.stream().map(PlanGoldenTest::example);
    }

    private static DynamicNode example(Path dir) {
        SpecResult spec = SpecReader.read(dir.resolve("lb.yaml"));
        Stack stack = spec.stack().orElseThrow(() -> new AssertionError(dir + "/lb.yaml is invalid: " + spec.diagnostics()));
        Path plans = dir.resolve("plans");
        Set<String> goldens = new TreeSet<>();
        List<DynamicNode> tests = new ArrayList<>();
        for (PlanScenarios.Scenario scenario : PlanScenarios.ALL) {
            PlanScenarios.Outcome outcome;
            try {
                outcome = scenario.live().apply(stack);
            } catch (RuntimeException e) {
                tests.add(dynamicTest(scenario.name() + " (live state)", () -> {
                    throw new AssertionError("building the " + scenario.name() + " live state failed", e);
                }));
                continue;
            }
            if (outcome.live().isEmpty()) {
                tests.add(dynamicTest(scenario.name() + " (does not apply)",
                        () -> Assumptions.abort(scenario.name() + " does not apply: " + outcome.skipReason())));
                continue;
            }
            State live = outcome.live().get();
            for (String ext : List.of("txt", "json")) {
                String file = scenario.name() + "." + ext;
                goldens.add(file);
                tests.add(dynamicTest(file, () -> {
                    Plan plan;
                    try {
                        plan = Planner.plan(DesiredState.of(stack), live);
                    } catch (PlanRefusedException e) {
                        // What plan prints, in either format, when AWS could not carry the change out.
                        compare(plans.resolve(file), "lbctl: cannot plan: " + e.getMessage() + "\n");
                        return;
                    }
                    if (scenario.name().equals("in-sync")) {
                        assertThat(plan.changes()).as("a live state equal to the spec plans no change").isEmpty();
                    }
                    compare(plans.resolve(file), ext.equals("txt") ? text(plan) : json(plan));
                }));
            }
        }
        tests.add(dynamicTest("no stale golden files", () -> {
            List<Path> stale = new ArrayList<>();
            if (Files.isDirectory(plans)) {
                try (Stream<Path> files = Files.list(plans)) {
                    files.filter(f -> !goldens.contains(f.getFileName().toString())).sorted().forEach(stale::add);
                }
            }
            if (UPDATE) {
                for (Path f : stale) {
                    Files.delete(f);
                }
            } else {
                assertThat(stale).as("golden files no scenario writes; " + REGENERATE).isEmpty();
            }
        }));
        return dynamicContainer(dir.getFileName().toString(), tests);
    }

    private static String text(Plan plan) {
        StringWriter out = new StringWriter();
        try (PrintWriter w = new PrintWriter(out)) {
            new TextPlanRenderer(w, false).render(plan);
        }
        return out.toString().replace("\r\n", "\n");
    }

    private static String json(Plan plan) {
        StringWriter out = new StringWriter();
        try (PrintWriter w = new PrintWriter(out)) {
            JsonPlanRenderer.render(plan, w);
        }
        return out.toString().replace("\r\n", "\n");
    }

    private static void compare(Path golden, String actual) throws IOException {
        if (UPDATE) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(golden).as("golden file " + golden + " is missing; " + REGENERATE).exists();
        assertThat(actual).as("plan differs from " + golden + "; if the change is intended, " + REGENERATE)
                .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
