package io.lbctl.schemas;

import io.lbctl.model.Address;
import io.lbctl.model.Stack;
import io.lbctl.model.aws.ElbLimits;
import io.lbctl.model.aws.Violation;
import io.lbctl.model.diag.Diagnostic;
import io.lbctl.model.diag.SourceMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the semantic checks share: the stack, where its parts stand, and the diagnostics so far. */
final class CheckContext {
    /** lbctl:stack and lbctl:resource, which every resource lbctl creates carries. */
    static final int OWNERSHIP_TAGS = 2;

    final Stack stack;
    final SourceMap map;
    private final List<Diagnostic> out = new ArrayList<>();

    CheckContext(Stack stack, SourceMap map) {
        this.stack = stack;
        this.map = map;
    }

    List<Diagnostic> diagnostics() {
        return out;
    }

    void report(Optional<Violation> violation, Address at) {
        violation.ifPresent(v -> out.add(SpecDiagnostics.violation(map, v, at)));
    }

    void report(Violation violation, Address at) {
        out.add(SpecDiagnostics.violation(map, violation, at));
    }

    void error(String code, String message, Address at) {
        out.add(SpecDiagnostics.value(map, code, message, at));
    }

    void error(String code, String message, String hint, Address at) {
        out.add(SpecDiagnostics.value(map, code, message, at).withHint(hint));
    }

    /** An error at the key that introduces {@code at}, for things that are wrong by being there at all. */
    void keyError(String code, String message, String hint, Address at) {
        Diagnostic d = SpecDiagnostics.key(map, code, message, at);
        out.add(hint == null ? d : d.withHint(hint));
    }

    void warning(Violation v, Address at) {
        Diagnostic d = Diagnostic.warning(v.code(), v.message(), at).withSpan(map.spanFor(at).orElse(null));
        out.add(v.hint().map(d::withHint).orElse(d));
    }

    /** True when the spec wrote a value at {@code at} (rather than leaving a default). */
    boolean written(Address at) {
        return map.has(at);
    }

    /**
     * AWS's tag rules: at most 50 per resource, keys 1-128 characters, values up to 256, no aws: or
     * lbctl: keys. Every resource carries the stack's tags and lbctl's two ownership tags too; when
     * the stack's tags alone are too many, that is reported once, on them.
     */
    void checkTags(Map<String, String> tags, Address owner) {
        Address at = owner.child("tags");
        boolean stackLevel = owner.path().isEmpty();
        int stackCarried = stack.tags().size() + OWNERSHIP_TAGS;
        int carried = stackLevel ? stackCarried : tags.size() + stackCarried;
        if (carried > ElbLimits.MAX_TAGS && (stackLevel || stackCarried <= ElbLimits.MAX_TAGS)) {
            error("tags.limit", (stackLevel ? "every resource" : "this resource") + " would carry " + carried
                    + " tags with " + (stackLevel ? "" : "the stack's and ") + "lbctl's own; AWS allows "
                    + ElbLimits.MAX_TAGS, at);
        }
        tags.forEach((key, value) -> {
            Address tag = at.child(key);
            if (key.isEmpty() || key.length() > ElbLimits.MAX_TAG_KEY_LENGTH) {
                keyError("tags.key", "tag key must have 1-" + ElbLimits.MAX_TAG_KEY_LENGTH + " characters", null, tag);
            } else if (key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
                keyError("tags.reserved", "tag key '" + key + "' uses the prefix aws:, which AWS reserves", null, tag);
            } else if (key.startsWith("lbctl:")) {
                keyError("tags.reserved", "tag key '" + key + "' uses the prefix lbctl:, which lbctl reserves",
                        "lbctl sets lbctl:stack and lbctl:resource itself to find what it owns", tag);
            }
            if (value.length() > ElbLimits.MAX_TAG_VALUE_LENGTH) {
                error("tags.value", "tag value has " + value.length() + " characters; AWS allows at most "
                        + ElbLimits.MAX_TAG_VALUE_LENGTH, tag);
            }
        });
    }
}
