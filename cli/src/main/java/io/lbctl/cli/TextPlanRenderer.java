package io.lbctl.cli;

import io.lbctl.planner.Change;
import io.lbctl.planner.FieldChange;
import io.lbctl.planner.Plan;
import io.lbctl.planner.ResourceKind;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * A plan as Terraform users read one: {@code +} create, {@code ~} update, {@code +/-} replace
 * (new one first), {@code -/+} replace (old one first), {@code -} delete, each with the fields that
 * change; coloured unless {@code color} is off.
 */
final class TextPlanRenderer {
    private static final String RESET = "\u001b[0m";
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String RED = "\u001b[31m";
    private static final String MAGENTA = "\u001b[35m";
    private static final String BOLD = "\u001b[1m";

    private final PrintWriter out;
    private final boolean color;

    TextPlanRenderer(PrintWriter out, boolean color) {
        this.out = out;
        this.color = color;
    }

    void render(Plan plan) {
        if (plan.isEmpty()) {
            out.println("No changes. Stack \"" + plan.stack() + "\" matches the spec.");
            return;
        }
        out.println("lbctl will perform these actions on stack \"" + plan.stack() + "\":");
        for (Change c : plan.changes()) {
            out.println();
            switch (c) {
                case Change.Create x -> {
                    head(GREEN, "+", c, x.after().kind().label() + " will be created");
                    x.after().name().ifPresent(n -> field(" ", "(name)", Optional.empty(), Optional.of(n), false));
                    // A fixed name is a field too; "(name)" above already shows it.
                    x.after().fields().forEach((k, v) -> {
                        if (!k.equals("name")) {
                            field(paint(GREEN, "+"), k, Optional.empty(), Optional.of(v), false);
                        }
                    });
                }
                case Change.Update x -> {
                    head(YELLOW, "~", c, x.after().kind().label() + " will be updated in place" + x.reason().map(r -> ": " + r).orElse(""));
                    x.fields().forEach(f -> field(paint(YELLOW, "~"), f));
                }
                case Change.Replace x -> {
                    head(MAGENTA, x.createFirst() ? "+/-" : "-/+", c, x.after().kind().label() + " must be replaced: " + x.reason()
                            + (x.createFirst() ? " (the new one is created first)" : " (the old one is deleted first)"));
                    if (x.kind() == ResourceKind.LOAD_BALANCER && !x.createFirst()) {
                        out.println("      # traffic stops until the new one is active, and its DNS name changes");
                    }
                    if (!x.before().name().equals(x.after().name())) {
                        field(" ", "(name)", x.before().name(), x.after().name(), false);
                    }
                    x.fields().forEach(f -> field(paint(YELLOW, "~"), f));
                }
                case Change.Delete x -> {
                    head(RED, "-", c, x.before().kind().label() + " will be deleted: " + x.reason());
                    x.before().arn().ifPresent(a -> field(" ", "(arn)", Optional.empty(), Optional.of(a), false));
                }
            }
        }
        Plan.Summary s = plan.summary();
        out.println();
        out.println(bold("Plan:") + " " + s.create() + " to create, " + s.update() + " to update, " + s.replace() + " to replace, "
                + s.delete() + " to delete.");
    }

    private void head(String colour, String symbol, Change c, String what) {
        out.println("  " + paint(colour, symbol) + " " + bold(c.address().toString()));
        out.println("      # " + what);
    }

    private void field(String symbol, FieldChange f) {
        field(f.after().isEmpty() ? paint(RED, "-") : symbol, f.field(), f.before(), f.after(), f.forcesReplacement());
    }

    private void field(String symbol, String name, Optional<String> before, Optional<String> after, boolean forces) {
        String value;
        if (before.isPresent() && after.isPresent()) {
            value = quote(before.get()) + " -> " + quote(after.get());
        } else if (after.isPresent()) {
            value = quote(after.get());
        } else {
            value = quote(before.orElse("")) + " -> (removed)";
        }
        out.println("      " + symbol + " " + name + " = " + value + (forces ? paint(RED, "  # forces replacement") : ""));
    }

    private static String quote(String v) {
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private String paint(String colour, String text) {
        return color ? colour + text + RESET : text;
    }

    private String bold(String text) {
        return paint(BOLD, text);
    }

}
