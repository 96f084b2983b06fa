package io.lbctl.planner;

/**
 * The tags that mark a resource as lbctl's: which stack owns it and which address of the spec
 * it is. Current state is read back by these tags; there is no state file.
 */
public final class Ownership {
    public static final String STACK_TAG = "lbctl:stack";
    public static final String RESOURCE_TAG = "lbctl:resource";

    private Ownership() {
    }
}
