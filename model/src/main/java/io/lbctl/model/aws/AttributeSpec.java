package io.lbctl.model.aws;

import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.TargetType;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One attribute AWS knows: its value kind and range, which load-balancer types (and, for target
 * groups, target types) take it, and AWS's default. Values are the API's strings.
 */
public record AttributeSpec(
        String key,
        Kind kind,
        long min,
        long max,
        List<String> values,
        Set<LoadBalancerType> loadBalancerTypes,
        Set<TargetType> targetTypes,
        Optional<String> defaultValue) {

    /** How a value is spelled: a boolean, a whole number in [min, max], one of {@code values}, or free text. */
    public enum Kind { BOOLEAN, INTEGER, INTEGER_OR_OFF, ENUM, TEXT }

    public AttributeSpec {
        values = List.copyOf(values);
        loadBalancerTypes = Set.copyOf(loadBalancerTypes);
        targetTypes = Set.copyOf(targetTypes);
    }

    /** Problems with {@code value} as a value of this attribute. */
    public Optional<Violation> checkValue(String value) {
        return switch (kind) {
            case BOOLEAN -> value.equals("true") || value.equals("false") ? Optional.empty()
                    : bad(value, "must be true or false");
            case INTEGER -> integerInRange(value) ? Optional.empty() : bad(value, "must be a whole number " + min + "-" + max);
            case INTEGER_OR_OFF -> value.equals("off") || integerInRange(value) ? Optional.empty()
                    : bad(value, "must be off or a whole number " + min + "-" + max);
            case ENUM -> values.contains(value) ? Optional.empty() : bad(value, "must be one of " + String.join(", ", values));
            case TEXT -> value.length() <= 1024 ? Optional.empty() : bad(value, "must have at most 1024 characters");
        };
    }

    private boolean integerInRange(String value) {
        if (!value.matches("-?\\d{1,12}")) {
            return false;
        }
        long n = Long.parseLong(value);
        return n >= min && n <= max;
    }

    private Optional<Violation> bad(String value, String rule) {
        return Optional.of(Violation.of("attribute.value", "attribute " + key + " is '" + value + "'; it " + rule));
    }
}
