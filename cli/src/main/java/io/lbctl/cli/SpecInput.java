package io.lbctl.cli;

import io.lbctl.model.LocalOverlay;
import io.lbctl.model.Stack;
import io.lbctl.schemas.OverlayReader;
import io.lbctl.schemas.OverlayResult;
import io.lbctl.schemas.SpecReader;
import io.lbctl.schemas.SpecResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A spec and its overlay as plan and apply take them: their text (a saved plan carries it), and
 * the stack they describe, with the overlay applied when the target is the local runtime, and the
 * overlay itself (serve-local registers its certificates).
 */
record SpecInput(String specFile, String specText, Optional<String> overlayFile, Optional<String> overlayText, Stack stack,
                 LocalOverlay overlay) {

    /** Reads and validates; on invalid input prints the diagnostics to {@code err} and returns empty. */
    static Optional<SpecInput> read(String specFile, String specText, Optional<String> overlayFile, Optional<String> overlayText,
                                    boolean local, PrintWriter err) {
        SpecResult spec = SpecReader.read(specFile, specText.getBytes(StandardCharsets.UTF_8));
        List<SpecResult> results = new ArrayList<>(List.of(spec));
        LocalOverlay overlay = LocalOverlay.NONE;
        if (spec.stack().isPresent() && overlayFile.isPresent()) {
            Path folder = Optional.ofNullable(Path.of(overlayFile.get()).toAbsolutePath().getParent()).orElse(Path.of("."));
            OverlayResult o = OverlayReader.read(overlayFile.get(), overlayText.orElseThrow(), folder, spec.stack().get());
            results.add(o.asSpecResult());
            overlay = o.overlay().orElse(LocalOverlay.NONE);
        }
        if (!results.stream().allMatch(SpecResult::valid)) {
            TextDiagnosticRenderer.render(results, err);
            return Optional.empty();
        }
        Stack stack = spec.stack().orElseThrow();
        return Optional.of(new SpecInput(specFile, specText, overlayFile, overlayText, local ? LocalOverlays.apply(stack, overlay) : stack,
                overlay));
    }

    static Optional<SpecInput> read(Path spec, Optional<Path> overlay, boolean local, PrintWriter err) {
        try {
            Optional<String> overlayText = overlay.isPresent() ? Optional.of(Files.readString(overlay.get())) : Optional.empty();
            return read(spec.toString(), Files.readString(spec), overlay.map(Path::toString), overlayText, local, err);
        } catch (IOException e) {
            throw new CommandFailure("cannot read " + e.getMessage());
        }
    }
}
