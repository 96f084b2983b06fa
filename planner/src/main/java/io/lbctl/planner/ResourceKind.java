package io.lbctl.planner;

/**
 * The kinds of resource a plan changes, in the order they are created: a kind may point only at
 * kinds before it (a rule at a target group, a target at a load balancer it fronts through an
 * ALB-type target group is the one exception, resolved by creating load balancers before
 * targets). Deletes run in the reverse order.
 */
public enum ResourceKind {
    TARGET_GROUP("target group"),
    LOAD_BALANCER("load balancer"),
    LISTENER("listener"),
    RULE("rule"),
    TARGET("target");

    private final String label;

    ResourceKind(String label) {
        this.label = label;
    }

    /** How plans name this kind to a reader. */
    public String label() {
        return label;
    }
}
