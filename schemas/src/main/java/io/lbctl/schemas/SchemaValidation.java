package io.lbctl.schemas;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.lbctl.model.Address;
import io.lbctl.model.diag.Diagnostic;
import io.lbctl.model.diag.SourceMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a spec tree against a JSON Schema (draft 2020-12) and turns each failure into a
 * diagnostic at the offending key or value, in words a person reads (see {@link SchemaMessages}).
 */
public final class SchemaValidation {
    public static final String SPEC_SCHEMA = "lbctl-v1.schema.json";
    public static final String OVERLAY_SCHEMA = "lbctl-overlay-v1.schema.json";

    private final JsonNode schemaTree;
    private final Schema schema;

    private SchemaValidation(String resource) {
        String text = load(resource);
        this.schemaTree = JsonMapper.shared().readTree(text);
        this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(text, InputFormat.JSON);
    }

    private static final class Holder {
        static final SchemaValidation SPEC = new SchemaValidation(SPEC_SCHEMA);
        static final SchemaValidation OVERLAY = new SchemaValidation(OVERLAY_SCHEMA);
    }

    public static SchemaValidation spec() {
        return Holder.SPEC;
    }

    public static SchemaValidation overlay() {
        return Holder.OVERLAY;
    }

    /** The schema's own text, as shipped in the jar. */
    public static String load(String resource) {
        try (InputStream in = SchemaValidation.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema resource missing from the build: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema as a tree, for messages that list a schema's allowed keys or values. */
    JsonNode schemaTree() {
        return schemaTree;
    }

    /** Every schema failure of {@code tree}, one diagnostic each, without duplicates. */
    public List<Diagnostic> validate(JsonNode tree, SourceMap sourceMap) {
        Set<Diagnostic> out = new LinkedHashSet<>();
        SchemaMessages messages = new SchemaMessages(schemaTree, sourceMap);
        for (Error error : schema.validate(tree)) {
            out.add(messages.describe(error, address(error)));
        }
        return new ArrayList<>(out);
    }

    private static Address address(Error error) {
        List<String> path = new ArrayList<>();
        var location = error.getInstanceLocation();
        for (int i = 0; i < location.getNameCount(); i++) {
            path.add(String.valueOf(location.getElement(i)));
        }
        return new Address(path);
    }
}
