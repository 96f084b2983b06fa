package io.lbctl.model;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Attributes of a load balancer, listener or target group, keyed by AWS's attribute names
 * ({@code load_balancing.cross_zone.enabled}) with values spelled as the API spells them
 * ({@code "true"}, {@code "300"}). Only keys the spec set are present; defaults live in
 * {@link io.lbctl.model.aws.AttributeCatalog}.
 */
public record Attributes(Map<String, String> values) {
    public static final Attributes NONE = new Attributes(Map.of());

    public Attributes {
        values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    public static Attributes of(Map<String, String> values) {
        return values.isEmpty() ? NONE : new Attributes(values);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public boolean isTrue(String key) {
        return "true".equals(values.get(key));
    }
}
