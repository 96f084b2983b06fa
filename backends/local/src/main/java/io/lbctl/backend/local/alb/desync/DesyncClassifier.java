package io.lbctl.backend.local.alb.desync;

import static io.lbctl.backend.local.alb.desync.RequestHead.CHUNKED_CODING;
import static io.lbctl.backend.local.alb.desync.RequestHead.COLON;
import static io.lbctl.backend.local.alb.desync.RequestHead.CR;
import static io.lbctl.backend.local.alb.desync.RequestHead.LF;
import static io.lbctl.backend.local.alb.desync.RequestHead.SP;
import static io.lbctl.backend.local.alb.desync.RequestHead.UNKNOWN_CODING;
import static io.lbctl.backend.local.alb.desync.RequestHead.ascii;
import static io.lbctl.backend.local.alb.desync.RequestHead.isAlphanumeric;
import static io.lbctl.backend.local.alb.desync.RequestHead.isBreakingByte;
import static io.lbctl.backend.local.alb.desync.RequestHead.isTokenChar;
import static io.lbctl.backend.local.alb.desync.RequestHead.isWhitespace;
import static io.lbctl.backend.local.alb.desync.RequestHead.toLowerAscii;

import io.lbctl.backend.local.alb.desync.Classification.BodyFraming;
import io.lbctl.backend.local.alb.desync.RequestHead.Field;
import io.lbctl.backend.local.alb.desync.RequestHead.Span;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Classifies a raw HTTP/1.x request head by the rules of aws/http-desync-guardian (HDG), which ALB
 * applies before routing. It reads the bytes as received rather than a parsed request, because a
 * desync hides in exactly the details a lenient parser smooths away; tiers and reasons match what
 * HDG's raw-request analysis returns.
 */
public final class DesyncClassifier {
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] GET = ascii("GET");
    private static final byte[] HEAD = ascii("HEAD");
    private static final byte[] HTTP_0_9 = ascii("HTTP/0.9");
    private static final byte[] HTTP_1_0 = ascii("HTTP/1.0");
    private static final byte[] HTTP_1_PREFIX = ascii("HTTP/1.");
    private static final byte[] HTTP_2 = ascii("HTTP/2");

    private DesyncClassifier() {}

    /** Classifies {@code head}: the request line and header lines, through the empty line that ends them. */
    public static Classification classify(byte[] head) {
        return classify(head, 0, head.length);
    }

    /**
     * Classifies the head held in {@code buffer[offset, offset + length)}. Bytes after the empty
     * line that ends the head are ignored, so the range may run on into the body.
     */
    public static Classification classify(byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        return new Analysis(buffer, offset, offset + length).classify();
    }

    /**
     * The length of the head at the start of {@code buffer[offset, offset + length)}, through the
     * empty line (CRLF or bare LF) that ends it, or -1 while that line has not arrived. The first
     * line is always taken as the request line, even when empty, as HDG reads it.
     */
    public static int headLength(byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        int limit = offset + length;
        int lineStart = indexOfLf(buffer, offset, limit) + 1;
        while (lineStart > 0 && lineStart < limit) {
            int lineEnd = indexOfLf(buffer, lineStart, limit);
            if (lineEnd < 0) {
                return -1;
            }
            if (lineEnd == lineStart || (lineEnd == lineStart + 1 && buffer[lineStart] == CR)) {
                return lineEnd + 1 - offset;
            }
            lineStart = lineEnd + 1;
        }
        return -1;
    }

    private static int indexOfLf(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == LF) {
                return i;
            }
        }
        return -1;
    }

    /** How close a header name is to Transfer-Encoding or Content-Length. */
    private enum Likeness { SAME, LOOK_ALIKE, DIFFERENT }

    /** How clean a header's bytes are by RFC 7230's token and field-value rules. */
    private enum FieldQuality { CLEAN, NON_COMPLIANT, BAD }

    /** One classification; reasons are kept in the order HDG checks, which decides the one it reports. */
    private static final class Analysis {
        private final List<Reason> reasons = new ArrayList<>();
        private final RequestHead head;
        private final byte[] bytes;
        /** Body headers as HDG judges them: exact names and look-alikes both. */
        private final List<Field> transferEncodings = new ArrayList<>();
        private final List<Field> contentLengths = new ArrayList<>();
        /** Body headers as an RFC 9112 server frames the body: exact names only. */
        private final List<Field> exactTransferEncodings = new ArrayList<>();
        private final List<Field> exactContentLengths = new ArrayList<>();
        private byte[] version;

        Analysis(byte[] buffer, int start, int end) {
            this.head = RequestHead.read(buffer, start, end, this::flag);
            this.bytes = head.bytes;
            this.version = head.version();
        }

        Classification classify() {
            // HDG leaves HTTP/2 and later unjudged. It compares the version bytewise as written, so
            // any version sorting at or after "HTTP/2", lower-case "http/1.1" included, is skipped too.
            boolean laterThanHttp1 = Arrays.compareUnsigned(version, HTTP_2) >= 0;
            if (trim(version).length == 0) {
                version = HTTP_0_9;
            }
            judgeFields();
            checkBodyHeaders();
            checkMethod();
            checkVersion();
            checkUri();
            if (laterThanHttp1) {
                reasons.clear();
            }
            Tier tier = Tier.COMPLIANT;
            for (Reason reason : reasons) {
                tier = tier.max(reason.tier());
            }
            if (!head.complete()) {
                return new Classification(tier, reasons, BodyFraming.UNDEFINED, OptionalLong.empty());
            }
            OptionalLong length = agreedContentLength();
            BodyFraming framing = bodyFraming(length);
            return new Classification(
                    tier, reasons, framing, framing == BodyFraming.CONTENT_LENGTH ? length : OptionalLong.empty());
        }

        private void flag(Reason reason) {
            if (!reasons.contains(reason)) {
                reasons.add(reason);
            }
        }

        /**
         * Grades every header and sorts out the body headers. Look-alike names join the real ones in
         * HDG's checks, since some server in the chain may normalise them into the real thing.
         */
        private void judgeFields() {
            for (Field field : head.fields()) {
                Likeness te = likeness(TRANSFER_ENCODING, field.name());
                Likeness cl = te == Likeness.DIFFERENT ? likeness(CONTENT_LENGTH, field.name()) : Likeness.DIFFERENT;
                FieldQuality quality = quality(field);
                if (quality != FieldQuality.CLEAN) {
                    flag(quality == FieldQuality.BAD ? Reason.BAD_HEADER : Reason.NON_COMPLIANT_HEADER);
                }
                Span name = head.trim(field.name());
                if (name.length() == 0 || bytes[name.start()] == COLON) {
                    flag(Reason.EMPTY_HEADER);
                } else if (te == Likeness.SAME || cl == Likeness.SAME) {
                    (te == Likeness.SAME ? transferEncodings : contentLengths).add(field);
                    (te == Likeness.SAME ? exactTransferEncodings : exactContentLengths).add(field);
                } else if (quality != FieldQuality.BAD && (te == Likeness.LOOK_ALIKE || cl == Likeness.LOOK_ALIKE)) {
                    (te == Likeness.LOOK_ALIKE ? transferEncodings : contentLengths).add(field);
                    flag(Reason.SUSPICIOUS_HEADER);
                }
            }
        }

        private void checkBodyHeaders() {
            if (transferEncodings.isEmpty() && contentLengths.isEmpty()) {
                return;
            }
            // Before HTTP/1.1 there is no chunked coding, and before HTTP/1.0 no Content-Length.
            if (Arrays.compareUnsigned(version, HTTP_1_0) <= 0 && !transferEncodings.isEmpty()) {
                flag(Reason.UNDEFINED_TRANSFER_ENCODING_SEMANTICS);
                return;
            }
            if (Arrays.compareUnsigned(version, HTTP_1_0) < 0) {
                flag(Reason.UNDEFINED_CONTENT_LENGTH_SEMANTICS);
                return;
            }
            boolean previousWasChunked = false;
            for (Field field : transferEncodings) {
                for (Span element : head.listElements(field.value())) {
                    int coding = head.transferCoding(element);
                    if (coding == UNKNOWN_CODING) {
                        flag(Reason.BAD_TRANSFER_ENCODING);
                        continue;
                    }
                    if (previousWasChunked && coding == CHUNKED_CODING) {
                        flag(Reason.MULTIPLE_TRANSFER_ENCODING_CHUNKED);
                    }
                    previousWasChunked = coding == CHUNKED_CODING;
                }
            }
            OptionalLong first = OptionalLong.empty();
            for (Field field : contentLengths) {
                OptionalLong value = head.contentLength(field.value());
                if (value.isEmpty()) {
                    flag(Reason.BAD_CONTENT_LENGTH);
                } else if (first.isEmpty()) {
                    first = value;
                } else {
                    flag(first.equals(value) ? Reason.DUPLICATE_CONTENT_LENGTH : Reason.MULTIPLE_CONTENT_LENGTH);
                }
            }
            // A body on GET or HEAD has no defined meaning (RFC 7231 section 4.3).
            if (Arrays.equals(head.method(), GET) || Arrays.equals(head.method(), HEAD)) {
                if (!transferEncodings.isEmpty()) {
                    flag(Reason.UNDEFINED_TRANSFER_ENCODING_SEMANTICS);
                }
                if (first.isPresent()) {
                    flag(first.getAsLong() == 0
                            ? Reason.GET_HEAD_ZERO_CONTENT_LENGTH
                            : Reason.UNDEFINED_CONTENT_LENGTH_SEMANTICS);
                }
            }
            if (first.isPresent() && !transferEncodings.isEmpty()) {
                flag(Reason.BOTH_TE_CL_PRESENT);
            }
        }

        private void checkMethod() {
            for (byte b : head.method()) {
                if (!isTokenChar(b)) {
                    flag(Reason.BAD_METHOD);
                    return;
                }
            }
        }

        private void checkVersion() {
            byte[] trimmed = trim(version);
            if (Arrays.equals(trimmed, HTTP_0_9)) {
                flag(Reason.NON_COMPLIANT_VERSION);
                return;
            }
            int minor = HTTP_1_PREFIX.length;
            boolean wellFormed = trimmed.length == minor + 1
                    && Arrays.equals(trimmed, 0, minor, HTTP_1_PREFIX, 0, minor)
                    && trimmed[minor] >= '0' && trimmed[minor] <= '9';
            if (!wellFormed) {
                flag(Reason.BAD_VERSION);
            } else if (trimmed.length != version.length || trimmed[minor] > '1') {
                flag(Reason.NON_COMPLIANT_VERSION);
            }
        }

        private void checkUri() {
            for (int i = head.uri().start(); i < head.uri().end(); i++) {
                int b = bytes[i] & 0xFF;
                if (b > SP && b != 0x7F) {
                    continue;
                }
                if (isBreakingByte(bytes[i])) {
                    flag(Reason.BAD_URI);
                    return;
                }
                flag(b == SP ? Reason.SPACE_IN_URI : Reason.AMBIGUOUS_URI);
            }
        }

        /** The one Content-Length all exact headers agree on, or empty if there is none or they clash. */
        private OptionalLong agreedContentLength() {
            OptionalLong agreed = OptionalLong.empty();
            for (Field field : exactContentLengths) {
                OptionalLong value = head.contentLength(field.value());
                if (value.isEmpty() || value.getAsLong() < 0 || (agreed.isPresent() && !agreed.equals(value))) {
                    return OptionalLong.empty();
                }
                agreed = value;
            }
            return agreed;
        }

        /** Frames the body as RFC 9112 section 6.3 does for a request, from exactly named headers. */
        private BodyFraming bodyFraming(OptionalLong agreedContentLength) {
            if (!exactTransferEncodings.isEmpty()) {
                List<Integer> codings = new ArrayList<>();
                for (Field field : exactTransferEncodings) {
                    head.listElements(field.value()).forEach(element -> codings.add(head.transferCoding(element)));
                }
                boolean chunkedOnceAndLast = codings.indexOf(CHUNKED_CODING) == codings.size() - 1;
                return codings.contains(UNKNOWN_CODING) || !chunkedOnceAndLast
                        ? BodyFraming.UNDEFINED
                        : BodyFraming.CHUNKED;
            }
            if (exactContentLengths.isEmpty()) {
                return BodyFraming.NONE;
            }
            return agreedContentLength.isPresent() ? BodyFraming.CONTENT_LENGTH : BodyFraming.UNDEFINED;
        }

        /**
         * Compares a header name with a body header's on letters and digits alone, as a server that
         * folds case, trims, drops control characters or swaps '-' for '_' would. Two non-ASCII
         * letters also match, as they upper-case into ASCII: dotless i (C4 B1) and long s (C5 BF).
         */
        private Likeness likeness(byte[] lowerCaseName, Span name) {
            int end = name.end();
            if (name.length() < lowerCaseName.length) {
                return Likeness.DIFFERENT;
            }
            int at = nextAlphanumeric(name.start(), end);
            boolean same = at == name.start() && name.length() == lowerCaseName.length;
            for (byte expected : lowerCaseName) {
                if (at == end) {
                    return Likeness.DIFFERENT;
                }
                boolean delimiter = expected == '-';
                int matched = matchedBytes(expected, at, end);
                if (matched == 0 && !delimiter) {
                    break;
                }
                same &= matched > 0;
                int next = at + Math.max(matched, 1);
                at = delimiter ? nextAlphanumeric(next, end) : nextAboveSpace(next, end);
            }
            if (at == end) {
                return same ? Likeness.SAME : Likeness.LOOK_ALIKE;
            }
            return nextAlphanumeric(at, end) == end ? Likeness.LOOK_ALIKE : Likeness.DIFFERENT;
        }

        private int matchedBytes(byte expected, int at, int end) {
            if (toLowerAscii(bytes[at]) == expected) {
                return 1;
            }
            boolean twoBytes = at + 1 < end
                    && ((expected == 's' && bytes[at] == (byte) 0xC5 && bytes[at + 1] == (byte) 0xBF)
                            || (expected == 'i' && bytes[at] == (byte) 0xC4 && bytes[at + 1] == (byte) 0xB1));
            return twoBytes ? 2 : 0;
        }

        private int nextAlphanumeric(int from, int end) {
            while (from < end && !isAlphanumeric(bytes[from])) {
                from++;
            }
            return from;
        }

        private int nextAboveSpace(int from, int end) {
            while (from < end && (bytes[from] & 0xFF) <= SP) {
                from++;
            }
            return from;
        }

        private FieldQuality quality(Field field) {
            FieldQuality quality = FieldQuality.CLEAN;
            for (int i = field.name().start(); i < field.name().end() && quality != FieldQuality.BAD; i++) {
                quality = isTokenChar(bytes[i]) ? quality : offence(bytes[i]);
            }
            for (int i = field.value().start(); i < field.value().end() && quality != FieldQuality.BAD; i++) {
                int b = bytes[i] & 0xFF;
                boolean valueByte = (b >= SP && b < 0x7F) || b >= 0x80 || b == '\t';
                quality = valueByte ? quality : offence(bytes[i]);
            }
            return quality;
        }

        private static FieldQuality offence(byte b) {
            return isBreakingByte(b) ? FieldQuality.BAD : FieldQuality.NON_COMPLIANT;
        }

        private static byte[] trim(byte[] token) {
            int start = 0;
            int end = token.length;
            while (start < end && isWhitespace(token[start])) {
                start++;
            }
            while (start < end && isWhitespace(token[end - 1])) {
                end--;
            }
            return Arrays.copyOfRange(token, start, end);
        }
    }
}
