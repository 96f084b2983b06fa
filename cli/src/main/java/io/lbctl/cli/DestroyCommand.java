package io.lbctl.cli;

import io.lbctl.backend.aws.ElbV2Backend;
import io.lbctl.planner.Plan;
import io.lbctl.planner.Planner;
import io.lbctl.planner.State;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lbctl destroy SPEC}: deletes every resource tagged as the spec's stack, after asking. */
@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = "Delete everything lbctl created for a spec's stack.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:destroyed, or nothing there", "1:error or cancelled", "2:invalid spec"})
final class DestroyCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SPEC", description = "The spec whose stack to destroy.")
    Path file;

    @Option(names = "--auto-approve", description = "Do not ask before destroying.")
    boolean autoApprove;

    @Option(names = "--no-color", description = "No colours (also off with NO_COLOR set or when output is not a terminal).")
    boolean noColor;

    @Mixin
    TargetOptions target;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return CommandErrors.guard(err, () -> {
            Optional<SpecInput> input = SpecInput.read(file, Optional.empty(), false, err);
            if (input.isEmpty()) {
                return ExitCodes.INVALID;
            }
            String stack = input.get().stack().name();
            try (ElbV2Backend backend = target.open()) {
                State live = backend.read(stack);
                Plan plan = Planner.plan(State.of(stack, List.of()), live);
                if (plan.isEmpty()) {
                    out.println("Nothing to destroy: no resource is tagged as stack \"" + stack + "\".");
                    return ExitCodes.OK;
                }
                new TextPlanRenderer(out, Terminal.colors(noColor)).render(plan);
                out.println();
                return ApplyCommand.confirmAndRun(plan, input.get(), live, backend, autoApprove, out);
            }
        });
    }
}
