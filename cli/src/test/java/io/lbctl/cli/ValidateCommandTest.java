package io.lbctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ValidateCommandTest {
    private static final String VALID = """
            version: lbctl/v1
            stack: shop
            network:
              subnets:
                subnet-12345678: { zone: us-east-1a }
            targetGroups:
              tcp: { protocol: TCP, port: 80 }
            loadBalancers:
              nlb:
                type: network
                subnets: [subnet-12345678]
                listeners:
                  tcp: { port: 80, protocol: TCP, defaultAction: { forward: tcp } }
            """;

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void aValidSpecExitsZeroAndSaysSo() throws IOException {
        Path spec = write("lb.yaml", VALID);
        CliRun run = CliRun.of("validate", spec.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEqualTo(spec + ": valid\n");
    }

    @Test
    void anInvalidSpecExitsTwoAndReportsEveryFileAtOnce() throws IOException {
        Path a = write("a.yaml", VALID.replace("port: 80, protocol: TCP", "port: 80, protocol: HTTP"));
        Path b = write("b.yaml", VALID.replace("stack: shop", "stack: -shop"));
        Path c = write("c.yaml", VALID);
        CliRun run = CliRun.of("validate", a.toString(), b.toString(), c.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(run.out()).contains(a + ":13:").contains(b + ":2:8: error:").endsWith("2 errors in 2 files\n");
    }

    @Test
    void jsonOutputCarriesCodesPositionsAndCounts() throws IOException {
        Path spec = write("lb.yaml", VALID.replace("forward: tcp", "forward: tpc"));
        CliRun run = CliRun.of("validate", "--output", "json", spec.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
        JsonNode json = JsonMapper.shared().readTree(run.out());
        assertThat(json.get("format_version").asString()).isEqualTo("1");
        assertThat(json.get("valid").asBoolean()).isFalse();
        assertThat(json.get("error_count").asInt()).isEqualTo(1);
        JsonNode d = json.get("diagnostics").get(0);
        assertThat(d.get("code").asString()).isEqualTo("reference.targetGroup");
        assertThat(d.get("line").asInt()).isEqualTo(13);
        assertThat(d.get("column").asInt()).isEqualTo(65);
        assertThat(d.get("hint").asString()).isEqualTo("did you mean 'tcp'?");
        assertThat(d.get("address").asString()).isEqualTo("loadBalancers.nlb.listeners.tcp.defaultAction.forward");
    }

    @Test
    void aMissingFileIsInvalidInputNotACrash() {
        CliRun run = CliRun.of("validate", dir.resolve("nope.yaml").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(run.out()).contains("nope.yaml:1:1: error: no such file");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void aDirectoryOrBinaryFileIsReportedPlainly() throws IOException {
        Files.write(dir.resolve("bin.yaml"), new byte[] {(byte) 0xc3, 0x28, 0, 1});
        CliRun run = CliRun.of("validate", dir.toString(), dir.resolve("bin.yaml").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(run.out()).contains("is a directory").contains("not UTF-8 text");
    }

    @Test
    void usageErrorsExitTwoOnStandardError() {
        CliRun none = CliRun.of("validate");
        assertThat(none.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(none.err()).contains("Missing required parameter");
        CliRun format = CliRun.of("validate", "-o", "yaml", "x.yaml");
        assertThat(format.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(format.err()).contains("Invalid value");
        assertThat(CliRun.of("frobnicate").exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(CliRun.of().exitCode()).isEqualTo(ExitCodes.INVALID);
    }

    @Test
    void anOverlayBelongsToExactlyOneSpec() throws IOException {
        Path spec = write("lb.yaml", VALID);
        Path overlay = write("lb.local.yaml", "version: lbctl-overlay/v1\n");
        CliRun run = CliRun.of("validate", spec.toString(), spec.toString(), "--overlay", overlay.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(run.err()).contains("--overlay belongs to one spec");
        assertThat(CliRun.of("validate", spec.toString(), "--overlay", overlay.toString()).exitCode()).isZero();
    }

    @Test
    void anOverlayPointingOffLoopbackIsRefused() throws IOException {
        Path spec = write("lb.yaml", VALID.replace("tcp: { protocol: TCP, port: 80 }",
                "tcp: { protocol: TCP, port: 80, targetType: ip, targets: [{ id: 10.0.1.10 }] }"));
        Path overlay = write("lb.local.yaml", """
                version: lbctl-overlay/v1
                targetGroups:
                  tcp:
                    targets:
                      10.0.1.10: 10.0.1.10:80
                loadBalancers:
                  nlb:
                    listeners:
                      tcp: { port: 8080 }
                """);
        CliRun run = CliRun.of("validate", spec.toString(), "--overlay", overlay.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(run.out()).contains("lb.local.yaml:5:18: error: local endpoint 10.0.1.10:80 is not on loopback");
    }

    @Test
    void aDashReadsTheSpecFromStandardInput() {
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(VALID.replace("stack: shop", "stack: sh_op").getBytes()));
            CliRun run = CliRun.of("validate", "-");
            assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
            assertThat(run.out()).startsWith("-:2:8: error: 'sh_op' is not a valid stack name");
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void helpAndVersionExitZero() {
        assertThat(CliRun.of("--help").exitCode()).isZero();
        assertThat(CliRun.of("validate", "--help").out()).contains("Exit codes:");
        assertThat(CliRun.of("--version").out()).startsWith("lbctl ");
    }
}
