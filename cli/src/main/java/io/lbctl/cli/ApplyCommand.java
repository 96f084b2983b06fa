package io.lbctl.cli;

import io.lbctl.backend.aws.ElbV2Backend;
import io.lbctl.planner.Change;
import io.lbctl.planner.DesiredState;
import io.lbctl.planner.Plan;
import io.lbctl.planner.Planner;
import io.lbctl.planner.ResourceKind;
import io.lbctl.planner.State;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lbctl apply SPEC|PLANFILE}: plans (or takes a saved plan, refused if the live state has
 * changed since), asks, and carries it out. Replacing anything needs {@code --allow-replace};
 * deleting a load balancer, target group or listener needs {@code --allow-destroy}, so a CI job
 * cannot take down production by accident. Rules and targets come and go freely.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Make what exists match a spec, or carry out a plan saved with 'lbctl plan -out'.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:applied, or nothing to do", "1:error, refused or cancelled", "2:invalid spec"})
final class ApplyCommand implements Callable<Integer> {
    static final Set<ResourceKind> GUARDED_DELETES = EnumSet.of(ResourceKind.LOAD_BALANCER, ResourceKind.TARGET_GROUP, ResourceKind.LISTENER);

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SPEC|PLANFILE", description = "A spec, or a plan saved with 'lbctl plan -out'.")
    Path file;

    @Option(names = "--overlay", paramLabel = "FILE", description = "The spec's local overlay (used with --target local).")
    Path overlay;

    @Option(names = "--auto-approve", description = "Do not ask before applying.")
    boolean autoApprove;

    @Option(names = "--allow-replace", description = "Allow replacing resources AWS cannot change in place.")
    boolean allowReplace;

    @Option(names = "--allow-destroy", description = "Allow deleting load balancers, target groups and listeners.")
    boolean allowDestroy;

    @Option(names = "--no-color", description = "No colours (also off with NO_COLOR set or when output is not a terminal).")
    boolean noColor;

    @Mixin
    TargetOptions target;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return CommandErrors.guard(err, () -> {
            Optional<PlanFile> saved = PlanFile.read(file);
            if (saved.isPresent() && !saved.get().target().equals(target.kind().name())) {
                throw new CommandFailure(file + " was planned for --target " + saved.get().target() + ", not " + target.kind().name());
            }
            boolean local = target.kind() == TargetOptions.Kind.local;
            Optional<SpecInput> input = saved.isPresent()
                    ? SpecInput.read(saved.get().spec().specFile(), saved.get().spec().specText(), saved.get().spec().overlayFile(),
                            saved.get().spec().overlayText(), local, err)
                    : SpecInput.read(file, Optional.ofNullable(overlay), local, err);
            if (input.isEmpty()) {
                return ExitCodes.INVALID;
            }
            try (ElbV2Backend backend = target.open()) {
                target.recordCertificates(input.get());
                State live = backend.read(input.get().stack().name());
                if (saved.isPresent() && !saved.get().liveFingerprint().equals(live.fingerprint())) {
                    throw new CommandFailure("the saved plan is stale: what exists changed since it was made; run 'lbctl plan' again");
                }
                Plan plan = Planner.plan(DesiredState.of(input.get().stack()), live);
                return execute(plan, input.get(), live, backend, !saved.isPresent(), out);
            }
        });
    }

    private int execute(Plan plan, SpecInput input, State live, ElbV2Backend backend, boolean show, PrintWriter out) throws IOException {
        if (plan.isEmpty()) {
            out.println("No changes. Stack \"" + plan.stack() + "\" matches the spec.");
            return ExitCodes.OK;
        }
        if (show || !autoApprove) {
            new TextPlanRenderer(out, Terminal.colors(noColor)).render(plan);
            out.println();
        }
        List<Change.Replace> replacements = plan.replacements();
        if (!replacements.isEmpty() && !allowReplace) {
            throw new CommandFailure("refusing to replace " + replacements.stream().map(c -> c.address().toString()).toList()
                    + " without --allow-replace");
        }
        List<Change.Delete> guarded = plan.deletes().stream().filter(d -> GUARDED_DELETES.contains(d.kind())).toList();
        if (!guarded.isEmpty() && !allowDestroy) {
            throw new CommandFailure("refusing to delete " + guarded.stream().map(c -> c.address().toString()).toList()
                    + " without --allow-destroy");
        }
        return confirmAndRun(plan, input, live, backend, autoApprove, out);
    }

    /** Asks (unless approved), runs the plan with progress, and says how it went. */
    static int confirmAndRun(Plan plan, SpecInput input, State live, ElbV2Backend backend, boolean approved, PrintWriter out)
            throws IOException {
        if (!approved) {
            out.print("Do you want to perform these actions? Only 'yes' will be accepted: ");
            out.flush();
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (!"yes".equals(answer == null ? null : answer.trim())) {
                throw new CommandFailure("cancelled: nothing was changed" + (answer == null ? " (no answer on standard input; pass --auto-approve in CI)" : ""));
            }
        }
        backend.apply(plan, input.stack(), live, new ProgressPrinter(out));
        Plan.Summary s = plan.summary();
        out.println();
        out.println("Apply complete: " + s.create() + " created, " + s.update() + " updated, " + s.replace() + " replaced, "
                + s.delete() + " deleted.");
        out.flush();
        return ExitCodes.OK;
    }
}
