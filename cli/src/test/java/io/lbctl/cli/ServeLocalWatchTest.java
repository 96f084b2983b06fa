package io.lbctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbctl.backend.local.RuntimeFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve-local SPEC applies the spec through the planner and the local ELBv2 API, then watches it:
 * each saved change is planned, printed and applied, and traffic follows; an invalid save is
 * reported and the last valid spec keeps serving.
 */
class ServeLocalWatchTest {
    @TempDir
    Path state;
    @TempDir
    Path work;

    private static final String SPEC = """
            version: lbctl/v1
            stack: watched
            network:
              vpc: vpc-12345678
              subnets:
                subnet-12345678: { zone: us-east-1a }
                subnet-87654321: { zone: us-east-1b }
            loadBalancers:
              web:
                type: application
                subnets: [subnet-12345678, subnet-87654321]
                listeners:
                  http:
                    port: 80
                    protocol: HTTP
                    defaultAction: { fixedResponse: { status: 404, body: "none" } }
                    rules:
                      api:
                        priority: 10
                        conditions: { pathPattern: ["/api/*"] }
                        action: { fixedResponse: { status: 200, body: "api v1" } }
                      everything:
                        priority: 20
                        conditions: { pathPattern: ["/*"] }
                        action: { fixedResponse: { status: 200, body: "site" } }
            """;

    @Test
    void savedChangesArePlannedPrintedAppliedAndRoutedWhileInvalidSavesKeepTheLastSpec() throws Exception {
        int port = LoopbackHttp.freePort();
        Path spec = work.resolve("lb.yaml");
        Path overlay = work.resolve("lb.local.yaml");
        Files.writeString(spec, SPEC);
        Files.writeString(overlay, "version: lbctl-overlay/v1\nloadBalancers:\n  web:\n    listeners:\n      http: { port: %d }\n"
                .formatted(port));
        CompletableFuture<CliRun> result = new CompletableFuture<>();
        Thread serving = new Thread(() -> result.complete(CliRun.of("serve-local", "--api-port", "0", "--state-dir", state.toString(),
                "--spec", spec.toString(), "--overlay", overlay.toString(), "--watch-interval", "100")));
        serving.start();
        int moved = LoopbackHttp.freePort();
        try {
            await(() -> RuntimeFile.findRunning(state).isPresent() || result.isDone());
            assertThat(result.isDone()).as(() -> result.join().err()).isFalse();
            assertThat(LoopbackHttp.get(port, "/api/orders")).isEqualTo("200 api v1");
            assertThat(LoopbackHttp.get(port, "/index.html")).isEqualTo("200 site");

            // A rule's action changes in place, and the catch-all moves in front of the api rule.
            Files.writeString(spec, SPEC.replace("api v1", "api v2").replace("priority: 20", "priority: 5"));
            await(() -> LoopbackHttp.get(port, "/api/orders").equals("200 site"));

            Files.writeString(spec, SPEC.replace("priority: 10", "priority: ten"));
            Thread.sleep(500);
            assertThat(LoopbackHttp.get(port, "/api/orders")).isEqualTo("200 site");

            // The overlay is watched too: the listener moves to another local port.
            Files.writeString(spec, SPEC);
            Files.writeString(overlay, Files.readString(overlay).replace(Integer.toString(port), Integer.toString(moved)));
            await(() -> LoopbackHttp.get(moved, "/api/orders").equals("200 api v1"));
        } finally {
            serving.interrupt();
        }
        CliRun run = result.get(30, TimeUnit.SECONDS);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("+ loadBalancers.web.listeners.http.rules.api", "Applied to the local region: 4 created")
                .contains("Change in " + spec + " or " + overlay + ": planning again.")
                .contains("~ loadBalancers.web.listeners.http.rules.api", "\\\"api v1\\\"\" -> ", "\\\"api v2\\\"")
                .contains("~ loadBalancers.web.listeners.http.rules.everything", "~ priority = \"20\" -> \"5\"")
                .contains("Applied to the local region: 0 created, 2 updated")
                .contains("~ port = \"" + port + "\" -> \"" + moved + "\"");
        assertThat(run.err()).contains("ten");
        assertThat(run.err().split("the local region keeps serving the last valid spec", -1)).as(run.err()).hasSize(2);
    }

    private static void await(Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("waited 30 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
