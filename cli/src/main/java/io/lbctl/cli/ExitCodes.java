package io.lbctl.cli;

/** The exit codes every command shares; CI scripts depend on them. */
public final class ExitCodes {
    /** Success; for plan, no changes. */
    public static final int OK = 0;
    /** Something went wrong that is not the input's fault: I/O, the API, a bug. */
    public static final int ERROR = 1;
    /** The input is invalid (spec, flags); with --detailed-exitcode, changes are present. */
    public static final int INVALID = 2;

    private ExitCodes() {
    }
}
