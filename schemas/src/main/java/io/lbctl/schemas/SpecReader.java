package io.lbctl.schemas;

import io.lbctl.model.Stack;
import io.lbctl.model.diag.Diagnostic;
import io.lbctl.model.diag.SourceMap;
import io.lbctl.model.diag.Span;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads a spec: YAML with positions, then the JSON Schema, then AWS's semantic rules, then the
 * immutable model. Each stage reports everything it finds; a stage runs only when the one
 * before it left a tree it can trust, so one mistake is not reported three times.
 */
public final class SpecReader {
    /** Files above this size are refused before reading, as no spec comes near it. */
    public static final long MAX_FILE_BYTES = 8L * 1024 * 1024;

    private SpecReader() {
    }

    /** Reads the file at {@code path}; I/O problems come back as diagnostics too. */
    public static SpecResult read(Path path) {
        String file = path.toString();
        try {
            if (Files.isDirectory(path)) {
                return failed(file, "io.directory", file + " is a directory, not a spec file");
            }
            if (Files.size(path) > MAX_FILE_BYTES) {
                return failed(file, "yaml.too-large", "file is larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB");
            }
            return read(file, Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            return failed(file, "io.not-found", "no such file");
        } catch (IOException e) {
            return failed(file, "io.unreadable", "cannot read file: " + e.getMessage());
        }
    }

    /** Reads spec bytes that came from {@code file} (a name for diagnostics; "-" for standard input). */
    public static SpecResult read(String file, byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return failed(file, "io.encoding", "file is not UTF-8 text");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return read(file, text);
    }

    public static SpecResult read(String file, String text) {
        YamlTree tree = YamlTreeReader.read(file, text);
        List<Diagnostic> diagnostics = new ArrayList<>(tree.diagnostics());
        Optional<Stack> stack = Optional.empty();
        if (tree.root().isPresent()) {
            List<Diagnostic> schema = SchemaValidation.spec().validate(tree.root().get(), tree.sourceMap());
            diagnostics.addAll(schema);
            if (schema.isEmpty() && tree.diagnostics().isEmpty()) {
                Stack built = StackBuilder.build(tree.root().get());
                List<Diagnostic> semantic = SemanticValidator.validate(built, tree.sourceMap());
                diagnostics.addAll(semantic);
                if (semantic.stream().noneMatch(Diagnostic::isError)) {
                    stack = Optional.of(built);
                }
            }
        }
        diagnostics.sort(ORDER);
        return new SpecResult(file, text, stack, tree.sourceMap(), diagnostics);
    }

    private static final Comparator<Diagnostic> ORDER = Comparator
            .comparingInt((Diagnostic d) -> d.span().map(Span::line).orElse(0))
            .thenComparingInt(d -> d.span().map(Span::column).orElse(0))
            .thenComparing(Diagnostic::code);

    private static SpecResult failed(String file, String code, String message) {
        return new SpecResult(file, "", Optional.empty(), SourceMap.empty(file),
                List.of(SpecDiagnostics.at(code, message, Span.at(file, 1, 1))));
    }
}
