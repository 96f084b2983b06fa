package io.lbctl.backend.local.alb;

import io.lbctl.model.Action;
import io.lbctl.model.Protocol;
import io.lbctl.model.routing.RuleMatcher;
import java.util.List;
import java.util.Map;

/**
 * Everything one ALB listener needs to answer a request, as an immutable snapshot of the store:
 * its rules in evaluation order, the target groups its actions forward to, and the load
 * balancer's attributes. A new snapshot replaces the old one whole, so requests in flight keep
 * the one they started with.
 */
record ListenerRoute(
        String listenerArn,
        int port,
        Protocol protocol,
        RuleMatcher<Action> rules,
        Map<String, TargetGroupRoute> targetGroups,
        Map<String, String> attributes) {

    /**
     * A target group: the endpoints the runtime may contact, in registration order, how it
     * balances ({@code round_robin}, {@code least_outstanding_requests}, {@code weighted_random}),
     * and how long an {@code lb_cookie} pins a client, if stickiness is on.
     */
    record TargetGroupRoute(String arn, Protocol protocol, List<Endpoint> endpoints, int registered, String algorithm,
                            java.util.OptionalInt stickySeconds) {
        TargetGroupRoute {
            endpoints = List.copyOf(endpoints);
        }
    }

    /** A target's address and port. */
    record Endpoint(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    String attribute(String key, String fallback) {
        return attributes.getOrDefault(key, fallback);
    }
}
