package io.lbctl.backend.local.health;

/** A target's health as DescribeTargetHealth reports it: state, AWS reason code and description. */
public record TargetHealth(String state, String reason, String description) {
    public static final TargetHealth INITIAL = new TargetHealth("initial", "Elb.InitialHealthChecking",
            "Initial health checks in progress");
    public static final TargetHealth HEALTHY = new TargetHealth("healthy", null, null);

    public boolean healthy() {
        return state.equals("healthy");
    }
}
