package io.lbctl.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbctl.model.Action;
import io.lbctl.model.Address;
import io.lbctl.model.Condition;
import io.lbctl.model.HealthCheck;
import io.lbctl.model.Protocol;
import io.lbctl.model.Scheme;
import io.lbctl.model.Stack;
import io.lbctl.model.TargetGroup;
import io.lbctl.model.diag.Span;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReaderBehaviourTest {
    private static final String BASE = """
            version: lbctl/v1
            stack: shop
            network:
              vpc: vpc-12345678
              subnets:
                subnet-12345678: { zone: us-east-1a }
                subnet-87654321: { zone: us-east-1b }
            targetGroups:
              api:
                protocol: HTTP
                port: 80
                targetType: ip
                healthCheck: &hc { path: /health, matcher: 200 }
                targets:
                  - { id: 10.0.1.10, port: 8080 }
              tcp:
                protocol: TCP
                port: 80
                healthCheck: { protocol: HTTP }
            loadBalancers:
              web:
                type: application
                subnets: [subnet-12345678, subnet-87654321]
                listeners:
                  http:
                    port: 80
                    protocol: HTTP
                    defaultAction: { redirect: { protocol: HTTPS, port: 443, statusCode: 301 } }
                    rules:
                      api:
                        priority: 10
                        conditions: { pathPattern: ["/api/*"], httpHeader: [{ name: X-A, values: [a] }, { name: X-B, values: [b] }] }
                        action: { forward: api }
              net:
                type: network
                subnets: [subnet-12345678]
                listeners:
                  tcp: { port: 80, protocol: TCP, defaultAction: { forward: tcp } }
            """;

    private static Stack stack(String text) {
        SpecResult r = SpecReader.read("lb.yaml", text);
        assertThat(r.diagnostics()).isEmpty();
        return r.stack().orElseThrow();
    }

    @Test
    void defaultsAreResolvedIntoTheModel() {
        Stack s = stack(BASE);
        TargetGroup api = s.targetGroups().get("api");
        assertThat(api.healthCheck()).isEqualTo(new HealthCheck(true, Protocol.HTTP, "traffic-port",
                Optional.of("/health"), 30, 5, 5, 2, Optional.of("200")));
        assertThat(s.targetGroups().get("tcp").healthCheck().timeoutSeconds()).as("NLB HTTP check timeout").isEqualTo(6);
        assertThat(s.targetGroups().get("tcp").healthCheck().matcher()).contains("200-399");
        assertThat(s.loadBalancers().get("web").scheme()).isEqualTo(Scheme.INTERNET_FACING);
    }

    @Test
    void actionsAndConditionsBecomeTheirRecords() {
        var listener = stack(BASE).loadBalancers().get("web").listeners().get("http");
        assertThat(listener.defaultAction()).isEqualTo(new Action.Redirect(Optional.of("HTTPS"), Optional.of("443"),
                Optional.empty(), Optional.empty(), Optional.empty(), "HTTP_301"));
        var rule = listener.rules().get("api");
        assertThat(rule.action()).isEqualTo(Action.Forward.to("api"));
        assertThat(rule.conditions()).containsExactly(new Condition.PathPattern(List.of("/api/*")),
                new Condition.HttpHeader("X-A", List.of("a")), new Condition.HttpHeader("X-B", List.of("b")));
    }

    @Test
    void keysAndValuesHaveTheirOwnSpans() {
        SpecResult r = SpecReader.read("lb.yaml", BASE);
        Address priority = Address.rule("web", "http", "api").child("priority");
        assertThat(r.sourceMap().keySpan(priority)).contains(new Span("lb.yaml", 31, 13, 31, 21));
        assertThat(r.sourceMap().valueSpan(priority)).contains(new Span("lb.yaml", 31, 23, 31, 25));
    }

    @Test
    void aliasesReuseTheAnchoredValue() {
        Stack s = stack(BASE.replace("healthCheck: { protocol: HTTP }", "healthCheck: { protocol: HTTP, path: /health }")
                .replace("targetType: ip\n", "targetType: ip\n    tags: { team: &team payments }\n")
                .replace("  tcp:\n    protocol: TCP", "  tcp:\n    tags: { team: *team }\n    protocol: TCP"));
        assertThat(s.targetGroups().get("tcp").tags()).containsEntry("team", "payments");
    }

    @Test
    void semanticErrorsPointAtTheOffendingValue() {
        SpecResult r = SpecReader.read("lb.yaml", BASE.replace("priority: 10", "priority: 50001"));
        assertThat(r.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("rule.priority.range");
            assertThat(d.span()).contains(new Span("lb.yaml", 31, 23, 31, 28));
        });
    }

    @Test
    void aPublicIpTargetIsAWarningAndTheSpecStaysValid() {
        SpecResult r = SpecReader.read("lb.yaml", BASE.replace("id: 10.0.1.10", "id: 203.0.113.10"));
        assertThat(r.valid()).isTrue();
        assertThat(r.diagnostics()).singleElement().satisfies(d -> assertThat(d.code()).isEqualTo("target.id.public"));
    }
}
