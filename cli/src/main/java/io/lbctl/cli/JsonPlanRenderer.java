package io.lbctl.cli;

import io.lbctl.planner.Change;
import io.lbctl.planner.FieldChange;
import io.lbctl.planner.Plan;
import io.lbctl.planner.Resource;
import java.io.PrintWriter;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A plan as one JSON document (schema: docs/plan-json.md). Keys are snake_case; {@code
 * format_version} changes only when a key's meaning does. {@code actions} uses Terraform's
 * spellings: ["create"], ["update"], ["create","delete"] or ["delete","create"], ["delete"].
 */
final class JsonPlanRenderer {
    static final String FORMAT_VERSION = "1";

    private JsonPlanRenderer() {
    }

    static ObjectNode toJson(Plan plan) {
        ObjectNode root = JsonMapper.shared().createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        root.put("stack", plan.stack());
        root.put("live_fingerprint", plan.liveFingerprint());
        Plan.Summary s = plan.summary();
        ObjectNode summary = root.putObject("summary");
        summary.put("create", s.create());
        summary.put("update", s.update());
        summary.put("replace", s.replace());
        summary.put("delete", s.delete());
        ArrayNode changes = root.putArray("resource_changes");
        for (Change c : plan.changes()) {
            ObjectNode n = changes.addObject();
            n.put("address", c.address().toString());
            n.put("kind", c.kind().name().toLowerCase());
            ArrayNode actions = n.putArray("actions");
            switch (c) {
                case Change.Create x -> {
                    actions.add("create");
                    n.putNull("before");
                    resource(n.putObject("after"), x.after());
                }
                case Change.Update x -> {
                    actions.add("update");
                    resource(n.putObject("before"), x.before());
                    resource(n.putObject("after"), x.after());
                    fields(n, x.fields());
                    x.reason().ifPresent(r -> n.put("reason", r));
                }
                case Change.Replace x -> {
                    actions.add(x.createFirst() ? "create" : "delete");
                    actions.add(x.createFirst() ? "delete" : "create");
                    resource(n.putObject("before"), x.before());
                    resource(n.putObject("after"), x.after());
                    fields(n, x.fields());
                    n.put("reason", x.reason());
                    ArrayNode paths = n.putArray("replace_paths");
                    x.fields().stream().filter(FieldChange::forcesReplacement).forEach(f -> paths.add(f.field()));
                }
                case Change.Delete x -> {
                    actions.add("delete");
                    resource(n.putObject("before"), x.before());
                    n.putNull("after");
                    n.put("reason", x.reason());
                }
            }
        }
        return root;
    }

    static void render(Plan plan, PrintWriter out) {
        out.println(JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(toJson(plan)));
    }

    private static void resource(ObjectNode n, Resource r) {
        r.name().ifPresentOrElse(v -> n.put("name", v), () -> n.putNull("name"));
        r.arn().ifPresentOrElse(v -> n.put("arn", v), () -> n.putNull("arn"));
        ObjectNode fields = n.putObject("fields");
        r.fields().forEach(fields::put);
    }

    private static void fields(ObjectNode n, List<FieldChange> changes) {
        ArrayNode out = n.putArray("changed_fields");
        for (FieldChange f : changes) {
            ObjectNode x = out.addObject();
            x.put("field", f.field());
            f.before().ifPresentOrElse(v -> x.put("before", v), () -> x.putNull("before"));
            f.after().ifPresentOrElse(v -> x.put("after", v), () -> x.putNull("after"));
            x.put("forces_replacement", f.forcesReplacement());
        }
    }
}
