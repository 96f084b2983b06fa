package io.lbctl.cli;

import io.lbctl.planner.DesiredState;
import io.lbctl.planner.Plan;
import io.lbctl.planner.Planner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lbctl plan SPEC}: what apply would change, read from the live API, shown and optionally saved. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Compare a spec with what exists and show the changes apply would make.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no changes (or changes, without --detailed-exitcode)", "1:error", "2:invalid spec, or changes present with --detailed-exitcode"})
final class PlanCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SPEC", description = "The spec file.")
    Path specFile;

    @Option(names = "--overlay", paramLabel = "FILE", description = "The spec's local overlay (used with --target local).")
    Path overlay;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Option(names = "--detailed-exitcode", description = "Exit 2 when there are changes, 0 when there are none.")
    boolean detailedExitCode;

    @Option(names = {"-out", "--out"}, paramLabel = "FILE", description = "Save the plan for 'lbctl apply FILE'.")
    Path out;

    @Option(names = "--no-color", description = "No colours (also off with NO_COLOR set or when output is not a terminal).")
    boolean noColor;

    @Mixin
    TargetOptions target;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return CommandErrors.guard(err, () -> {
            boolean local = target.kind() == TargetOptions.Kind.local;
            Optional<SpecInput> input = SpecInput.read(specFile, Optional.ofNullable(overlay), local, err);
            if (input.isEmpty()) {
                return ExitCodes.INVALID;
            }
            Plan plan;
            try (var backend = target.open()) {
                plan = Planner.plan(DesiredState.of(input.get().stack()), backend.read(input.get().stack().name()));
            }
            switch (output) {
                case json -> JsonPlanRenderer.render(plan, stdout);
                case text -> new TextPlanRenderer(stdout, Terminal.colors(noColor)).render(plan);
            }
            if (out != null) {
                PlanFile.write(out, input.get(), target.kind().name(), plan);
                if (output == OutputFormat.text) {
                    stdout.println();
                    stdout.println("Saved the plan to " + out + ". Apply exactly this with: lbctl apply " + out);
                }
            }
            stdout.flush();
            return detailedExitCode && !plan.isEmpty() ? ExitCodes.INVALID : ExitCodes.OK;
        });
    }
}
