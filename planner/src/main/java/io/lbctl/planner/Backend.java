package io.lbctl.planner;

import io.lbctl.model.Stack;

/**
 * Where a stack lives: reads its live state and carries out plans. There is one implementation,
 * the ELBv2 API, pointed at AWS or at the local runtime.
 */
public interface Backend {
    /** Every resource tagged as the stack's, with ARNs. */
    State read(String stack);

    /**
     * Carries out {@code plan}, made from {@code desired} against {@code live}, reporting each
     * step to {@code progress}. Stops at the first failure; what was done stays done and tagged,
     * so the next plan starts from there.
     */
    void apply(Plan plan, Stack desired, State live, ApplyProgress progress);
}
