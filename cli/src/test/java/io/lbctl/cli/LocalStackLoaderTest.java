package io.lbctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbctl.backend.local.LocalRuntime;
import io.lbctl.backend.local.store.ConditionRecord;
import io.lbctl.backend.local.store.RuleRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
        int port = LoopbackHttp.freePort();
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

            assertThat(LoopbackHttp.get(port, "/api/v2/orders", "h.example.com", Map.of("X-Client", "android-14.1"))).isEqualTo("200 mobile api");
            assertThat(LoopbackHttp.get(port, "/api/v2/orders", "h.example.com", Map.of("X-Client", "desktop"))).isEqualTo("404 none");
            assertThat(LoopbackHttp.get(port, "/", "fr.example.com", Map.of())).isEqualTo("200 eu");
            assertThat(LoopbackHttp.get(port, "/", "es.example.com", Map.of())).isEqualTo("404 none");
        }
    }
}
