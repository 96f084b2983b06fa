package io.lbctl.model;

import java.util.List;
import java.util.Optional;

/** What a rule or listener does with a request: forward it, redirect it, or answer it. */
public sealed interface Action {

    /** AWS's {@code Type} value, such as {@code fixed-response}. */
    String type();

    /** Forward to one or more target groups (logical ids), split by weight. */
    record Forward(List<WeightedTargetGroup> targetGroups, Optional<GroupStickiness> stickiness) implements Action {
        public Forward {
            targetGroups = List.copyOf(targetGroups);
        }

        public static Forward to(String targetGroup) {
            return new Forward(List.of(new WeightedTargetGroup(targetGroup, 1)), Optional.empty());
        }

        @Override
        public String type() {
            return "forward";
        }
    }

    /** A target group of a forward action and its weight (0-999). */
    record WeightedTargetGroup(String targetGroup, int weight) {
    }

    /** Target-group level stickiness of a weighted forward ({@code AWSALBTG} cookie). */
    record GroupStickiness(boolean enabled, int durationSeconds) {
    }

    /**
     * A redirect. Absent parts keep the request's own value ({@code #{protocol}}, {@code #{host}},
     * ...); {@code statusCode} is {@code HTTP_301} or {@code HTTP_302}.
     */
    record Redirect(
            Optional<String> protocol,
            Optional<String> port,
            Optional<String> host,
            Optional<String> path,
            Optional<String> query,
            String statusCode) implements Action {
        @Override
        public String type() {
            return "redirect";
        }
    }

    /** A response the load balancer sends itself. */
    record FixedResponse(int statusCode, Optional<String> contentType, Optional<String> body) implements Action {
        @Override
        public String type() {
            return "fixed-response";
        }
    }
}
