package io.lbctl.schemas;

import io.lbctl.model.Address;
import io.lbctl.model.diag.Diagnostic;
import io.lbctl.model.diag.SourceMap;
import io.lbctl.model.diag.Span;
import io.lbctl.model.aws.Violation;

/** Small factories that place diagnostics in a file. */
final class SpecDiagnostics {
    private SpecDiagnostics() {
    }

    /** An error at a span that has no spec address (YAML syntax, file-level problems). */
    static Diagnostic at(String code, String message, Span span) {
        return Diagnostic.error(code, message, Address.ROOT).withSpan(span);
    }

    /** An error at the value found at {@code address}. */
    static Diagnostic value(SourceMap map, String code, String message, Address address) {
        return Diagnostic.error(code, message, address).withSpan(map.spanFor(address).orElse(null));
    }

    /** An error at the key that introduces {@code address}. */
    static Diagnostic key(SourceMap map, String code, String message, Address address) {
        return Diagnostic.error(code, message, address).withSpan(map.keySpan(address).orElse(null));
    }

    /** A violation of an AWS rule, at the value found at {@code address}. */
    static Diagnostic violation(SourceMap map, Violation violation, Address address) {
        Diagnostic d = value(map, violation.code(), violation.message(), address);
        return violation.hint().map(d::withHint).orElse(d);
    }
}
