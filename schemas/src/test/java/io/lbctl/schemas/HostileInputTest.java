package io.lbctl.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.lbctl.model.diag.Diagnostic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Input of every kind ends in diagnostics: never an exception, never a hang. The timeout guards
 * against hangs only; it is not a speed target.
 */
class HostileInputTest {

    private static List<String> codes(byte[] bytes) {
        SpecResult r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> SpecReader.read("x.yaml", bytes));
        assertThat(r.valid()).isFalse();
        return r.diagnostics().stream().map(Diagnostic::code).toList();
    }

    private static List<String> codes(String text) {
        return codes(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void emptyAndBlankFilesSayTheFileIsEmpty() {
        assertThat(codes("")).containsExactly("yaml.empty");
        assertThat(codes("\n  \n# only a comment\n")).containsExactly("yaml.empty");
    }

    @Test
    void binaryAndNonUtf8InputIsRefusedBeforeParsing() {
        assertThat(codes(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0x80})).containsExactly("io.encoding");
        assertThat(codes(new byte[] {0x50, 0x4b, 0x03, 0x04, 0, 0, 0})).containsExactly("yaml.syntax");
    }

    @Test
    void aBillionLaughsDocumentStopsAtTheNodeBudget() {
        StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'k'; c++) {
            yaml.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 10; i++) {
                yaml.append(i == 0 ? "" : ", ").append('*').append(prev);
            }
            yaml.append("]\n");
            prev = c;
        }
        assertThat(codes(yaml.toString())).containsExactly("yaml.too-many-nodes");
    }

    @Test
    void deepNestingStopsAtTheDepthLimitInsteadOfOverflowingTheStack() {
        assertThat(codes("[".repeat(100_000))).containsExactly("yaml.too-deep");
        assertThat(codes("a: " + "{".repeat(5000))).containsExactly("yaml.key-type", "yaml.too-deep");
    }

    @Test
    void aRecursiveAliasIsReportedNotFollowed() {
        SpecResult r = SpecReader.read("x.yaml", "version: lbctl/v1\nstack: s\ntags: &t\n  self: *t\n");
        assertThat(r.diagnostics()).singleElement().satisfies(d ->
                assertThat(d.message()).isEqualTo("alias *t refers to a collection that contains it"));
    }

    @Test
    void tabIndentationGetsAHintAboutSpaces() {
        SpecResult r = SpecReader.read("x.yaml", "version: lbctl/v1\nstack: s\nnetwork:\n\tvpc: vpc-12345678\n");
        assertThat(r.diagnostics()).hasSize(1);
        assertThat(r.diagnostics().get(0).hint()).hasValueSatisfying(h -> assertThat(h).contains("spaces"));
        assertThat(r.diagnostics().get(0).span().get().line()).isEqualTo(4);
    }

    @Test
    void wrongRootTypesAreSchemaErrors() {
        assertThat(codes("- a\n- b\n")).containsExactly("schema.type");
        assertThat(codes("just text\n")).containsExactly("schema.type");
        assertThat(codes("42\n")).containsExactly("schema.type");
    }

    @Test
    void everyDuplicateKeyIsReportedNotJustTheFirst() {
        List<String> codes = codes("version: lbctl/v1\nstack: a\nstack: b\ntags: {x: 1, x: 2}\n");
        assertThat(codes).containsExactly("yaml.duplicate-key", "yaml.duplicate-key");
    }

    @Test
    void complexKeysAndSecondDocumentsAreRefused() {
        assertThat(codes("? [a, b]\n: c\nversion: lbctl/v1\nstack: s\n")).contains("yaml.key-type");
        assertThat(codes("version: lbctl/v1\nstack: s\n---\nversion: lbctl/v1\n")).containsExactly("yaml.multiple-documents");
    }

    @Test
    void unknownTagsAndNonFiniteNumbersAreErrors() {
        assertThat(codes("version: !!binary aGk=\nstack: s\n")).contains("yaml.tag");
        assertThat(codes("version: lbctl/v1\nstack: s\ntargetGroups: {a: {port: .inf}}\n")).contains("yaml.number");
    }

    @Test
    void unknownKeysEverywhereAreAllReported() {
        List<String> codes = codes("""
                version: lbctl/v1
                stack: s
                bogus: 1
                targetGroups:
                  a: { protocol: HTTP, port: 80, colour: red }
                loadBalancers:
                  b: { type: application, subnets: [subnet-12345678], flavour: x }
                """);
        assertThat(codes).containsExactly("schema.unknown-key", "schema.unknown-key", "schema.unknown-key");
    }

    @Test
    void aLargeFileIsRefusedWithoutParsing() {
        byte[] big = new byte[(int) SourceText.MAX_FILE_BYTES + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        assertThat(codes(big)).containsExactly("yaml.too-large");
    }
}
