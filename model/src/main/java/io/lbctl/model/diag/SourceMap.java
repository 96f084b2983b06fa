package io.lbctl.model.diag;

import io.lbctl.model.Address;
import java.util.Map;
import java.util.Optional;

/**
 * Where each node of a spec stands in its file, kept beside the model rather than inside its
 * records. Keyed by JSON pointer; a key's own span is kept apart from its value's, so that an
 * unknown key and a bad value can each be pointed at.
 */
public record SourceMap(String file, Map<String, Span> valueSpans, Map<String, Span> keySpans) {
    public static SourceMap empty(String file) {
        return new SourceMap(file, Map.of(), Map.of());
    }

    public SourceMap {
        valueSpans = Map.copyOf(valueSpans);
        keySpans = Map.copyOf(keySpans);
    }

    /** The span of the value at {@code address}, or of its nearest ancestor that has one. */
    public Optional<Span> valueSpan(Address address) {
        for (Address a = address; ; a = parent(a)) {
            Span span = valueSpans.get(a.pointer());
            if (span != null || a.path().isEmpty()) {
                return Optional.ofNullable(span);
            }
        }
    }

    /** The span of the key that introduces {@code address}, falling back to {@link #spanFor}. */
    public Optional<Span> keySpan(Address address) {
        Span span = keySpans.get(address.pointer());
        return span != null ? Optional.of(span) : spanFor(address);
    }

    /**
     * Where to point for {@code address}: its value when the spec wrote one, else the key of the
     * nearest ancestor that is there (a missing setting is reported on what lacks it).
     */
    public Optional<Span> spanFor(Address address) {
        if (valueSpans.containsKey(address.pointer())) {
            return valueSpan(address);
        }
        for (Address a = address; !a.path().isEmpty(); a = parent(a)) {
            if (valueSpans.containsKey(a.pointer())) {
                Span key = keySpans.get(a.pointer());
                return key != null ? Optional.of(key) : valueSpan(a);
            }
        }
        return valueSpan(Address.ROOT);
    }

    /** True when the spec has a node at {@code address}. */
    public boolean has(Address address) {
        return valueSpans.containsKey(address.pointer());
    }

    private static Address parent(Address a) {
        return new Address(a.path().subList(0, a.path().size() - 1));
    }
}
