package io.lbctl.model;

import java.util.Optional;

/** An enum whose constants have one spelling on the wire and in the spec, as AWS writes it. */
public interface WireEnum {
    /** The spelling AWS's API and the spec use, such as {@code internet-facing} or {@code TCP_UDP}. */
    String wireName();

    /** The constant spelled {@code wire}, if any. */
    static <E extends Enum<E> & WireEnum> Optional<E> parse(Class<E> type, String wire) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wireName().equals(wire)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }
}
