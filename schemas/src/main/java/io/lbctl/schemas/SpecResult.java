package io.lbctl.schemas;

import io.lbctl.model.Stack;
import io.lbctl.model.diag.Diagnostic;
import io.lbctl.model.diag.SourceMap;
import java.util.List;
import java.util.Optional;

/**
 * What reading one spec file gave: the model when the spec is valid, the diagnostics in file
 * order, where each node stood, and the text itself so that a renderer can quote source lines.
 */
public record SpecResult(String file, String text, Optional<Stack> stack, SourceMap sourceMap, List<Diagnostic> diagnostics) {
    public SpecResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean valid() {
        return diagnostics.stream().noneMatch(Diagnostic::isError);
    }
}
