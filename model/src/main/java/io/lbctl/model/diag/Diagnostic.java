package io.lbctl.model.diag;

import io.lbctl.model.Address;
import java.util.Optional;

/**
 * A problem found in a spec, as a value. {@code code} is a stable identifier for scripts
 * ({@code rule.priority.duplicate}); {@code message} is the sentence a person reads;
 * {@code hint} says how to fix it, where one helps. {@code address} is where in the spec the
 * problem is; {@code span} where in the file, when the spec came from one.
 */
public record Diagnostic(
        Severity severity,
        String code,
        String message,
        Address address,
        Optional<Span> span,
        Optional<String> hint) {

    public static Diagnostic error(String code, String message, Address address) {
        return new Diagnostic(Severity.ERROR, code, message, address, Optional.empty(), Optional.empty());
    }

    public static Diagnostic warning(String code, String message, Address address) {
        return new Diagnostic(Severity.WARNING, code, message, address, Optional.empty(), Optional.empty());
    }

    public Diagnostic withHint(String hint) {
        return new Diagnostic(severity, code, message, address, span, Optional.ofNullable(hint));
    }

    public Diagnostic withSpan(Span span) {
        return new Diagnostic(severity, code, message, address, Optional.ofNullable(span), hint);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
