package io.lbctl.model.aws;

import io.lbctl.model.HealthCheck;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.Protocol;
import io.lbctl.model.ProtocolVersion;
import io.lbctl.model.TargetType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Health-check defaults per target-group protocol and target type, and AWS's ranges for each
 * setting (API {@code CreateTargetGroup}; ALB, NLB and GWLB user guides).
 */
public final class HealthCheckRules {
    public static final int MIN_INTERVAL = 5;
    public static final int MAX_INTERVAL = 300;
    public static final int MIN_TIMEOUT = 2;
    public static final int MAX_TIMEOUT = 120;
    public static final int MIN_THRESHOLD = 2;
    public static final int MAX_THRESHOLD = 10;
    public static final int MAX_PATH_LENGTH = 1024;
    public static final String GRPC_PATH = "/AWS.ALB/healthcheck";

    private static final Pattern MATCHER = Pattern.compile("\\d{1,3}(-\\d{1,3})?(,\\d{1,3}(-\\d{1,3})?)*");

    /** The settings a check can get wrong; each layer names them its own way. */
    public enum Field { ENABLED, PROTOCOL, PORT, PATH, INTERVAL, TIMEOUT, HEALTHY_THRESHOLD, UNHEALTHY_THRESHOLD, MATCHER }

    /** A violation tied to the setting that causes it. */
    public record FieldViolation(Field field, Violation violation) {
    }

    private HealthCheckRules() {
    }

    /**
     * AWS's defaults for a target group; {@code checkProtocol} is the health-check protocol the
     * user chose, if any, since NLB timeouts, paths and matchers depend on it.
     */
    public static HealthCheck defaults(TargetType targetType, Optional<Protocol> protocol,
                                       Optional<ProtocolVersion> version, Optional<Protocol> checkProtocol) {
        boolean grpc = version.filter(v -> v == ProtocolVersion.GRPC).isPresent();
        if (targetType == TargetType.LAMBDA) {
            return new HealthCheck(false, Protocol.HTTP, HealthCheck.TRAFFIC_PORT, Optional.of("/"),
                    35, 30, 5, 5, Optional.of("200"));
        }
        LoadBalancerType family = protocol.map(ProtocolRules::servedBy).orElse(LoadBalancerType.APPLICATION);
        Protocol defaultCheck = switch (family) {
            case APPLICATION -> Protocol.HTTP;
            case NETWORK -> targetType == TargetType.ALB ? Protocol.HTTP : Protocol.TCP;
            case GATEWAY -> Protocol.TCP;
        };
        Protocol check = checkProtocol.orElse(defaultCheck);
        boolean http = check.isHttp();
        Optional<String> path = http ? Optional.of(grpc ? GRPC_PATH : "/") : Optional.empty();
        return switch (family) {
            case APPLICATION -> new HealthCheck(true, check, HealthCheck.TRAFFIC_PORT, path, 30, 5, 5, 2,
                    http ? Optional.of(grpc ? "12" : "200") : Optional.empty());
            case NETWORK -> new HealthCheck(true, check, HealthCheck.TRAFFIC_PORT, path, 30,
                    check == Protocol.HTTP ? 6 : 10, 5, 2, http ? Optional.of("200-399") : Optional.empty());
            case GATEWAY -> new HealthCheck(true, check, "80", path, 10, 5, 5, 2,
                    http ? Optional.of("200-399") : Optional.empty());
        };
    }

    /** Health-check protocols a target group allows. */
    public static Set<Protocol> allowedProtocols(TargetType targetType, Optional<Protocol> protocol) {
        if (targetType == TargetType.ALB || protocol.map(Protocol::isHttp).orElse(true)) {
            return EnumSet.of(Protocol.HTTP, Protocol.HTTPS);
        }
        return EnumSet.of(Protocol.HTTP, Protocol.HTTPS, Protocol.TCP);
    }

    /** Every way {@code check} breaks AWS's rules for this target group. */
    public static List<FieldViolation> check(HealthCheck check, TargetType targetType,
                                             Optional<Protocol> protocol, Optional<ProtocolVersion> version) {
        List<FieldViolation> out = new ArrayList<>();
        if (!check.enabled() && targetType != TargetType.LAMBDA) {
            out.add(new FieldViolation(Field.ENABLED, Violation.of("healthCheck.enabled",
                    "health checks cannot be disabled for " + targetType.wireName() + " target groups",
                    "only lambda target groups may turn health checks off")));
        }
        Set<Protocol> allowed = allowedProtocols(targetType, protocol);
        if (targetType != TargetType.LAMBDA && !allowed.contains(check.protocol())) {
            out.add(new FieldViolation(Field.PROTOCOL, Violation.of("healthCheck.protocol",
                    "health-check protocol " + check.protocol() + " is not allowed here",
                    "use " + String.join(" or ", allowed.stream().map(Protocol::name).toList()))));
        }
        if (!check.port().equals(HealthCheck.TRAFFIC_PORT)) {
            int port = parsePort(check.port());
            if (port < 1 || port > 65535) {
                out.add(new FieldViolation(Field.PORT, Violation.of("healthCheck.port",
                        "health-check port " + check.port() + " must be 1-65535 or traffic-port")));
            }
        }
        range(out, Field.INTERVAL, "intervalSeconds", check.intervalSeconds(), MIN_INTERVAL, MAX_INTERVAL);
        range(out, Field.TIMEOUT, "timeoutSeconds", check.timeoutSeconds(), MIN_TIMEOUT, MAX_TIMEOUT);
        range(out, Field.HEALTHY_THRESHOLD, "healthyThreshold", check.healthyThreshold(), MIN_THRESHOLD, MAX_THRESHOLD);
        range(out, Field.UNHEALTHY_THRESHOLD, "unhealthyThreshold", check.unhealthyThreshold(), MIN_THRESHOLD, MAX_THRESHOLD);
        if (check.timeoutSeconds() >= check.intervalSeconds()
                && inRange(check.timeoutSeconds(), MIN_TIMEOUT, MAX_TIMEOUT)
                && inRange(check.intervalSeconds(), MIN_INTERVAL, MAX_INTERVAL)) {
            out.add(new FieldViolation(Field.TIMEOUT, Violation.of("healthCheck.timeout.interval",
                    "health-check timeout (" + check.timeoutSeconds() + "s) must be smaller than the interval ("
                            + check.intervalSeconds() + "s)")));
        }
        if (check.path().isPresent()) {
            String path = check.path().get();
            if (!check.protocol().isHttp()) {
                out.add(new FieldViolation(Field.PATH, Violation.of("healthCheck.path.protocol",
                        "a health-check path needs an HTTP or HTTPS health check, not " + check.protocol())));
            } else if (!path.startsWith("/") || path.length() > MAX_PATH_LENGTH) {
                out.add(new FieldViolation(Field.PATH, Violation.of("healthCheck.path",
                        "health-check path must start with '/' and have at most " + MAX_PATH_LENGTH + " characters")));
            }
        }
        check.matcher().ifPresent(m -> checkMatcher(out, m, check.protocol(), targetType, protocol, version));
        return out;
    }

    private static void checkMatcher(List<FieldViolation> out, String matcher, Protocol checkProtocol,
                                     TargetType targetType, Optional<Protocol> protocol, Optional<ProtocolVersion> version) {
        if (!checkProtocol.isHttp()) {
            out.add(new FieldViolation(Field.MATCHER, Violation.of("healthCheck.matcher.protocol",
                    "a matcher needs an HTTP or HTTPS health check, not " + checkProtocol)));
            return;
        }
        if (!MATCHER.matcher(matcher).matches()) {
            out.add(new FieldViolation(Field.MATCHER, Violation.of("healthCheck.matcher.syntax",
                    "matcher '" + matcher + "' must be codes like 200,202 or a range like 200-299")));
            return;
        }
        boolean grpc = version.filter(v -> v == ProtocolVersion.GRPC).isPresent();
        LoadBalancerType family = targetType == TargetType.LAMBDA ? LoadBalancerType.APPLICATION
                : protocol.map(ProtocolRules::servedBy).orElse(LoadBalancerType.APPLICATION);
        if (family == LoadBalancerType.GATEWAY) {
            if (!matcher.equals("200-399")) {
                out.add(new FieldViolation(Field.MATCHER, Violation.of("healthCheck.matcher.range",
                        "gateway target groups accept only the matcher 200-399")));
            }
            return;
        }
        int min = grpc ? 0 : 200;
        int max = grpc ? 99 : family == LoadBalancerType.NETWORK ? 599 : 499;
        for (String part : matcher.split("[,-]")) {
            int code = Integer.parseInt(part);
            if (code < min || code > max) {
                out.add(new FieldViolation(Field.MATCHER, Violation.of("healthCheck.matcher.range",
                        "matcher code " + code + " is outside " + min + "-" + max
                                + (grpc ? " (gRPC codes)" : " for " + family.wireName() + " target groups"))));
                return;
            }
        }
    }

    private static void range(List<FieldViolation> out, Field field, String name, int value, int min, int max) {
        if (!inRange(value, min, max)) {
            out.add(new FieldViolation(field, Violation.of("healthCheck.range",
                    "health-check " + name + " is " + value + "; AWS allows " + min + "-" + max)));
        }
    }

    private static boolean inRange(int value, int min, int max) {
        return value >= min && value <= max;
    }

    private static int parsePort(String port) {
        try {
            return Integer.parseInt(port);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
