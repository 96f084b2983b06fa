package io.lbctl.backend.local.api;

import io.lbctl.model.aws.Violation;
import java.util.Optional;

/**
 * An AWS-shaped error: the code the SDK maps to its typed exception, the message, and the HTTP
 * status AWS answers it with. {@code sender} errors are the caller's fault (Type Sender).
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final int status;
    private final boolean sender;

    public ApiError(String code, int status, boolean sender, String message) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
        this.sender = sender;
    }

    /** A 400 Sender error, the usual kind: ValidationError, LoadBalancerNotFound, ... */
    public static ApiError of(String code, String message) {
        return new ApiError(code, 400, true, message);
    }

    public static ApiError validation(String message) {
        return of("ValidationError", message);
    }

    /** Throws AWS's ValidationError for a broken rule, if there is one. */
    public static void check(Optional<Violation> violation) {
        if (violation.isPresent()) {
            throw validation(violation.get().message());
        }
    }

    /** A 403 authentication failure. */
    public static ApiError forbidden(String code, String message) {
        return new ApiError(code, 403, true, message);
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public boolean sender() {
        return sender;
    }
}
