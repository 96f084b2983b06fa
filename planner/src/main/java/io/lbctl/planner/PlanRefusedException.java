package io.lbctl.planner;

/**
 * A spec whose changes AWS cannot carry out in any order, found while planning, so that it is
 * refused before anything is touched rather than half-way through an apply.
 */
public final class PlanRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PlanRefusedException(String message) {
        super(message, null, false, false);
    }
}
