package io.lbctl.model.aws;

import java.util.Optional;
import java.util.regex.Pattern;

/** AWS's rules for load-balancer and target-group names. */
public final class ElbNames {
    public static final int MAX_LENGTH = 32;
    private static final Pattern CHARS = Pattern.compile("[A-Za-z0-9-]+");

    private ElbNames() {
    }

    /** Load-balancer names follow {@link #checkTargetGroupName} and must not begin with {@code internal-}. */
    public static Optional<Violation> checkLoadBalancerName(String name) {
        Optional<Violation> common = check("load balancer", name);
        if (common.isPresent()) {
            return common;
        }
        if (name.startsWith("internal-")) {
            return Optional.of(Violation.of("name.reserved-prefix",
                    "load balancer name '" + name + "' must not begin with 'internal-'",
                    "AWS reserves the prefix for the DNS names of internal load balancers"));
        }
        return Optional.empty();
    }

    /** 1-32 characters of letters, digits and hyphens, not beginning or ending with a hyphen. */
    public static Optional<Violation> checkTargetGroupName(String name) {
        return check("target group", name);
    }

    private static Optional<Violation> check(String kind, String name) {
        if (name.isEmpty() || name.length() > MAX_LENGTH) {
            return Optional.of(Violation.of("name.length",
                    kind + " name '" + name + "' has " + name.length() + " characters; AWS allows 1 to " + MAX_LENGTH));
        }
        if (!CHARS.matcher(name).matches()) {
            return Optional.of(Violation.of("name.characters",
                    kind + " name '" + name + "' may contain only letters, digits and hyphens"));
        }
        if (name.startsWith("-") || name.endsWith("-")) {
            return Optional.of(Violation.of("name.hyphen",
                    kind + " name '" + name + "' must not begin or end with a hyphen"));
        }
        return Optional.empty();
    }
}
