package io.lbctl.cli;

/** A command cannot go on for a reason the user can act on; printed as one line, exit 1. */
final class CommandFailure extends RuntimeException {
    CommandFailure(String message) {
        super(message);
    }
}
