package io.lbctl.cli;

import io.lbctl.backend.aws.ElbV2Backend;
import io.lbctl.backend.local.LocalRuntime;
import io.lbctl.model.Stack;
import io.lbctl.planner.ApplyProgress;
import io.lbctl.planner.DesiredState;
import io.lbctl.planner.Plan;
import io.lbctl.planner.Planner;
import io.lbctl.planner.State;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * serve-local's way of running a spec: read what the stack has in the local region, plan, apply.
 * It is the path of {@code lbctl apply --target local}, over the runtime's own ELBv2 API through
 * the SDK, so a spec that loads here plans and applies the same way on AWS. Replacements and
 * deletes need no flag: the local region is the developer's own. Overlay certificates are
 * registered first, since the local region has no certificate manager to find them in.
 */
final class LocalStackLoader implements AutoCloseable {
    private final LocalRuntime runtime;
    private final ElbV2Backend backend;
    private final PrintWriter out;
    private Optional<String> served = Optional.empty();

    LocalStackLoader(LocalRuntime runtime, Path stateDir, PrintWriter out) {
        this.runtime = runtime;
        this.backend = TargetOptions.local(stateDir, runtime.region(), runtime.endpoint());
        this.out = out;
    }

    /**
     * Makes the local region match {@code input}. Verbose prints the plan, each step and the
     * outcome; otherwise only the outcome, and nothing when there was nothing to do. A stack
     * renamed in the spec is a different stack: the one served before is destroyed first, so its
     * listeners give their ports back.
     */
    void load(SpecInput input, boolean verbose) {
        registerCertificates(input);
        Stack stack = input.stack();
        if (served.isPresent() && !served.get().equals(stack.name())) {
            out.println("Stack \"" + served.get() + "\" is no longer in the spec; destroying it.");
            State old = backend.read(served.get());
            run(Planner.plan(State.of(served.get(), List.of()), old), stack, verbose, old);
        }
        served = Optional.of(stack.name());
        if (!stack.classicLoadBalancers().isEmpty()) {
            out.println("note: classic load balancers are not served by the local region: " + stack.classicLoadBalancers().keySet());
        }
        State live = backend.read(stack.name());
        Plan plan = Planner.plan(DesiredState.of(stack), live);
        if (plan.isEmpty()) {
            if (verbose) {
                out.println("No changes. Stack \"" + plan.stack() + "\" matches the spec.");
            }
        } else {
            run(plan, stack, verbose, live);
        }
        out.flush();
    }

    private void run(Plan plan, Stack stack, boolean verbose, State live) {
        if (verbose) {
            new TextPlanRenderer(out, Terminal.colors(false)).render(plan);
            out.println();
        }
        backend.apply(plan, stack, live, verbose ? new ProgressPrinter(out) : ApplyProgress.SILENT);
        Plan.Summary s = plan.summary();
        out.println("Applied to the local region: " + s.create() + " created, " + s.update() + " updated, " + s.replace()
                + " replaced, " + s.delete() + " deleted.");
        out.flush();
    }

    private void registerCertificates(SpecInput input) {
        input.overlay().certificates().forEach((arn, files) -> {
            try {
                runtime.registerCertificate(arn, files.certificate(), files.privateKey());
            } catch (IllegalArgumentException e) {
                throw new CommandFailure("certificate " + arn + " in " + input.overlayFile().orElse("the overlay") + ": "
                        + e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        backend.close();
    }
}
