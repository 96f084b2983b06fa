package io.lbctl.schemas;

import io.lbctl.model.diag.Diagnostic;
import io.lbctl.model.diag.SourceMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The stages every lbctl file goes through: YAML with positions, a JSON Schema, a builder into
 * the model, then checks the schema cannot express. A stage runs only when the one before it
 * left a tree it can trust, so one mistake is not reported three times; diagnostics come back
 * in file order.
 */
final class StagedReader {
    private StagedReader() {
    }

    /** What the stages gave: the built value when nothing is wrong with it, and every diagnostic. */
    record Staged<T>(Optional<T> value, SourceMap sourceMap, List<Diagnostic> diagnostics) {
    }

    static <T> Staged<T> read(String file, String text, SchemaValidation schema, Function<JsonNode, T> build,
                              BiFunction<T, SourceMap, List<Diagnostic>> check) {
        YamlTree tree = YamlTreeReader.read(file, text);
        List<Diagnostic> diagnostics = new ArrayList<>(tree.diagnostics());
        Optional<T> value = Optional.empty();
        if (tree.root().isPresent()) {
            List<Diagnostic> schemaErrors = schema.validate(tree.root().get(), tree.sourceMap()).stream()
                    .filter(d -> !tree.flagged().contains(d.address().pointer())).toList();
            diagnostics.addAll(schemaErrors);
            if (schemaErrors.isEmpty() && tree.diagnostics().isEmpty()) {
                T built = build.apply(tree.root().get());
                List<Diagnostic> semantic = check.apply(built, tree.sourceMap());
                diagnostics.addAll(semantic);
                if (semantic.stream().noneMatch(Diagnostic::isError)) {
                    value = Optional.of(built);
                }
            }
        }
        diagnostics.sort(SpecReader.ORDER);
        return new Staged<>(value, tree.sourceMap(), diagnostics);
    }
}
