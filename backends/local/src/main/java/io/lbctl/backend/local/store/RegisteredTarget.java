package io.lbctl.backend.local.store;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A target of a target group: its id, port (absent for Lambda), zone as registered, and, once
 * deregistered, when its draining ends.
 */
public record RegisteredTarget(String id, OptionalInt port, Optional<String> zone, Instant registeredAt,
                               Optional<Instant> drainingUntil) {

    /** Targets are the same registration when id and port match, as AWS counts them. */
    public boolean sameAs(String otherId, OptionalInt otherPort) {
        return id.equals(otherId) && port.equals(otherPort);
    }

    public RegisteredTarget draining(Instant until) {
        return new RegisteredTarget(id, port, zone, registeredAt, Optional.of(until));
    }
}
