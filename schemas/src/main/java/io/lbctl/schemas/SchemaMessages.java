package io.lbctl.schemas;

import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import io.lbctl.model.Address;
import io.lbctl.model.diag.Diagnostic;
import io.lbctl.model.diag.SourceMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Words for schema failures. The validator's own messages name JSON paths and schema keywords;
 * these name the key the user wrote, say what was expected, and suggest the nearest allowed key
 * or value when a typo is the likely cause.
 */
final class SchemaMessages {
    private final JsonNode schemaTree;
    private final SourceMap sourceMap;

    SchemaMessages(JsonNode schemaTree, SourceMap sourceMap) {
        this.schemaTree = schemaTree;
        this.sourceMap = sourceMap;
    }

    Diagnostic describe(Error error, Address at) {
        JsonNode schema = containingSchema(error);
        JsonNode instance = error.getInstanceNode();
        String where = name(at);
        return switch (String.valueOf(error.getKeyword())) {
            case "required" -> SpecDiagnostics.key(sourceMap, "schema.required",
                    where + " is missing required key '" + error.getProperty() + "'", at);
            case "additionalProperties" -> unknownKey(at.child(error.getProperty()), schema);
            case "type" -> SpecDiagnostics.value(sourceMap, "schema.type",
                    where + " must be " + expectedTypes(schema.path("type")) + ", not " + typeOf(instance), at);
            case "enum" -> withHint(SpecDiagnostics.value(sourceMap, "schema.enum",
                    where + " is " + show(instance) + "; expected one of " + join(schema.path("enum")), at),
                    Suggestions.nearest(instance.asString(""), values(schema.path("enum"))).map(s -> "did you mean '" + s + "'?"));
            case "const" -> SpecDiagnostics.value(sourceMap, "schema.const",
                    where + " is " + show(instance) + "; expected '" + schema.path("const").asString() + "'", at);
            case "pattern" -> pattern(error, at, schema, instance);
            case "propertyNames" -> propertyName(error, at, schema);
            case "minItems" -> SpecDiagnostics.value(sourceMap, "schema.min-items",
                    where + " needs at least " + schema.path("minItems").asInt() + " item(s)", at);
            case "minProperties", "maxProperties" -> oneOf(error, at, schema);
            case "oneOf" -> requiredAlternatives(error, at, schema, instance);
            case "minimum", "maximum" -> SpecDiagnostics.value(sourceMap, "schema.range",
                    where + " is " + show(instance) + "; expected " + schema.path("minimum").asInt() + "-"
                            + schema.path("maximum").asInt(), at);
            default -> SpecDiagnostics.value(sourceMap, "schema." + error.getKeyword(), where + ": " + error.getMessage(), at);
        };
    }

    private Diagnostic unknownKey(Address key, JsonNode schema) {
        List<String> allowed = new ArrayList<>(schema.path("properties").propertyNames());
        String name = key.path().get(key.path().size() - 1);
        Diagnostic d = SpecDiagnostics.key(sourceMap, "schema.unknown-key",
                "unknown key '" + name + "' in " + name(parent(key)), key);
        Optional<String> near = Suggestions.nearest(name, allowed);
        if (near.isPresent()) {
            return d.withHint("did you mean '" + near.get() + "'?");
        }
        return allowed.isEmpty() ? d : d.withHint("allowed keys: " + String.join(", ", allowed));
    }

    private Diagnostic pattern(Error error, Address at, JsonNode schema, JsonNode instance) {
        boolean propertyName = error.getEvaluationPath().contains("propertyNames");
        String title = schema.path("title").asString("value");
        String value = propertyName ? at.path().get(at.path().size() - 1) : instance.asString("");
        Diagnostic d = propertyName
                ? SpecDiagnostics.key(sourceMap, "schema.pattern", "'" + value + "' is not a valid " + title, at)
                : SpecDiagnostics.value(sourceMap, "schema.pattern", "'" + value + "' is not a valid " + title, at);
        JsonNode examples = schema.path("examples");
        return examples.isArray() && !examples.isEmpty()
                ? d.withHint(title + "s look like " + join(examples)) : d;
    }

    /** A map key that is not a valid name (a logical id with a dot, say), pointed at itself. */
    private Diagnostic propertyName(Error error, Address at, JsonNode schema) {
        String name = error.getProperty();
        JsonNode names = resolve(schema.path("propertyNames"));
        String title = names.path("title").asString("key");
        Diagnostic d = SpecDiagnostics.key(sourceMap, "schema.pattern", "'" + name + "' is not a valid " + title,
                name == null ? at : at.child(name));
        JsonNode examples = names.path("examples");
        return examples.isArray() && !examples.isEmpty() ? d.withHint(title + "s look like " + join(examples)) : d;
    }

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        return ref.startsWith("#/") ? schemaTree.at(ref.substring(1)) : schema;
    }

    private Diagnostic oneOf(Error error, Address at, JsonNode schema) {
        String keys = String.join(", ", schema.path("properties").propertyNames());
        boolean tooFew = "minProperties".equals(error.getKeyword());
        String message = name(at) + (tooFew ? " needs at least one of " : " takes only one of ") + keys;
        return SpecDiagnostics.value(sourceMap, tooFew ? "schema.min-properties" : "schema.max-properties", message, at);
    }

    /** A {@code oneOf} of {@code required} alternatives: the object must have exactly one of those keys. */
    private Diagnostic requiredAlternatives(Error error, Address at, JsonNode schema, JsonNode instance) {
        List<String> keys = new ArrayList<>();
        for (JsonNode alternative : schema.path("oneOf")) {
            if (alternative.size() != 1 || alternative.path("required").size() != 1) {
                return SpecDiagnostics.value(sourceMap, "schema.oneOf", name(at) + ": " + error.getMessage(), at);
            }
            keys.add(alternative.path("required").get(0).asString());
        }
        long present = keys.stream().filter(instance::has).count();
        return SpecDiagnostics.value(sourceMap, present == 0 ? "schema.min-properties" : "schema.max-properties",
                name(at) + (present == 0 ? " needs one of " : " takes only one of ") + String.join(", ", keys), at);
    }

    /** The schema object holding the failed keyword. */
    private JsonNode containingSchema(Error error) {
        NodePath fragment = error.getSchemaLocation().getFragment();
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < fragment.getNameCount() - 1; i++) {
            pointer.append('/').append(String.valueOf(fragment.getElement(i)).replace("~", "~0").replace("/", "~1"));
        }
        return schemaTree.at(pointer.toString());
    }

    private static Diagnostic withHint(Diagnostic d, Optional<String> hint) {
        return hint.map(d::withHint).orElse(d);
    }

    /** How a diagnostic names a place: its last key, or the whole spec. */
    static String name(Address at) {
        if (at.path().isEmpty()) {
            return "the spec";
        }
        String last = at.path().get(at.path().size() - 1);
        if (last.matches("\\d+") && at.path().size() > 1) {
            return at.path().get(at.path().size() - 2) + "[" + last + "]";
        }
        return "'" + last + "'";
    }

    private static Address parent(Address a) {
        return new Address(a.path().subList(0, a.path().size() - 1));
    }

    private static String expectedTypes(JsonNode types) {
        List<String> names = types.isArray() ? values(types) : List.of(types.asString());
        return String.join(" or ", names.stream().map(t -> switch (t) {
            case "object" -> "a mapping";
            case "array" -> "a list";
            case "integer" -> "a whole number";
            case "string" -> "a string";
            case "boolean" -> "true or false";
            default -> "a " + t;
        }).toList());
    }

    private static String typeOf(JsonNode node) {
        if (node == null || node.isNull()) {
            return "empty";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isIntegralNumber()) {
            return "the number " + node.asString();
        }
        if (node.isNumber()) {
            return "the number " + node.asString();
        }
        if (node.isBoolean()) {
            return node.asString();
        }
        return "the string " + show(node);
    }

    private static String show(JsonNode node) {
        if (node == null || node.isNull()) {
            return "empty";
        }
        return node.isString() ? "'" + node.asString() + "'" : node.toString();
    }

    private static List<String> values(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asString()));
        return out;
    }

    private static String join(JsonNode array) {
        return String.join(", ", values(array));
    }
}
