package io.lbctl.model.aws;

import java.util.Optional;

/**
 * A broken AWS rule, without a place: {@code lbctl validate} puts it at a spec address, the
 * local control plane answers it as a {@code ValidationError}. {@code code} is stable.
 */
public record Violation(String code, String message, Optional<String> hint) {
    public static Violation of(String code, String message) {
        return new Violation(code, message, Optional.empty());
    }

    /** A violation with a hint; a null hint means none. */
    public static Violation of(String code, String message, String hint) {
        return new Violation(code, message, Optional.ofNullable(hint));
    }
}
