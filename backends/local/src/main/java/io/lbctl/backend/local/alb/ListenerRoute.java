package io.lbctl.backend.local.alb;

import io.lbctl.model.Action;
import io.lbctl.model.Condition;
import io.lbctl.model.Protocol;
import io.lbctl.model.routing.RuleMatcher;
import java.util.List;
import java.util.Map;

/**
 * Everything one ALB listener needs to answer a request, as an immutable snapshot of the store:
 * its rules in evaluation order, the target groups its actions forward to, and the load
 * balancer's attributes as parsed settings. A new snapshot replaces the old one whole, so requests in flight keep
 * the one they started with.
 */
record ListenerRoute(
        String listenerArn,
        int port,
        Protocol protocol,
        RuleMatcher<Action> rules,
        RequestParts parts,
        Map<String, TargetGroupRoute> targetGroups,
        HttpSettings settings,
        java.util.Optional<io.netty.util.Mapping<String, io.netty.handler.ssl.SslContext>> tls) {

    /**
     * Which parts of a request the listener's rules look at beyond the method, host, path and
     * source: a request's headers and query are read into rule facts only when some rule needs them.
     */
    record RequestParts(boolean headers, boolean query) {
        static RequestParts of(List<RuleMatcher.Rule<Action>> rules) {
            boolean headers = false;
            boolean query = false;
            for (RuleMatcher.Rule<Action> rule : rules) {
                for (Condition c : rule.conditions()) {
                    headers |= c instanceof Condition.HttpHeader;
                    query |= c instanceof Condition.QueryString;
                }
            }
            return new RequestParts(headers, query);
        }
    }

    /**
     * A target group: the endpoints the runtime may contact, in registration order, how it
     * balances ({@code round_robin}, {@code least_outstanding_requests}, {@code weighted_random}),
     * and its stickiness, if on.
     */
    record TargetGroupRoute(String arn, Protocol protocol, List<Endpoint> endpoints, int registered, String algorithm,
                            java.util.Optional<Stickiness> stickiness) {
        TargetGroupRoute {
            endpoints = List.copyOf(endpoints);
        }

        /** HTTPS target groups are reached over TLS (ALB re-encrypts). */
        boolean tls() {
            return protocol == Protocol.HTTPS;
        }
    }

    /**
     * Target stickiness: {@code lb_cookie} (AWSALB) or {@code app_cookie} (AWSALBAPP-n, keyed on
     * the application's cookie {@code appCookieName}), and how long a pin lasts.
     */
    record Stickiness(String type, int durationSeconds, String appCookieName) {
        boolean appCookie() {
            return type.equals("app_cookie");
        }
    }

    /** A target's address and port. */
    record Endpoint(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** {@code http} or {@code https}, as X-Forwarded-Proto and #{protocol} spell it. */
    String scheme() {
        return protocol == Protocol.HTTPS ? "https" : "http";
    }
}
