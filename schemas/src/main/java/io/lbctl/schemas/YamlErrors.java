package io.lbctl.schemas;

import io.lbctl.model.diag.Diagnostic;
import io.lbctl.model.diag.Span;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/** Turns SnakeYAML Engine's exceptions into one-line messages with a hint for the usual causes. */
final class YamlErrors {
    private YamlErrors() {
    }

    static Diagnostic describe(MarkedYamlEngineException e, Span at) {
        String problem = e.getProblem() == null ? "" : e.getProblem();
        String context = e.getContext() == null ? "" : e.getContext();
        String message = clean((context.isEmpty() ? "" : context + ": ") + problem);
        Diagnostic d = SpecDiagnostics.at("yaml.syntax", "invalid YAML: " + message, at);
        if (problem.contains("'\\t'") || problem.contains("\\t(TAB)") || problem.contains("TAB")) {
            return d.withHint("YAML indents with spaces; replace the tab characters");
        }
        if (problem.contains("mapping values are not allowed")) {
            return d.withHint("a value containing ': ' needs quotes, or the line above is indented wrongly");
        }
        if (problem.contains("special characters are not allowed")) {
            return d.withHint("is this a binary file? a spec is UTF-8 text");
        }
        if (problem.contains("could not find expected ':'")) {
            return d.withHint("each key needs a ': ' after it");
        }
        return d;
    }

    /** The message without SnakeYAML's own position snippet, which the renderer prints better. */
    static String clean(String message) {
        if (message == null) {
            return "unreadable YAML";
        }
        int cut = message.indexOf("\n in ");
        String first = (cut < 0 ? message : message.substring(0, cut)).strip();
        return first.replace('\n', ' ').replaceAll("\\s+", " ");
    }
}
