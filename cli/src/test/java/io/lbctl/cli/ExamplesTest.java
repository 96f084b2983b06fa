package io.lbctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbctl.schemas.OverlayReader;
import io.lbctl.schemas.SpecReader;
import io.lbctl.schemas.SpecResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example validates without a diagnostic, carries the schema modeline, and so does its overlay. */
class ExamplesTest {
    private static final Path EXAMPLES = Path.of("../examples");

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> dirs = Files.list(EXAMPLES)) {
            return dirs.filter(Files::isDirectory).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleValidatesCleanly(Path dir) throws IOException {
        Path spec = dir.resolve("lb.yaml");
        assertThat(Files.readAllLines(spec).get(0))
                .isEqualTo("# yaml-language-server: $schema=../../schemas/lbctl-v1.schema.json");
        SpecResult result = SpecReader.read(spec);
        assertThat(result.diagnostics()).as(spec.toString()).isEmpty();
        Path overlay = dir.resolve("lb.local.yaml");
        if (Files.exists(overlay)) {
            assertThat(Files.readAllLines(overlay).get(0))
                    .isEqualTo("# yaml-language-server: $schema=../../schemas/lbctl-overlay-v1.schema.json");
            assertThat(OverlayReader.read(overlay, result.stack().orElseThrow()).diagnostics()).as(overlay.toString())
                    .isEmpty();
        }
    }

    @Test
    void theGuidesScenariosAreAllThere() throws IOException {
        assertThat(examples().map(p -> p.getFileName().toString())).contains("alb-content-routing",
                "nlb-tcp-proxy-protocol", "https-tls-termination", "session-stickiness", "least-outstanding-requests",
                "ip-targets-on-premises", "gateway-geneve", "k8s-ingress-alb", "k8s-service-nlb", "local-quickstart");
    }
}
