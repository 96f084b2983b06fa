package io.lbctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbctl.backend.local.LocalRuntime;
import io.lbctl.backend.local.store.ConditionRecord;
import io.lbctl.backend.local.store.RuleRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spec loaded into the local runtime keeps what it says: here, regex conditions stay regexes and route. */
class LocalStackLoaderTest {
    @TempDir
    Path state;

    private static final String SPEC = """
            version: lbctl/v1
            stack: regex
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
                      versioned:
                        priority: 10
                        conditions:
                          pathPatternRegex: ["^/api/v[0-9]+/"]
                          httpHeader:
                            - { name: X-Client, regexValues: ["^(ios|android)-[0-9.]+$"] }
                        action: { fixedResponse: { status: 200, body: "mobile api" } }
                      regional:
                        priority: 20
                        conditions:
                          hostHeaderRegex: ["^(de|fr)\\\\.example\\\\.com$"]
                        action: { fixedResponse: { status: 200, body: "eu" } }
            """;

    @Test
    void regexConditionsOfASpecAreAppliedAsRegexValuesAndRoute() throws Exception {
        int port = freePort();
        String overlay = """
                version: lbctl-overlay/v1
                loadBalancers:
                  web:
                    listeners:
                      http: { port: %d }
                """.formatted(port);
        StringWriter err = new StringWriter();
        SpecInput input = SpecInput.read("lb.yaml", SPEC, Optional.of("lb.local.yaml"), Optional.of(overlay), true,
                new PrintWriter(err)).orElseThrow(() -> new AssertionError(err.toString()));
        try (LocalRuntime runtime = LocalRuntime.start(LocalRuntime.Settings.defaults(state).withApiPort(0));
             LocalStackLoader loader = new LocalStackLoader(runtime, state, new PrintWriter(new StringWriter()))) {
            loader.load(input, true);
            List<RuleRecord> rules = runtime.store().state().rules().values().stream()
                    .sorted(Comparator.comparingInt(RuleRecord::priority)).toList();
            assertThat(rules.get(0).conditions()).allMatch(ConditionRecord::regex);
            assertThat(rules.get(1).conditions().get(0).values()).containsExactly("^(de|fr)\\.example\\.com$");

            assertThat(get(port, "/api/v2/orders", "h.example.com", "android-14.1")).isEqualTo("200 mobile api");
            assertThat(get(port, "/api/v2/orders", "h.example.com", "desktop")).isEqualTo("404 none");
            assertThat(get(port, "/", "fr.example.com", null)).isEqualTo("200 eu");
            assertThat(get(port, "/", "es.example.com", null)).isEqualTo("404 none");
        }
    }

    private static String get(int port, String path, String host, String client) throws Exception {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
        if (client != null) {
            request.append("X-Client: ").append(client).append("\r\n");
        }
        try (var socket = new java.net.Socket("127.0.0.2", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return response.substring(9, 12) + " " + response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
            return s.getLocalPort();
        }
    }
}
