package io.lbctl.schemas;

import io.lbctl.model.diag.Diagnostic;
import io.lbctl.model.diag.Span;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The text of a spec or overlay file, or why there is none: missing, a directory, too large,
 * unreadable, or not UTF-8 (binary files end here, before any parser sees them).
 */
public record SourceText(String file, String text, Optional<Diagnostic> problem) {
    /** Files above this size are refused before reading, as no spec comes near it. */
    public static final long MAX_FILE_BYTES = 8L * 1024 * 1024;

    public static SourceText load(Path path) {
        String file = path.toString();
        try {
            if (Files.isDirectory(path)) {
                return failed(file, "io.directory", file + " is a directory, not a file");
            }
            if (Files.size(path) > MAX_FILE_BYTES) {
                return failed(file, "yaml.too-large", "file is larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB");
            }
            return decode(file, Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            return failed(file, "io.not-found", "no such file");
        } catch (IOException e) {
            return failed(file, "io.unreadable", "cannot read file: " + e.getMessage());
        }
    }

    /** Strict UTF-8, a leading byte-order mark dropped. */
    public static SourceText decode(String file, byte[] bytes) {
        if (bytes.length > MAX_FILE_BYTES) {
            return failed(file, "yaml.too-large", "input is larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB");
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return new SourceText(file, text.startsWith("\uFEFF") ? text.substring(1) : text, Optional.empty());
        } catch (CharacterCodingException e) {
            return failed(file, "io.encoding", "file is not UTF-8 text");
        }
    }

    private static SourceText failed(String file, String code, String message) {
        return new SourceText(file, "", Optional.of(SpecDiagnostics.at(code, message, Span.at(file, 1, 1))));
    }
}
