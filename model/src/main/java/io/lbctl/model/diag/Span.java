package io.lbctl.model.diag;

/**
 * A range of source text: 1-based line and column of its first character, and of the
 * character just after its end (on one line, {@code endColumn - column} is its width).
 */
public record Span(String file, int line, int column, int endLine, int endColumn) {
    public Span {
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("spans are 1-based: " + line + ":" + column);
        }
    }

    /** A one-character span, for errors that point at a spot rather than a value. */
    public static Span at(String file, int line, int column) {
        return new Span(file, line, column, line, column + 1);
    }
}
