package io.lbctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rendered diagnostics, text and JSON, against golden files in {@code src/test/resources/golden}.
 * A case is {@code NAME.yaml}, optionally with {@code NAME.overlay.yaml}. To regenerate after an
 * intended change, run {@code mvn -pl cli -am test -Dtest=DiagnosticGoldenTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dlbctl.golden.update=true}
 * and review the diff.
 */
class DiagnosticGoldenTest {
    private static final Path DIR = Path.of("src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("lbctl.golden.update");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.endsWith(".overlay.yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void renderedDiagnosticsMatchTheGoldenFiles(String name) throws IOException {
        for (String format : List.of("text", "json")) {
            List<String> args = new ArrayList<>(List.of("validate", "-o", format, DIR.resolve(name + ".yaml").toString()));
            Path overlay = DIR.resolve(name + ".overlay.yaml");
            if (Files.exists(overlay)) {
                args.addAll(List.of("--overlay", overlay.toString()));
            }
            CliRun run = CliRun.of(args.toArray(String[]::new));
            String actual = "exit " + run.exitCode() + "\n" + run.out() + run.err();
            Path golden = DIR.resolve(name + "." + (format.equals("text") ? "txt" : "json"));
            if (UPDATE) {
                Files.writeString(golden, actual, StandardCharsets.UTF_8);
            }
            assertThat(golden).as("golden file; regenerate with -Dlbctl.golden.update=true").exists();
            assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
        }
    }
}
