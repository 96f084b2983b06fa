package io.lbctl.cli;

import io.lbctl.planner.Plan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A plan saved with {@code plan -out}: the spec and overlay it was made from (their text, so a
 * later edit does not change what is applied), the target, and the plan itself, whose
 * {@code live_fingerprint} apply compares with the live state before doing anything.
 */
record PlanFile(SpecText spec, String target, String liveFingerprint) {
    static final String FORMAT = "lbctl-plan";

    record SpecText(String specFile, String specText, Optional<String> overlayFile, Optional<String> overlayText) {
    }

    static void write(Path file, SpecInput input, String target, Plan plan) {
        ObjectNode root = JsonMapper.shared().createObjectNode();
        root.put("format", FORMAT);
        root.put("format_version", JsonPlanRenderer.FORMAT_VERSION);
        root.put("target", target);
        root.put("spec_file", input.specFile());
        root.put("spec_text", input.specText());
        input.overlayFile().ifPresent(f -> root.put("overlay_file", f));
        input.overlayText().ifPresent(t -> root.put("overlay_text", t));
        root.set("plan", JsonPlanRenderer.toJson(plan));
        try {
            Files.writeString(file, JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (IOException e) {
            throw new CommandFailure("cannot write the plan to " + file + ": " + e.getMessage());
        }
    }

    /** The saved plan in {@code file}, or empty when the file is not one (a spec, say). */
    static Optional<PlanFile> read(Path file) {
        try {
            String text = Files.readString(file);
            if (!text.stripLeading().startsWith("{")) {
                return Optional.empty();
            }
            JsonNode root = JsonMapper.shared().readTree(text);
            if (!FORMAT.equals(root.path("format").asString(""))) {
                return Optional.empty();
            }
            if (!JsonPlanRenderer.FORMAT_VERSION.equals(root.path("format_version").asString(""))) {
                throw new CommandFailure(file + " is a plan of format version " + root.path("format_version").asString("?")
                        + "; this lbctl reads version " + JsonPlanRenderer.FORMAT_VERSION);
            }
            Optional<String> overlayFile = root.hasNonNull("overlay_file") ? Optional.of(root.get("overlay_file").asString()) : Optional.empty();
            Optional<String> overlayText = root.hasNonNull("overlay_text") ? Optional.of(root.get("overlay_text").asString()) : Optional.empty();
            return Optional.of(new PlanFile(new SpecText(root.path("spec_file").asString(""), root.path("spec_text").asString(""),
                    overlayFile, overlayText), root.path("target").asString(""), root.path("plan").path("live_fingerprint").asString("")));
        } catch (IOException e) {
            throw new CommandFailure("cannot read " + file + ": " + e.getMessage());
        } catch (JacksonException e) {
            throw new CommandFailure(file + " is not a valid saved plan: " + e.getOriginalMessage());
        }
    }
}
