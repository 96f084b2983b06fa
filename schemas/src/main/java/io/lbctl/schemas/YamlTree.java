package io.lbctl.schemas;

import io.lbctl.model.diag.Diagnostic;
import io.lbctl.model.diag.SourceMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A YAML document as a JSON tree for schema validation, with where each node stood in the file.
 * {@code root} is empty when the text could not be parsed at all. {@code flagged} holds the JSON
 * pointers of values that already have a YAML-level error (an unknown tag, a non-finite number),
 * so that later stages do not report the same value again.
 */
public record YamlTree(Optional<JsonNode> root, SourceMap sourceMap, List<Diagnostic> diagnostics, Set<String> flagged) {
    public YamlTree {
        diagnostics = List.copyOf(diagnostics);
        flagged = Set.copyOf(flagged);
    }
}
