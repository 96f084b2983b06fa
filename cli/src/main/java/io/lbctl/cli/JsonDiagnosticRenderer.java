package io.lbctl.cli;

import io.lbctl.model.diag.Diagnostic;
import io.lbctl.schemas.SpecResult;
import java.io.PrintWriter;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Prints diagnostics as one JSON document for programs. Keys are snake_case and stable;
 * {@code format_version} changes only when a key's meaning does.
 */
public final class JsonDiagnosticRenderer {
    public static final String FORMAT_VERSION = "1";

    private JsonDiagnosticRenderer() {
    }

    public static void render(List<SpecResult> results, PrintWriter out) {
        JsonMapper mapper = JsonMapper.shared();
        ObjectNode root = mapper.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        root.put("valid", results.stream().allMatch(SpecResult::valid));
        long errors = results.stream().flatMap(r -> r.diagnostics().stream()).filter(Diagnostic::isError).count();
        long all = results.stream().mapToLong(r -> r.diagnostics().size()).sum();
        root.put("error_count", errors);
        root.put("warning_count", all - errors);
        ArrayNode files = root.putArray("files");
        ArrayNode diagnostics = root.putArray("diagnostics");
        for (SpecResult result : results) {
            ObjectNode f = files.addObject();
            f.put("file", result.file());
            f.put("valid", result.valid());
            for (Diagnostic d : result.diagnostics()) {
                ObjectNode n = diagnostics.addObject();
                n.put("severity", d.severity().label());
                n.put("code", d.code());
                n.put("message", d.message());
                n.put("file", result.file());
                d.span().ifPresent(s -> {
                    n.put("line", s.line());
                    n.put("column", s.column());
                    n.put("end_line", s.endLine());
                    n.put("end_column", s.endColumn());
                });
                n.put("address", d.address().toString());
                d.hint().ifPresent(h -> n.put("hint", h));
            }
        }
        out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }
}
