package io.lbctl.model.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbctl.model.HealthCheck;
import io.lbctl.model.Protocol;
import io.lbctl.model.ProtocolVersion;
import io.lbctl.model.TargetType;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthCheckRulesTest {

    /** The table in elbv2-semantics.md section 2.1, row by row. */
    @ParameterizedTest(name = "{0} {1} {2} check={3}")
    @CsvSource(nullValues = "-", value = {
            // type, protocol, version, check protocol -> enabled, protocol, port, path, interval, timeout, healthy, unhealthy, matcher
            "INSTANCE, HTTP, -, -,        true, HTTP, traffic-port, /, 30, 5, 5, 2, 200",
            "IP, HTTPS, GRPC, -,          true, HTTP, traffic-port, /AWS.ALB/healthcheck, 30, 5, 5, 2, 12",
            "LAMBDA, -, -, -,             false, HTTP, traffic-port, /, 35, 30, 5, 5, 200",
            "INSTANCE, TCP, -, -,         true, TCP, traffic-port, -, 30, 10, 5, 2, -",
            "INSTANCE, TCP, -, HTTP,      true, HTTP, traffic-port, /, 30, 6, 5, 2, 200-399",
            "IP, TLS, -, HTTPS,           true, HTTPS, traffic-port, /, 30, 10, 5, 2, 200-399",
            "INSTANCE, GENEVE, -, -,      true, TCP, 80, -, 10, 5, 5, 2, -",
            "INSTANCE, GENEVE, -, HTTP,   true, HTTP, 80, /, 10, 5, 5, 2, 200-399",
    })
    void defaultsFollowAwsPerProtocolAndTargetType(TargetType type, Protocol protocol, ProtocolVersion version,
                                                   Protocol check, boolean enabled, Protocol expectedProtocol, String port,
                                                   String path, int interval, int timeout, int healthy, int unhealthy,
                                                   String matcher) {
        HealthCheck hc = HealthCheckRules.defaults(type, Optional.ofNullable(protocol), Optional.ofNullable(version),
                Optional.ofNullable(check));
        assertThat(hc).isEqualTo(new HealthCheck(enabled, expectedProtocol, port, Optional.ofNullable(path), interval,
                timeout, healthy, unhealthy, Optional.ofNullable(matcher)));
    }

    @Test
    void everyDefaultOfAValidTargetGroupPassesItsOwnChecks() {
        for (TargetType type : TargetType.values()) {
            for (Protocol p : Protocol.values()) {
                Optional<Protocol> protocol = type == TargetType.LAMBDA ? Optional.empty() : Optional.of(p);
                if (ProtocolRules.checkTargetGroup(type, protocol, Optional.empty()).isPresent()) {
                    continue;
                }
                HealthCheck hc = HealthCheckRules.defaults(type, protocol, Optional.empty(), Optional.empty());
                assertThat(HealthCheckRules.check(hc, type, protocol, Optional.empty())).as(type + " " + p).isEmpty();
            }
        }
    }

    @Test
    void timeoutMustBeSmallerThanInterval() {
        HealthCheck hc = new HealthCheck(true, Protocol.HTTP, "traffic-port", Optional.of("/"), 10, 10, 5, 2,
                Optional.of("200"));
        assertThat(HealthCheckRules.check(hc, TargetType.IP, Optional.of(Protocol.HTTP), Optional.empty()))
                .extracting(v -> v.violation().code()).containsExactly("healthCheck.timeout.interval");
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource(nullValues = "ok", value = {
            "200-499, HTTP, ok", "500, HTTP, healthCheck.matcher.range", "599, TCP, ok", "200-399, GENEVE, ok",
            "200, GENEVE, healthCheck.matcher.range", "2xx, HTTP, healthCheck.matcher.syntax"})
    void matcherRangesDependOnTheLoadBalancerType(String matcher, Protocol protocol, String code) {
        HealthCheck hc = new HealthCheck(true, Protocol.HTTP, "traffic-port", Optional.of("/"), 30, 5, 5, 2,
                Optional.of(matcher));
        var found = HealthCheckRules.check(hc, TargetType.INSTANCE, Optional.of(protocol), Optional.empty());
        assertThat(found.stream().map(v -> v.violation().code()).findFirst().orElse(null)).isEqualTo(code);
    }
}
