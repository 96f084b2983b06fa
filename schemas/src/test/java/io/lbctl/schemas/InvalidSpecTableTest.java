package io.lbctl.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbctl.model.diag.Diagnostic;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One invalid spec per broken rule, under {@code invalid/}. Each file's first line says the one
 * error it must produce: {@code # expect: LINE:COL CODE MESSAGE}.
 */
class InvalidSpecTableTest {
    private static final Pattern EXPECT = Pattern.compile("# expect: (\\d+):(\\d+) (\\S+) (.+)");

    static Stream<Path> cases() throws IOException, URISyntaxException {
        Path dir = Path.of(InvalidSpecTableTest.class.getResource("/invalid").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachInvalidSpecReportsExactlyItsOneError(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Matcher m = EXPECT.matcher(text.lines().findFirst().orElse(""));
        assertThat(m.matches()).as("first line of " + file.getFileName() + " must be '# expect: L:C CODE MESSAGE'").isTrue();
        SpecResult result = SpecReader.read(file.getFileName().toString(), text);
        List<Diagnostic> errors = result.diagnostics().stream().filter(Diagnostic::isError).toList();
        assertThat(errors).as("errors of " + file.getFileName()).hasSize(1);
        Diagnostic d = errors.get(0);
        assertThat(d.span()).isPresent();
        assertThat(d.span().get().line() + ":" + d.span().get().column() + " " + d.code() + " " + d.message())
                .isEqualTo(m.group(1) + ":" + m.group(2) + " " + m.group(3) + " " + m.group(4));
        assertThat(result.valid()).isFalse();
        assertThat(result.stack()).isEmpty();
    }

    @Test
    void theTableCoversAtLeastSixtyRules() throws Exception {
        assertThat(cases().count()).isGreaterThanOrEqualTo(60);
        assertThat(cases().map(p -> {
            try {
                Matcher m = EXPECT.matcher(Files.readAllLines(p).get(0));
                return m.matches() ? m.group(3) : "";
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).distinct().count()).as("distinct diagnostic codes").isGreaterThanOrEqualTo(50);
    }
}
