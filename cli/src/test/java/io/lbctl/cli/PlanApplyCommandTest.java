package io.lbctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbctl.backend.local.LocalRuntime;
import io.lbctl.backend.local.RuntimeFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** plan, apply and destroy from the command line against a real local runtime found through its state directory. */
class PlanApplyCommandTest {
    @TempDir
    Path state;
    @TempDir
    Path work;
    private LocalRuntime runtime;
    private Path spec;

    @BeforeEach
    void start() throws Exception {
        runtime = LocalRuntime.start(LocalRuntime.Settings.defaults(state).withApiPort(0));
        new RuntimeFile(runtime.endpoint(), runtime.region(), ProcessHandle.current().pid()).write(state);
        spec = work.resolve("lb.yaml");
        Files.copy(Path.of("../examples/alb-content-routing/lb.yaml"), spec);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    private CliRun lbctl(String command, String... args) {
        String[] all = new String[args.length + 5];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--target";
        all[args.length + 2] = "local";
        all[args.length + 3] = "--state-dir";
        all[args.length + 4] = state.toString();
        return CliRun.of(all);
    }

    private void edit(String from, String to) throws Exception {
        String text = Files.readString(spec);
        assertThat(text).contains(from);
        Files.writeString(spec, text.replaceFirst(java.util.regex.Pattern.quote(from), to));
    }

    @Test
    void applyThenPlanShowsNoChangesAndDetailedExitCodesTellChangesApart() {
        CliRun plan = lbctl("plan", spec.toString(), "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.err()).isEqualTo(2);
        assertThat(plan.out()).contains("+ targetGroups.api", "+ loadBalancers.web.listeners.http.rules.", "to create, 0 to update");

        CliRun apply = lbctl("apply", spec.toString(), "--auto-approve");
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("targetGroups.api: done", "Apply complete:");

        CliRun again = lbctl("plan", spec.toString(), "--detailed-exitcode");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("No changes.");
    }

    @Test
    void anInPlaceChangeIsPlannedAsAnUpdateOfThatFieldAndApplied() throws Exception {
        assertThat(lbctl("apply", spec.toString(), "--auto-approve").exitCode()).isZero();
        edit("path: /health", "path: /healthz");
        CliRun plan = lbctl("plan", spec.toString());
        assertThat(plan.out()).contains("~ targetGroups.api", "~ healthCheck.path = \"/health\" -> \"/healthz\"",
                "0 to create, 1 to update, 0 to replace, 0 to delete");
        assertThat(lbctl("apply", spec.toString(), "--auto-approve").exitCode()).isZero();
        assertThat(lbctl("plan", spec.toString(), "--detailed-exitcode").exitCode()).isZero();
    }

    @Test
    void replacingATargetGroupInUseNeedsAllowReplaceAndThenCreatesRepointsAndDeletes() throws Exception {
        edit("    targets:\n      - { id: 10.0.1.10 }",
                "    attributes: { deregistration_delay.timeout_seconds: \"1\" }\n    targets:\n      - { id: 10.0.1.10 }");
        assertThat(lbctl("apply", spec.toString(), "--auto-approve").exitCode()).isZero();
        edit("    port: 80\n    targetType: ip\n    healthCheck:\n      protocol: HTTP\n      path: /health\n",
                "    port: 8080\n    targetType: ip\n    healthCheck:\n      protocol: HTTP\n      path: /health\n");
        CliRun refused = lbctl("apply", spec.toString(), "--auto-approve");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("refusing to replace [targetGroups.api").contains("--allow-replace");
        assertThat(refused.out()).contains("+/- targetGroups.api", "port = \"80\" -> \"8080\"  # forces replacement",
                "repointed to the replacement of targetGroups.api");

        CliRun apply = lbctl("apply", spec.toString(), "--auto-approve", "--allow-replace");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.out()).contains("waiting for the replaced target group", "targetGroups.api: done (replaced)");
        assertThat(runtime.store().state().targetGroups().values()).filteredOn(tg -> tg.port().orElse(0) == 8080).hasSize(1);
        assertThat(runtime.store().state().targetGroups()).as("the old group is gone").hasSize(4);
        assertThat(lbctl("plan", spec.toString(), "--detailed-exitcode").exitCode()).isZero();
    }

    @Test
    void aSavedPlanIsRefusedOnceTheLiveStateChangedAndAppliedWhenItDidNot() throws Exception {
        Path saved = work.resolve("plan.json");
        assertThat(lbctl("plan", spec.toString(), "-out", saved.toString()).exitCode()).isZero();
        edit("path: /health", "path: /changed-after-planning");
        CliRun apply = lbctl("apply", saved.toString(), "--auto-approve");
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(lbctl("plan", spec.toString(), "--detailed-exitcode").exitCode())
                .as("the saved plan applied the spec as it was, not the later edit").isEqualTo(2);

        Path stale = work.resolve("stale.json");
        assertThat(lbctl("plan", spec.toString(), "-out", stale.toString()).exitCode()).isZero();
        assertThat(lbctl("apply", spec.toString(), "--auto-approve").exitCode()).isZero();
        CliRun refused = lbctl("apply", stale.toString(), "--auto-approve");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("the saved plan is stale");
    }

    @Test
    void jsonPlansCarryAVersionedSchemaWithTerraformActions() throws Exception {
        CliRun plan = lbctl("plan", spec.toString(), "-o", "json");
        JsonNode root = JsonMapper.shared().readTree(plan.out());
        assertThat(root.get("format_version").asString()).isEqualTo("1");
        assertThat(root.get("stack").asString()).isEqualTo("alb-content-routing");
        JsonNode first = root.get("resource_changes").get(0);
        assertThat(first.get("address").asString()).isEqualTo("targetGroups.api");
        assertThat(first.get("actions").get(0).asString()).isEqualTo("create");
        assertThat(first.get("after").get("fields").get("healthCheck.path").asString()).isEqualTo("/health");
    }

    @Test
    void destroyDeletesEverythingTheStackOwnsAndDeletesNeedAllowDestroyInApply() throws Exception {
        assertThat(lbctl("apply", spec.toString(), "--auto-approve").exitCode()).isZero();
        CliRun destroy = lbctl("destroy", spec.toString(), "--auto-approve");
        assertThat(destroy.exitCode()).as(destroy.out() + destroy.err()).isZero();
        assertThat(runtime.store().state().loadBalancers()).isEmpty();
        assertThat(runtime.store().state().targetGroups()).isEmpty();
        assertThat(lbctl("destroy", spec.toString(), "--auto-approve").out()).contains("Nothing to destroy");
    }

    @Test
    void withoutARunningRuntimeTheErrorSaysHowToStartOne() {
        runtime.close();
        Path empty = work.resolve("nothing-here");
        CliRun plan = CliRun.of("plan", spec.toString(), "--target", "local", "--state-dir", empty.toString());
        assertThat(plan.exitCode()).isEqualTo(1);
        assertThat(plan.err()).contains("no local runtime is running").doesNotContain("Exception");
    }
}
