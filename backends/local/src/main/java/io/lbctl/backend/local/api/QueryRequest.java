package io.lbctl.backend.local.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The parameters of one AWS Query request ({@code Action=...&Version=...&Names.member.1=...}),
 * with readers for AWS's flattened lists ({@code X.member.N}) and structures
 * ({@code X.member.N.Key}). Parameter names are AWS's, so error messages can name them.
 */
public final class QueryRequest {
    private final Map<String, String> params;

    public QueryRequest(Map<String, String> params) {
        this.params = Map.copyOf(params);
    }

    public String action() {
        return params.getOrDefault("Action", "");
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(params.get(name));
    }

    /** A required parameter; AWS's wording when it is missing. */
    public String required(String name) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            throw ApiError.validation("1 validation error detected: Value null at '" + lowerFirst(name)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    public OptionalInt integer(String name) {
        String value = params.get(name);
        if (value == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            throw ApiError.validation("Value '" + value + "' at '" + lowerFirst(name) + "' failed to satisfy constraint: "
                    + "Member must be a number");
        }
    }

    public int requiredInteger(String name) {
        required(name);
        return integer(name).getAsInt();
    }

    public Optional<Boolean> bool(String name) {
        String value = params.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw ApiError.validation("Value '" + value + "' at '" + lowerFirst(name) + "' failed to satisfy constraint: "
                    + "Member must be true or false");
        }
        return Optional.of(Boolean.parseBoolean(value));
    }

    /** {@code prefix.member.1}, {@code prefix.member.2}, ... in index order. */
    public List<String> list(String prefix) {
        TreeMap<Integer, String> byIndex = new TreeMap<>();
        String head = prefix + ".member.";
        params.forEach((k, v) -> {
            if (k.startsWith(head)) {
                index(k.substring(head.length())).ifPresent(i -> byIndex.put(i, v));
            }
        });
        return new ArrayList<>(byIndex.values());
    }

    /** {@code prefix.member.N.Field} as one map per N, in index order; nested names keep their dots. */
    public List<Map<String, String>> structs(String prefix) {
        TreeMap<Integer, Map<String, String>> byIndex = new TreeMap<>();
        String head = prefix + ".member.";
        params.forEach((k, v) -> {
            if (k.startsWith(head)) {
                String rest = k.substring(head.length());
                int dot = rest.indexOf('.');
                if (dot > 0) {
                    index(rest.substring(0, dot)).ifPresent(i ->
                            byIndex.computeIfAbsent(i, x -> new LinkedHashMap<>()).put(rest.substring(dot + 1), v));
                }
            }
        });
        return new ArrayList<>(byIndex.values());
    }

    /** Whether any parameter starts with {@code prefix}, for optional structures. */
    public boolean has(String prefix) {
        return params.keySet().stream().anyMatch(k -> k.equals(prefix) || k.startsWith(prefix + "."));
    }

    private static Optional<Integer> index(String text) {
        if (!text.matches("[1-9]\\d{0,4}")) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(text));
    }

    static String lowerFirst(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
