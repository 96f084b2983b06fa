package io.lbctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.lbctl.backend.local.LocalRuntime;
import io.lbctl.backend.local.RuntimeFile;
import io.lbctl.backend.local.store.TargetGroupRecord;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replacing a target group that listeners and rules forward to, while requests flow: the new
 * group is created and registered, the listener and the rule are repointed, the old group goes,
 * and not one request fails on the way.
 */
class TargetGroupReplacementTrafficTest {
    @TempDir
    Path state;
    @TempDir
    Path work;
    private LocalRuntime runtime;
    private HttpServer target;
    private int listenerPort;
    private Path spec;
    private Path overlay;

    private static final String SPEC = """
            version: lbctl/v1
            stack: swap
            network:
              vpc: vpc-12345678
              subnets:
                subnet-12345678: { zone: us-east-1a }
                subnet-87654321: { zone: us-east-1b }
            targetGroups:
              app:
                protocol: HTTP
                port: 8080
                targetType: ip
                healthCheck: { path: /health, intervalSeconds: 5, timeoutSeconds: 2, healthyThreshold: 2 }
                attributes: { deregistration_delay.timeout_seconds: "1" }
                targets:
                  - { id: 10.0.1.10 }
            loadBalancers:
              web:
                type: application
                subnets: [subnet-12345678, subnet-87654321]
                listeners:
                  http:
                    port: 80
                    protocol: HTTP
                    defaultAction: { forward: app }
                    rules:
                      api:
                        priority: 10
                        conditions: { pathPattern: ["/api/*"] }
                        action: { forward: app }
            """;

    @BeforeEach
    void start() throws Exception {
        runtime = LocalRuntime.start(LocalRuntime.Settings.defaults(state).withApiPort(0));
        new RuntimeFile(runtime.endpoint(), runtime.region(), ProcessHandle.current().pid()).write(state);
        target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        target.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        target.start();
        listenerPort = LoopbackHttp.freePort();
        spec = work.resolve("lb.yaml");
        overlay = work.resolve("lb.local.yaml");
        Files.writeString(spec, SPEC);
        Files.writeString(overlay, """
                version: lbctl-overlay/v1
                loadBalancers:
                  web:
                    listeners:
                      http: { port: %d }
                targetGroups:
                  app:
                    targets:
                      "10.0.1.10": "127.0.0.1:%d"
                """.formatted(listenerPort, target.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        target.stop(0);
        runtime.close();
    }

    private CliRun apply(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("apply", spec.toString(), "--overlay", overlay.toString(),
                "--auto-approve", "--target", "local", "--state-dir", state.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void aTargetGroupInUseIsReplacedWithoutFailingOneRequest() throws Exception {
        CliRun first = apply();
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        String oldArn = onlyGroup().arn();
        assertThat(get("/api/x")).isEqualTo(200);

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        Thread traffic = new Thread(() -> {
            while (running.get()) {
                for (String path : List.of("/api/x", "/index.html")) {
                    sent.incrementAndGet();
                    int status = get(path);
                    if (status != 200) {
                        failures.merge(path + " -> " + status, 1, Integer::sum);
                    }
                }
            }
        });
        traffic.start();
        try {
            Files.writeString(spec, SPEC.replace("port: 8080", "port: 8081"));
            CliRun replace = apply("--allow-replace");
            assertThat(replace.exitCode()).as(replace.out() + replace.err()).isZero();
            assertThat(replace.out()).contains("+/- targetGroups.app", "repointed to the replacement of targetGroups.app",
                    "targetGroups.app: done (replaced)");
            Thread.sleep(300);
        } finally {
            running.set(false);
            traffic.join();
        }
        assertThat(failures).as("requests that failed during the replacement, of " + sent.get()).isEmpty();
        assertThat(sent.get()).isGreaterThan(10);

        TargetGroupRecord now = onlyGroup();
        assertThat(now.arn()).isNotEqualTo(oldArn);
        assertThat(now.port()).hasValue(8081);
        var store = runtime.store().state();
        assertThat(store.listeners().values()).singleElement().satisfies(l -> assertThat(l.toString()).contains(now.arn())
                .doesNotContain(oldArn));
        assertThat(store.rules().values()).singleElement()
                .satisfies(r -> assertThat(r.toString()).contains(now.arn()).doesNotContain(oldArn));
        assertThat(get("/api/x")).isEqualTo(200);
    }

    private TargetGroupRecord onlyGroup() {
        var groups = runtime.store().state().targetGroups().values();
        assertThat(groups).hasSize(1);
        return groups.iterator().next();
    }

    private int get(String path) {
        String answer = LoopbackHttp.get(listenerPort, path);
        return answer.matches("(?s)\\d{3} .*") ? Integer.parseInt(answer.substring(0, 3)) : -1;
    }
}
