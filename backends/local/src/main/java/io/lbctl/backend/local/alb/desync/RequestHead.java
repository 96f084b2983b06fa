package io.lbctl.backend.local.alb.desync;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * A raw request head split into method, target, version and header fields the way HDG's raw parser
 * splits it, which is more lenient than RFC 7230: bare LF ends a line, a line without a colon is
 * still a field, and a folded line is kept. The splitting quirks it meets are reported as it reads;
 * judging the parts is left to {@link DesyncClassifier}. It also reads field values the way HDG
 * does, so the verdict and the body framing agree on what a Content-Length or a coding says.
 */
final class RequestHead {
    static final byte SP = ' ';
    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte COLON = ':';
    private static final byte[] CONTENT_TYPE = ascii("content-type");
    private static final byte[] HTTP_1_PREFIX = ascii("HTTP/1.");
    /** The transfer codings HDG knows; chunked comes first so that its index is {@link #CHUNKED_CODING}. */
    private static final List<byte[]> KNOWN_CODINGS =
            List.of(ascii("chunked"), ascii("compress"), ascii("deflate"), ascii("gzip"), ascii("identity"));
    static final int CHUNKED_CODING = 0;
    static final int UNKNOWN_CODING = -1;

    /** Bytes {@code [start, end)} of the head, with {@code start <= end}. */
    record Span(int start, int end) {
        static final Span EMPTY = new Span(0, 0);

        int length() {
            return end - start;
        }
    }

    /** A header as split; a folded Content-Type line is a field of its own under the name it continues. */
    record Field(Span name, Span value) {}

    final byte[] bytes;
    private final Consumer<Reason> findings;
    private final Window unread;
    private final List<Field> fields = new ArrayList<>(16);
    private byte[] method = new byte[0];
    private byte[] version = new byte[0];
    private Span uri = Span.EMPTY;
    private boolean complete = true;

    private RequestHead(byte[] bytes, int start, int end, Consumer<Reason> findings) {
        this.bytes = bytes;
        this.findings = findings;
        this.unread = new Window(bytes, start, end);
    }

    /** Splits {@code bytes[start, end)}, passing each parsing quirk to {@code findings} as it is met. */
    static RequestHead read(byte[] bytes, int start, int end, Consumer<Reason> findings) {
        RequestHead head = new RequestHead(bytes, start, end, findings);
        head.readRequestLine();
        head.readFields();
        return head;
    }

    byte[] method() {
        return method;
    }

    /** The version as written, spaces and all; empty when the request line had no version. */
    byte[] version() {
        return version;
    }

    Span uri() {
        return uri;
    }

    List<Field> fields() {
        return fields;
    }

    /** Whether the head ran through to its closing empty line rather than stopping short. */
    boolean complete() {
        return complete;
    }

    private void readRequestLine() {
        Window line = unread.takeUntil(LF);
        if (!line.dropTrailingCr()) {
            findings.accept(Reason.NON_CR_LF_LINE_TERMINATION);
        }
        method = copy(line.takeUntil(SP).span());
        Window versionWord = line.takeLastWord();
        Window uriWord = line;
        if ((uriWord.delimiterMissing() && startsWith(versionWord.span(), HTTP_1_PREFIX))
                || (versionWord.isEmpty() && uriWord.isEmpty())) {
            findings.accept(Reason.MISSING_URI);
        } else if (uriWord.delimiterMissing()) {
            // A single word after the method is the target of an HTTP/0.9 request.
            uri = versionWord.span();
            return;
        }
        version = copy(versionWord.span());
        uri = uriWord.span();
    }

    private void readFields() {
        Span foldTarget = null;
        boolean inContentType = false;
        while (true) {
            Window line = unread.takeUntil(LF);
            if (!line.dropTrailingCr()) {
                findings.accept(Reason.NON_CR_LF_LINE_TERMINATION);
            }
            if (line.isEmpty()) {
                return;
            }
            boolean folded = isWhitespace(bytes[line.start]);
            Span beforeColon = line.takeUntil(COLON).span();
            boolean colonFound = !line.delimiterMissing();
            if (!folded && colonFound) {
                inContentType = equalsIgnoreCase(beforeColon, CONTENT_TYPE);
                foldTarget = beforeColon;
            }
            // A folded line with a colon of its own is read as the header it imitates, since parsers
            // that trim names will take " Content-Length: 5" for a Content-Length.
            boolean continuation = folded && foldTarget != null && (inContentType || !colonFound);
            fields.add(continuation ? new Field(foldTarget, beforeColon) : new Field(beforeColon, line.span()));
            if (!folded && !colonFound) {
                findings.accept(Reason.MISSING_HEADER_COLON);
            }
            if (folded && !inContentType) {
                findings.accept(Reason.MULTILINE_HEADER);
            }
            if (unread.delimiterMissing() || unread.isEmpty()) {
                findings.accept(
                        unread.delimiterMissing() ? Reason.PARTIAL_HEADER_LINE : Reason.MISSING_LAST_EMPTY_LINE);
                complete = false;
                return;
            }
        }
    }

    /**
     * A cursor over part of the head. Taking a token whose delimiter never comes moves the start one
     * past the end, so "delimiter missing" differs from "nothing after the delimiter": HDG tells a
     * missing URI, a missing colon and a cut-off head apart that way.
     */
    private static final class Window {
        private final byte[] bytes;
        private int start;
        private int end;

        Window(byte[] bytes, int start, int end) {
            this.bytes = bytes;
            this.start = start;
            this.end = end;
        }

        boolean isEmpty() {
            return start >= end;
        }

        boolean delimiterMissing() {
            return start > end;
        }

        Span span() {
            return isEmpty() ? Span.EMPTY : new Span(start, end);
        }

        Window takeUntil(byte delimiter) {
            int at = start;
            while (at < end && bytes[at] != delimiter) {
                at++;
            }
            Window token = new Window(bytes, start, at);
            start = at + 1;
            return token;
        }

        /**
         * Takes the word after the last space that has a token character somewhere after it, so junk
         * after a version stays part of the version instead of replacing it. Without such a space the
         * whole window is the word, and what is left has its delimiter missing.
         */
        Window takeLastWord() {
            int at = end > start ? end - 1 : start;
            boolean tokenCharSeen = false;
            while (start < at && (bytes[at] != SP || !tokenCharSeen)) {
                tokenCharSeen |= isTokenChar(bytes[at]);
                at--;
            }
            if (at < start || at >= end) {
                return new Window(bytes, 1, 0);
            }
            int wordStart = bytes[at] == SP ? at + 1 : at;
            Window word = new Window(bytes, wordStart, end);
            end = wordStart - 1;
            return word;
        }

        boolean dropTrailingCr() {
            if (end > start && bytes[end - 1] == CR) {
                end--;
                return true;
            }
            return false;
        }
    }

    /** HDG's reading of a Content-Length: OWS-trimmed digits (none reads as 0) that fit 64 unsigned bits. */
    OptionalLong contentLength(Span value) {
        Span digits = trim(value);
        for (int i = digits.start(); i < digits.end(); i++) {
            if (bytes[i] < '0' || bytes[i] > '9') {
                return OptionalLong.empty();
            }
        }
        if (digits.length() == 0) {
            return OptionalLong.of(0);
        }
        try {
            return OptionalLong.of(Long.parseUnsignedLong(
                    new String(bytes, digits.start(), digits.length(), StandardCharsets.US_ASCII)));
        } catch (NumberFormatException overflow) {
            return OptionalLong.empty();
        }
    }

    /**
     * Which known coding a Transfer-Encoding list element names, parameters and case ignored: its
     * index in {@link #KNOWN_CODINGS}, or {@link #UNKNOWN_CODING}.
     */
    int transferCoding(Span element) {
        Span trimmed = trim(element);
        int end = trimmed.start();
        while (end < trimmed.end() && bytes[end] != ';') {
            end++;
        }
        Span name = trim(new Span(trimmed.start(), end));
        for (int i = 0; i < KNOWN_CODINGS.size(); i++) {
            if (equalsIgnoreCase(name, KNOWN_CODINGS.get(i))) {
                return i;
            }
        }
        return UNKNOWN_CODING;
    }

    /** The comma-separated elements of a value, empty ones included, as HDG counts them. */
    List<Span> listElements(Span value) {
        List<Span> elements = new ArrayList<>();
        int from = value.start();
        for (int i = value.start(); i <= value.end(); i++) {
            if (i == value.end() || bytes[i] == ',') {
                elements.add(new Span(from, i));
                from = i + 1;
            }
        }
        return elements;
    }

    /** {@code span} without the spaces and tabs (RFC 7230 OWS) around it. */
    Span trim(Span span) {
        int start = span.start();
        int end = span.end();
        while (start < end && isWhitespace(bytes[start])) {
            start++;
        }
        while (start < end && isWhitespace(bytes[end - 1])) {
            end--;
        }
        return new Span(start, end);
    }

    boolean equalsIgnoreCase(Span span, byte[] lowerCase) {
        if (span.length() != lowerCase.length) {
            return false;
        }
        for (int i = 0; i < lowerCase.length; i++) {
            if (toLowerAscii(bytes[span.start() + i]) != lowerCase[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean startsWith(Span span, byte[] prefix) {
        return span.length() >= prefix.length
                && Arrays.equals(bytes, span.start(), span.start() + prefix.length, prefix, 0, prefix.length);
    }

    private byte[] copy(Span span) {
        return Arrays.copyOfRange(bytes, span.start(), span.end());
    }

    /** An RFC 7230 tchar. */
    static boolean isTokenChar(byte b) {
        return isAlphanumeric(b) || (b > 0 && "!#$%&'*+-.^_`|~".indexOf(b) >= 0);
    }

    static boolean isAlphanumeric(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    static boolean isWhitespace(byte b) {
        return b == SP || b == '\t';
    }

    /** CR, LF and NUL inside a field or target mean some parser already split the request wrongly. */
    static boolean isBreakingByte(byte b) {
        return b == CR || b == LF || b == 0;
    }

    static byte toLowerAscii(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
