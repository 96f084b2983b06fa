package io.lbctl.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Defensive copies of maps that keep the spec's declaration order, which {@link Map#copyOf} does
 * not: plans, diagnostics and renderings list resources in the order the user wrote them.
 */
public final class OrderedMaps {
    private OrderedMaps() {
    }

    /** An unmodifiable copy of {@code map} in its iteration order; null keys and values are refused. */
    public static <K, V> Map<K, V> copyOf(Map<K, V> map) {
        Map<K, V> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value")));
        return Collections.unmodifiableMap(copy);
    }
}
