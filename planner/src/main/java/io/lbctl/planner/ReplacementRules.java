package io.lbctl.planner;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which settings AWS cannot change in place (DESIGN.md, and terraform-provider-aws's ForceNew
 * list): a load balancer's name, type and scheme; a target group's name, port, protocol,
 * protocol version, target type, VPC and IP address type; a target's id, port and zone (targets
 * are registered, never modified). A network load balancer also cannot lose a subnet.
 */
final class ReplacementRules {
    private static final Set<String> TARGET_GROUP = Set.of("name", "port", "protocol", "protocolVersion", "targetType",
            "vpc", "ipAddressType");
    private static final Set<String> LOAD_BALANCER = Set.of("name", "type", "scheme");

    private ReplacementRules() {
    }

    static boolean forces(Resource desired, String field, Optional<String> before, Optional<String> after) {
        return switch (desired.kind()) {
            case TARGET_GROUP -> TARGET_GROUP.contains(field);
            case LOAD_BALANCER -> LOAD_BALANCER.contains(field)
                    || field.equals("subnets") && desired.field("type").filter("network"::equals).isPresent()
                    && !items(after).containsAll(items(before));
            case TARGET -> !field.startsWith("tags.");
            case LISTENER, RULE -> false;
        };
    }

    private static List<String> items(Optional<String> list) {
        String text = list.orElse("[]");
        String inner = text.substring(1, text.length() - 1);
        return inner.isEmpty() ? List.of() : Arrays.asList(inner.split(", "));
    }
}
