package io.lbctl.cli;

import io.lbctl.model.diag.Diagnostic;
import io.lbctl.model.diag.Span;
import io.lbctl.schemas.SpecResult;
import java.io.PrintWriter;
import java.util.List;

/**
 * Prints diagnostics as compilers do: {@code file:line:col: error: message}, the source line
 * with a caret under the offending text, and a hint where there is one; then a summary.
 */
public final class TextDiagnosticRenderer {
    private TextDiagnosticRenderer() {
    }

    public static void render(List<SpecResult> results, PrintWriter out) {
        int errors = 0;
        int warnings = 0;
        for (SpecResult result : results) {
            List<String> lines = result.text().lines().toList();
            for (Diagnostic d : result.diagnostics()) {
                render(d, result.file(), lines, out);
                if (d.isError()) {
                    errors++;
                } else {
                    warnings++;
                }
            }
        }
        if (errors == 0) {
            out.println(results.size() == 1 ? results.get(0).file() + ": valid" + warningsSuffix(warnings)
                    : results.size() + " files valid" + warningsSuffix(warnings));
        } else {
            out.println(count(errors, "error") + (warnings > 0 ? ", " + count(warnings, "warning") : "")
                    + " in " + count((int) results.stream().filter(r -> !r.diagnostics().isEmpty()).count(), "file"));
        }
    }

    static void render(Diagnostic d, String file, List<String> lines, PrintWriter out) {
        Span span = d.span().orElse(null);
        String location = span == null ? file : span.file() + ":" + span.line() + ":" + span.column();
        out.println(location + ": " + d.severity().label() + ": " + d.message());
        if (span != null && span.line() <= lines.size()) {
            String line = lines.get(span.line() - 1);
            String number = Integer.toString(span.line());
            String gutter = " ".repeat(number.length());
            out.println(" " + number + " | " + line);
            out.println(" " + gutter + " | " + caret(line, span));
        }
        d.hint().ifPresent(h -> out.println("  hint: " + h));
    }

    /** Spaces (tabs kept, so the caret lines up) up to the column, then one ^ per character of the span. */
    private static String caret(String line, Span span) {
        int[] cps = line.codePoints().toArray();
        int start = Math.min(span.column() - 1, cps.length);
        int end = span.endLine() == span.line() ? Math.min(span.endColumn() - 1, cps.length) : cps.length;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < start; i++) {
            out.append(cps[i] == '\t' ? '\t' : ' ');
        }
        out.append("^".repeat(Math.max(1, end - start)));
        return out.toString();
    }

    private static String warningsSuffix(int warnings) {
        return warnings == 0 ? "" : " (" + count(warnings, "warning") + ")";
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
