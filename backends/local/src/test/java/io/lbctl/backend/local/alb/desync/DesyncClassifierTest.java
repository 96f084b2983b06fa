package io.lbctl.backend.local.alb.desync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lbctl.backend.local.alb.desync.Classification.BodyFraming;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the classifier against HDG's own vectors (src/test/resources/desync/vectors.txt), and the
 * body framing a caller relies on to find the next request.
 */
class DesyncClassifierTest {

    /** One row of vectors.txt; its name is what a failing run reports. */
    record Vector(String source, String name, Tier tier, Reason reason, byte[] head) {
        @Override
        public String toString() {
            return source + ": " + name;
        }
    }

    static List<Vector> hdgVectors() {
        List<Vector> vectors = new ArrayList<>();
        try (InputStream in = DesyncClassifierTest.class.getResourceAsStream("/desync/vectors.txt");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t", -1);
                assertThat(columns).as(line).hasSize(5);
                vectors.add(new Vector(
                        columns[0],
                        columns[1],
                        Tier.valueOf(columns[2].toUpperCase(Locale.ROOT)),
                        Reason.fromHdgName(columns[3]),
                        unescape(columns[4])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return vectors;
    }

    /** Decodes the escapes the header of vectors.txt lists, for CR, LF, TAB, NUL, backslash, bytes and code points. */
    static byte[] unescape(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            char kind = text.charAt(++i);
            switch (kind) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case '0' -> out.write(0);
                case '\\' -> out.write('\\');
                case 'x' -> {
                    out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'u' -> {
                    int close = text.indexOf('}', i);
                    int codePoint = Integer.parseInt(text.substring(i + 2, close), 16);
                    out.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
                    i = close;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + kind + " in " + text);
            }
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String head) {
        return head.getBytes(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hdgVectors")
    void classifiesLikeHdg(Vector vector) {
        Classification classification = DesyncClassifier.classify(vector.head());

        assertThat(classification.tier()).as("tier, reasons %s", classification.reasons()).isEqualTo(vector.tier());
        assertThat(classification.reason()).as("reasons %s", classification.reasons()).isEqualTo(vector.reason());
        if (vector.reason() == Reason.COMPLIANT) {
            assertThat(classification.reasons()).isEmpty();
        } else {
            assertThat(classification.reasons()).contains(vector.reason());
        }
    }

    @Test
    void vectorsCoverEveryReasonAndTier() {
        List<Vector> vectors = hdgVectors();

        assertThat(vectors).hasSizeGreaterThanOrEqualTo(150);
        assertThat(vectors.stream().map(Vector::reason).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Reason.values());
        assertThat(vectors.stream().map(Vector::tier).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Tier.values());
    }

    static Stream<Arguments> framings() {
        return Stream.of(
                Arguments.of("GET / HTTP/1.1\r\nHost: a\r\n\r\n", BodyFraming.NONE, null),
                Arguments.of("POST / HTTP/1.1\r\nContent-Length: 12\r\n\r\n", BodyFraming.CONTENT_LENGTH, 12L),
                Arguments.of("POST / HTTP/1.1\r\ncontent-length:  7 \r\n\r\n", BodyFraming.CONTENT_LENGTH, 7L),
                Arguments.of("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n",
                        BodyFraming.CONTENT_LENGTH, 5L),
                Arguments.of("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
                        BodyFraming.UNDEFINED, null),
                Arguments.of("POST / HTTP/1.1\r\nContent-Length: 5,5\r\n\r\n", BodyFraming.UNDEFINED, null),
                Arguments.of("POST / HTTP/1.1\r\nContent-Length: 18446744073709551615\r\n\r\n",
                        BodyFraming.UNDEFINED, null),
                Arguments.of("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", BodyFraming.CHUNKED, null),
                Arguments.of("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n",
                        BodyFraming.CHUNKED, null),
                Arguments.of("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
                        BodyFraming.CHUNKED, null),
                Arguments.of("POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
                        BodyFraming.UNDEFINED, null),
                Arguments.of("POST / HTTP/1.1\r\nTransfer-Encoding: chunked, chunked\r\n\r\n",
                        BodyFraming.UNDEFINED, null),
                Arguments.of("POST / HTTP/1.1\r\nTransfer-Encoding: xchunked\r\n\r\n", BodyFraming.UNDEFINED, null),
                // Look-alike names raise the tier but frame nothing.
                Arguments.of("POST / HTTP/1.1\r\nTransfer_Encoding: chunked\r\nContent-Length: 4\r\n\r\n",
                        BodyFraming.CONTENT_LENGTH, 4L),
                Arguments.of("POST / HTTP/1.1\nContent-Length: 2\n\n", BodyFraming.CONTENT_LENGTH, 2L),
                Arguments.of("POST / HTTP/1.1\r\nContent-Length: 2\r\n", BodyFraming.UNDEFINED, null),
                Arguments.of("POST / HTTP/1.1\r\nContent-Len", BodyFraming.UNDEFINED, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("framings")
    void framesTheBodyAsAnHttp11Server(String head, BodyFraming framing, Long contentLength) {
        Classification classification = DesyncClassifier.classify(bytes(head));

        assertThat(classification.framing()).isEqualTo(framing);
        assertThat(classification.contentLength())
                .isEqualTo(contentLength == null ? OptionalLong.empty() : OptionalLong.of(contentLength));
        assertThat(classification.chunked()).isEqualTo(framing == BodyFraming.CHUNKED);
        assertThat(classification.framingDefined()).isEqualTo(framing != BodyFraming.UNDEFINED);
    }

    @Test
    void acceptsBareLineFeedsAsAcceptable() {
        Classification classification = DesyncClassifier.classify(bytes("GET / HTTP/1.1\nHost: a\n\n"));

        assertThat(classification.tier()).isEqualTo(Tier.ACCEPTABLE);
        assertThat(classification.reasons()).containsExactly(Reason.NON_CR_LF_LINE_TERMINATION);
    }

    @Test
    void listsEveryReasonButReportsTheFirstAtTheWorstTier() {
        byte[] head = bytes("GET /a b HTTP/1.1\r\nX-A: \u0001\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n");

        Classification classification = DesyncClassifier.classify(head);

        assertThat(classification.reasons())
                .containsExactly(
                        Reason.NON_COMPLIANT_HEADER,
                        Reason.DUPLICATE_CONTENT_LENGTH,
                        Reason.UNDEFINED_CONTENT_LENGTH_SEMANTICS,
                        Reason.SPACE_IN_URI);
        assertThat(classification.tier()).isEqualTo(Tier.AMBIGUOUS);
        assertThat(classification.reason()).isEqualTo(Reason.DUPLICATE_CONTENT_LENGTH);
    }

    @Test
    void readsOnlyTheGivenRangeAndStopsAtTheHeadsEnd() {
        byte[] buffer = bytes("junkPOST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET / HTTP/1.1\r\n\r\n");
        int headLength = DesyncClassifier.headLength(buffer, 4, buffer.length - 4);

        Classification classification = DesyncClassifier.classify(buffer, 4, buffer.length - 4);

        assertThat(headLength).isEqualTo("POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\n".length());
        assertThat(classification.tier()).isEqualTo(Tier.COMPLIANT);
        assertThat(classification.contentLength()).hasValue(3);
    }

    private static int headLength(String buffer) {
        return DesyncClassifier.headLength(bytes(buffer), 0, buffer.length());
    }

    @Test
    void findsTheEndOfTheHead() {
        assertThat(headLength("GET / HTTP/1.1\n\nbody")).isEqualTo(16);
        assertThat(headLength("GET / HTTP/1.1\r\nA: b\n\r\nbody")).isEqualTo(23);
        assertThat(headLength("GET / HTTP/1.1\r\nA: b\r\n")).isEqualTo(-1);
        assertThat(headLength("GET / HTTP/1.1")).isEqualTo(-1);
        // The first line is the request line even when empty, as HDG reads it.
        assertThat(headLength("\r\n\r\n")).isEqualTo(4);
    }

    @Test
    void leavesHttp2AndLaterUnjudgedAsHdgDoes() {
        Classification classification =
                DesyncClassifier.classify(bytes("PUT / HTTP/2\r\nTransfer-Encoding : xchunked\r\n\r\n"));

        assertThat(classification.tier()).isEqualTo(Tier.COMPLIANT);
        assertThat(classification.reason()).isEqualTo(Reason.COMPLIANT);
    }

    @Test
    void copiesReasonsAndRejectsInconsistentVerdicts() {
        List<Reason> reasons = new ArrayList<>(List.of(Reason.SPACE_IN_URI));
        Classification classification =
                new Classification(Tier.ACCEPTABLE, reasons, BodyFraming.NONE, OptionalLong.empty());
        reasons.add(Reason.BAD_URI);

        assertThat(classification.reasons()).containsExactly(Reason.SPACE_IN_URI);
        assertThatThrownBy(() -> classification.reasons().add(Reason.BAD_URI))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new Classification(
                        Tier.SEVERE, List.of(Reason.SPACE_IN_URI), BodyFraming.NONE, OptionalLong.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Classification(Tier.COMPLIANT, List.of(), BodyFraming.NONE, OptionalLong.of(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reasonsCarryHdgNamesAndTiers() {
        Set<Reason> severe = EnumSet.noneOf(Reason.class);
        for (Reason reason : Reason.values()) {
            assertThat(Reason.fromHdgName(reason.hdgName())).isEqualTo(reason);
            if (reason.tier() == Tier.SEVERE) {
                severe.add(reason);
            }
        }
        assertThat(Reason.BOTH_TE_CL_PRESENT.hdgName()).isEqualTo("BothTeClPresent");
        assertThat(Reason.NON_CR_LF_LINE_TERMINATION.hdgName()).isEqualTo("NonCrLfLineTermination");
        assertThat(severe).hasSize(8);
    }
}
