package io.lbctl.backend.aws;

/** Apply stopped: what it did stays done, and the message says where it stopped and why. */
public final class ApplyException extends RuntimeException {
    public ApplyException(String message) {
        super(message);
    }

    public ApplyException(String message, Throwable cause) {
        super(message, cause);
    }
}
