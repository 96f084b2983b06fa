package io.lbctl.schemas;

import io.lbctl.model.diag.Diagnostic;
import io.lbctl.model.diag.SourceMap;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A YAML document as a JSON tree for schema validation, with where each node stood in the file.
 * {@code root} is empty when the text could not be parsed at all.
 */
public record YamlTree(Optional<JsonNode> root, SourceMap sourceMap, List<Diagnostic> diagnostics) {
    public YamlTree {
        diagnostics = List.copyOf(diagnostics);
    }
}
