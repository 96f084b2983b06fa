package io.lbctl.model.aws;

import io.lbctl.model.Action;
import io.lbctl.model.Protocol;
import java.util.List;
import java.util.Optional;

/** AWS's rules for forward, redirect and fixed-response actions (API {@code Action}; ALB user guide). */
public final class ActionRules {
    public static final List<String> CONTENT_TYPES =
            List.of("text/plain", "text/css", "text/html", "application/javascript", "application/json");
    public static final List<String> REDIRECT_STATUS_CODES = List.of("HTTP_301", "HTTP_302");

    private ActionRules() {
    }

    public static Optional<Violation> checkFixedStatus(int status) {
        int family = status / 100;
        if (status < 200 || status > 599 || family == 3) {
            return Optional.of(Violation.of("fixedResponse.status",
                    "fixed-response status " + status + " must be a 2XX, 4XX or 5XX code"));
        }
        return Optional.empty();
    }

    public static Optional<Violation> checkContentType(String contentType) {
        return CONTENT_TYPES.contains(contentType) ? Optional.empty() : Optional.of(Violation.of(
                "fixedResponse.contentType", "content type '" + contentType + "' is not one AWS allows",
                "use one of " + String.join(", ", CONTENT_TYPES)));
    }

    public static Optional<Violation> checkBody(String body) {
        int length = body.codePointCount(0, body.length());
        return length <= ElbLimits.MAX_FIXED_RESPONSE_BODY ? Optional.empty() : Optional.of(Violation.of(
                "fixedResponse.body.length", "fixed-response body has " + length + " characters; AWS allows at most "
                        + ElbLimits.MAX_FIXED_RESPONSE_BODY));
    }

    /** The redirect's protocol, given the protocol of the listener it answers on. */
    public static Optional<Violation> checkRedirectProtocol(String protocol, Optional<Protocol> listener) {
        if (!List.of("HTTP", "HTTPS", "#{protocol}").contains(protocol)) {
            return Optional.of(Violation.of("redirect.protocol",
                    "redirect protocol '" + protocol + "' must be HTTP, HTTPS or #{protocol}"));
        }
        if (protocol.equals("HTTP") && listener.filter(l -> l == Protocol.HTTPS).isPresent()) {
            return Optional.of(Violation.of("redirect.protocol.downgrade",
                    "an HTTPS listener cannot redirect to HTTP", "AWS refuses HTTPS to HTTP redirects"));
        }
        return Optional.empty();
    }

    public static Optional<Violation> checkRedirectPort(String port) {
        if (port.equals("#{port}")) {
            return Optional.empty();
        }
        if (port.matches("\\d{1,5}") && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535) {
            return Optional.empty();
        }
        return Optional.of(Violation.of("redirect.port", "redirect port '" + port + "' must be 1-65535 or #{port}"));
    }

    /** Host, path and query: at most 128 characters; a path starts with '/', a query has no '?'. */
    public static Optional<Violation> checkRedirectPart(String part, String value) {
        if (value.length() > ElbLimits.MAX_REDIRECT_PART_LENGTH) {
            return Optional.of(Violation.of("redirect." + part + ".length", "redirect " + part + " has "
                    + value.length() + " characters; AWS allows at most " + ElbLimits.MAX_REDIRECT_PART_LENGTH));
        }
        if (part.equals("host") && value.isEmpty()) {
            return Optional.of(Violation.of("redirect.host.empty", "redirect host cannot be empty"));
        }
        if (part.equals("path") && !value.startsWith("/")) {
            return Optional.of(Violation.of("redirect.path.slash", "redirect path '" + value + "' must start with '/'",
                    "#{path} has no leading '/': write /#{path}"));
        }
        if (part.equals("query") && value.startsWith("?")) {
            return Optional.of(Violation.of("redirect.query.mark", "redirect query must not start with '?'",
                    "the '?' is added by the load balancer"));
        }
        return Optional.empty();
    }

    /** A redirect whose protocol, host, port and path all keep the request's values would loop. */
    public static Optional<Violation> checkRedirectChanges(Action.Redirect redirect) {
        boolean same = redirect.protocol().filter(p -> !p.equals("#{protocol}")).isEmpty()
                && redirect.port().filter(p -> !p.equals("#{port}")).isEmpty()
                && redirect.host().filter(h -> !h.equals("#{host}")).isEmpty()
                && redirect.path().filter(p -> !p.equals("/#{path}")).isEmpty();
        return same ? Optional.of(Violation.of("redirect.loop",
                "redirect changes neither protocol, host, port nor path, so it would redirect to itself")) : Optional.empty();
    }

    public static Optional<Violation> checkWeight(int weight) {
        return weight >= 0 && weight <= ElbLimits.MAX_TARGET_GROUP_WEIGHT ? Optional.empty() : Optional.of(Violation.of(
                "forward.weight", "weight " + weight + " must be 0-" + ElbLimits.MAX_TARGET_GROUP_WEIGHT));
    }

    public static Optional<Violation> checkStickinessDuration(int seconds) {
        return seconds >= 1 && seconds <= ElbLimits.MAX_STICKINESS_SECONDS ? Optional.empty() : Optional.of(Violation.of(
                "forward.stickiness.duration", "stickiness duration " + seconds + "s must be 1-"
                        + ElbLimits.MAX_STICKINESS_SECONDS + " seconds"));
    }
}
