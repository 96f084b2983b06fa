package io.lbctl.schemas;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;

/** Reading typed values out of a schema-valid spec tree; absent and null read as absent. */
final class Nodes {
    private Nodes() {
    }

    static Optional<JsonNode> field(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }

    static Optional<String> text(JsonNode node, String name) {
        return field(node, name).map(Nodes::scalar);
    }

    static OptionalInt integer(JsonNode node, String name) {
        Optional<JsonNode> v = field(node, name);
        return v.isPresent() && v.get().canConvertToInt() ? OptionalInt.of(v.get().intValue()) : OptionalInt.empty();
    }

    static Optional<Boolean> bool(JsonNode node, String name) {
        return field(node, name).filter(JsonNode::isBoolean).map(JsonNode::booleanValue);
    }

    static List<String> strings(JsonNode node, String name) {
        List<String> out = new ArrayList<>();
        field(node, name).ifPresent(a -> a.forEach(v -> out.add(scalar(v))));
        return out;
    }

    /** A mapping's entries, in document order, each turned into a value by {@code f(key, node)}. */
    static <T> Map<String, T> entries(JsonNode node, String name, BiFunction<String, JsonNode, T> f) {
        Map<String, T> out = new LinkedHashMap<>();
        field(node, name).ifPresent(m -> m.properties().forEach(e -> {
            if (!e.getValue().isNull()) {
                out.put(e.getKey(), f.apply(e.getKey(), e.getValue()));
            }
        }));
        return out;
    }

    /** A mapping of scalars as strings, as AWS takes attribute and tag values. */
    static Map<String, String> scalars(JsonNode node, String name) {
        return entries(node, name, (k, v) -> scalar(v));
    }

    /** A scalar as the string AWS would send: true, 300, text. */
    static String scalar(JsonNode v) {
        return v.isString() ? v.stringValue() : v.asString();
    }
}
