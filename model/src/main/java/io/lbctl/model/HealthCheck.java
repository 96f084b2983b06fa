package io.lbctl.model;

import java.util.Optional;

/**
 * A target group's health check, with defaults resolved. {@code port} is a number or
 * {@code traffic-port}, as AWS spells it; {@code path} is present for HTTP and HTTPS checks only;
 * {@code matcher} holds HTTP codes (or gRPC codes for a gRPC group) such as {@code 200,202} or
 * {@code 200-299}.
 */
public record HealthCheck(
        boolean enabled,
        Protocol protocol,
        String port,
        Optional<String> path,
        int intervalSeconds,
        int timeoutSeconds,
        int healthyThreshold,
        int unhealthyThreshold,
        Optional<String> matcher) {

    public static final String TRAFFIC_PORT = "traffic-port";
}
