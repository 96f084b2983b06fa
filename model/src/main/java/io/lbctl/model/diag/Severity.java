package io.lbctl.model.diag;

/** How bad a diagnostic is: errors make a spec invalid, warnings do not. */
public enum Severity {
    ERROR, WARNING;

    /** The lower-case word printed in {@code file:line:col: error: message}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
