package io.lbctl.schemas;

import io.lbctl.model.LocalOverlay;
import io.lbctl.model.diag.Diagnostic;
import java.util.List;
import java.util.Optional;

/** What reading an overlay gave: the overlay when valid against its spec, and the diagnostics. */
public record OverlayResult(String file, String text, Optional<LocalOverlay> overlay, List<Diagnostic> diagnostics) {
    public OverlayResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean valid() {
        return diagnostics.stream().noneMatch(Diagnostic::isError);
    }

    /** The same diagnostics as a {@link SpecResult}, so renderers print both alike. */
    public SpecResult asSpecResult() {
        return new SpecResult(file, text, Optional.empty(), io.lbctl.model.diag.SourceMap.empty(file), diagnostics);
    }
}
