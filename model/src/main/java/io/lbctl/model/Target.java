package io.lbctl.model;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A registered target: an instance id, an IP address, a Lambda ARN, or an ALB (by ARN or by a
 * load balancer of the same spec). {@code port} overrides the group's port; {@code zone} is an
 * Availability Zone or {@code all}, needed for IP targets outside the VPC.
 */
public record Target(TargetId id, OptionalInt port, Optional<String> zone) {

    /** What a target names. */
    public sealed interface TargetId {
    }

    /** A literal target id as AWS takes it in {@code TargetDescription.Id}. */
    public record Literal(String value) implements TargetId {
        @Override
        public String toString() {
            return value;
        }
    }

    /** An application load balancer of the same spec, by logical id; its ARN is known after apply. */
    public record LoadBalancerRef(String loadBalancer) implements TargetId {
        @Override
        public String toString() {
            return "loadBalancer:" + loadBalancer;
        }
    }

    /** The key the overlay and diagnostics use for this target: {@code id} or {@code id:port}. */
    public String key() {
        return port.isPresent() ? id + ":" + port.getAsInt() : id.toString();
    }
}
