package io.lbctl.schemas;

import io.lbctl.model.Stack;
import io.lbctl.model.diag.Diagnostic;
import io.lbctl.model.diag.SourceMap;
import io.lbctl.model.diag.Span;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads a spec: YAML with positions, then the JSON Schema, then AWS's semantic rules, then the
 * immutable model (see {@link StagedReader}). Never throws for bad input.
 */
public final class SpecReader {
    private SpecReader() {
    }

    /** Reads the file at {@code path}; I/O problems come back as diagnostics too. */
    public static SpecResult read(Path path) {
        return read(SourceText.load(path));
    }

    /** Reads spec bytes that came from {@code file} (a name for diagnostics; "-" for standard input). */
    public static SpecResult read(String file, byte[] bytes) {
        return read(SourceText.decode(file, bytes));
    }

    private static SpecResult read(SourceText source) {
        return source.problem().map(p -> new SpecResult(source.file(), "", Optional.<Stack>empty(),
                SourceMap.empty(source.file()), List.of(p))).orElseGet(() -> read(source.file(), source.text()));
    }

    public static SpecResult read(String file, String text) {
        StagedReader.Staged<Stack> staged = StagedReader.read(file, text, SchemaValidation.spec(),
                StackBuilder::build, SemanticValidator::validate);
        return new SpecResult(file, text, staged.value(), staged.sourceMap(), staged.diagnostics());
    }

    /** File order: by line, then column, then code, so output is stable. */
    static final Comparator<Diagnostic> ORDER = Comparator
            .comparingInt((Diagnostic d) -> d.span().map(Span::line).orElse(0))
            .thenComparingInt(d -> d.span().map(Span::column).orElse(0))
            .thenComparing(Diagnostic::code);
}
