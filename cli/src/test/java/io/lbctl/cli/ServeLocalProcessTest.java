package io.lbctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbctl.backend.local.RuntimeFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve-local as its own process: SIGTERM stops it cleanly, with exit 0 and its runtime file gone. */
class ServeLocalProcessTest {
    @TempDir
    Path state;

    @Test
    void sigtermStopsServeLocalCleanly() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = state.resolve("out.txt");
        Process p = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "serve-local", "--api-port", "0", "--no-demo",
                "--state-dir", state.resolve("runtime").toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (RuntimeFile.findRunning(state.resolve("runtime")).isEmpty() && p.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(RuntimeFile.findRunning(state.resolve("runtime"))).as(Files.readString(log)).isPresent();
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(log, StandardCharsets.UTF_8)).isZero();
            assertThat(Files.exists(state.resolve("runtime").resolve(RuntimeFile.FILE))).isFalse();
            assertThat(Files.readString(log)).contains("ELBv2 API on http://127.0.0.1:").doesNotContain("Exception");
        } finally {
            p.destroyForcibly();
        }
    }

}
