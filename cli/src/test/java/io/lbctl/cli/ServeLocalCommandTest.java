package io.lbctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbctl.backend.local.RuntimeFile;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve-local runs until interrupted and leaves a runtime file that local-env reads; both fail plainly. */
class ServeLocalCommandTest {
    @TempDir
    Path state;

    /** Starts serve-local on a free port in a thread; returns the thread and its future result. */
    private record Serving(Thread thread, CompletableFuture<CliRun> result) {
        void stop() throws Exception {
            thread.interrupt();
            result.get(10, TimeUnit.SECONDS);
        }
    }

    private Serving serve() throws InterruptedException {
        CompletableFuture<CliRun> result = new CompletableFuture<>();
        Thread t = new Thread(() -> result.complete(CliRun.of("serve-local", "--api-port", "0", "--no-demo",
                "--state-dir", state.toString(), "--subnet", "subnet-0a1b2c3d=us-east-1d=127.0.0.5", "--io-threads", "3")));
        t.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (RuntimeFile.findRunning(state).isEmpty() && System.nanoTime() < deadline && !result.isDone()) {
            Thread.sleep(50);
        }
        return new Serving(t, result);
    }

    @Test
    void localEnvPrintsExportsForTheRunningRuntimeAndStopsWorkingWhenItStops() throws Exception {
        Serving serving = serve();
        try {
            CliRun env = CliRun.of("local-env", "--state-dir", state.toString());
            assertThat(env.exitCode()).isZero();
            String endpoint = RuntimeFile.findRunning(state).orElseThrow().endpoint().toString();
            assertThat(env.out()).contains("export AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2=" + endpoint + "\n")
                    .contains("export AWS_ACCESS_KEY_ID=AKIA").contains("export AWS_DEFAULT_REGION=us-east-1\n")
                    .contains("# AWS CLI releases before 2.13 ignore AWS_ENDPOINT_URL_*: pass --endpoint-url " + endpoint);
            CliRun second = CliRun.of("serve-local", "--api-port", "0", "--no-demo", "--state-dir", state.toString());
            assertThat(second.exitCode()).isEqualTo(ExitCodes.ERROR);
            assertThat(second.err()).contains("a local runtime is already serving from " + state);
        } finally {
            serving.stop();
        }
        CliRun run = serving.result().get();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("ELBv2 API on http://127.0.0.1:").contains("subnet-0a1b2c3d  us-east-1d  node 127.0.0.5")
                .contains("; 3 I/O threads\n");
        assertThat(Files.exists(state.resolve(RuntimeFile.FILE))).isFalse();
        CliRun after = CliRun.of("local-env", "--state-dir", state.toString());
        assertThat(after.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(after.err()).contains("no local runtime is running from " + state);
    }

    @Test
    void aTakenPortIsReportedWithoutAStackTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.of("serve-local", "--api-port", Integer.toString(taken.getLocalPort()), "--no-demo",
                    "--state-dir", state.toString());
            assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
            assertThat(run.err()).contains("the API port is taken").doesNotContain("\tat ");
        }
    }

    @Test
    void aDemoTargetsTakenPortIsNamedRatherThanTheApiPort() throws Exception {
        ServerSocket taken;
        try {
            taken = new ServerSocket(9001, 1, java.net.InetAddress.getByName("127.0.0.1")); // the demo's first target
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("127.0.0.1:9001 is in use on this machine already");
            return;
        }
        try (taken) {
            CliRun run = CliRun.of("serve-local", "--api-port", "0", "--state-dir", state.toString());
            assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
            assertThat(run.err()).contains("cannot start the demo target").contains("127.0.0.1:9001")
                    .doesNotContain("API port").doesNotContain("\tat ");
        }
    }

    @Test
    void anInvalidSpecIsReportedAndNothingStarts() throws Exception {
        Path spec = java.nio.file.Files.writeString(state.resolve("bad.yaml"), "version: lbctl/v1\nstack: -x\n");
        CliRun run = CliRun.of("serve-local", "--spec", spec.toString(), "--state-dir", state.resolve("s").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(run.err()).contains("bad.yaml:2:8: error: '-x' is not a valid stack name");
        assertThat(java.nio.file.Files.exists(state.resolve("s"))).isFalse();
    }

    @Test
    void badFlagsAreUsageErrors() {
        CliRun subnet = CliRun.of("serve-local", "--subnet", "subnet-1=zone", "--state-dir", state.toString());
        assertThat(subnet.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(subnet.err()).contains("must be SUBNET=ZONE=LOOPBACK-ADDRESS");
        CliRun network = CliRun.of("serve-local", "--target-network", "10.0.0.0/33", "--state-dir", state.toString());
        assertThat(network.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(CliRun.of("serve-local", "--api-port", "70000").exitCode()).isEqualTo(ExitCodes.INVALID);
        CliRun threads = CliRun.of("serve-local", "--io-threads", "0", "--state-dir", state.toString());
        assertThat(threads.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(threads.err()).contains("--io-threads must be 1-1024");
        CliRun overlayAlone = CliRun.of("serve-local", "--overlay", "x.yaml", "--state-dir", state.toString());
        assertThat(overlayAlone.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(overlayAlone.err()).contains("--overlay needs --spec");
        assertThat(java.nio.file.Files.exists(state.resolve("credentials"))).as("nothing was started").isFalse();
    }
}
