package io.lbctl.planner;

import io.lbctl.model.Action;
import io.lbctl.model.Address;
import io.lbctl.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one spelling of actions and conditions that plans compare and show. A spec and the live
 * API produce the same text for the same setting: AWS's defaults are written out (a redirect's
 * {@code #{host}}), values that are alternatives are sorted, so neither order nor omission
 * makes a perpetual diff. Target groups appear by address; one lbctl does not own appears as
 * the ARN the live API gave.
 */
public final class SettingText {
    private SettingText() {
    }

    public static String action(Action action) {
        return switch (action) {
            case Action.Forward f -> {
                String groups = f.targetGroups().size() == 1 ? targetGroup(f.targetGroups().get(0).targetGroup())
                        : f.targetGroups().stream()
                                .map(g -> targetGroup(g.targetGroup()) + " (weight " + g.weight() + ")")
                                .sorted().collect(Collectors.joining(", "));
                String sticky = f.stickiness().filter(Action.GroupStickiness::enabled)
                        .map(s -> "; group stickiness " + s.durationSeconds() + "s").orElse("");
                yield "forward to " + groups + sticky;
            }
            case Action.Redirect r -> "redirect " + r.statusCode() + " to "
                    + r.protocol().orElse("#{protocol}") + "://" + r.host().orElse("#{host}") + ":" + r.port().orElse("#{port}")
                    + r.path().orElse("/#{path}") + "?" + r.query().orElse("#{query}");
            case Action.FixedResponse x -> "fixed-response " + x.statusCode()
                    + x.contentType().map(t -> " " + t).orElse("")
                    + x.body().map(b -> " " + quote(b)).orElse("");
        };
    }

    /** Conditions, one text each, sorted: AWS ANDs them, so their order means nothing. */
    public static List<String> conditions(List<Condition> conditions) {
        List<String> texts = new ArrayList<>();
        for (Condition c : conditions) {
            String head = switch (c) {
                case Condition.HttpHeader h -> c.field() + " " + h.name();
                default -> c.field();
            };
            String op = c.regex() ? " ~ " : " = ";
            List<String> values = c instanceof Condition.QueryString q
                    ? q.pairs().stream().map(Condition.QueryPair::toString).toList() : c.values();
            texts.add(head + op + values.stream().map(SettingText::quote).sorted().collect(Collectors.joining(" | ")));
        }
        texts.sort(null);
        return texts;
    }

    /** The target groups an action points at, by address. */
    public static List<Address> references(Action action) {
        return action instanceof Action.Forward f
                ? f.targetGroups().stream().map(g -> Address.targetGroup(g.targetGroup())).toList() : List.of();
    }

    /** A list value: sorted when order means nothing. */
    public static String list(List<String> values) {
        return "[" + String.join(", ", values) + "]";
    }

    private static String targetGroup(String id) {
        return id.startsWith("arn:") ? id : Address.targetGroup(id).toString();
    }

    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char ch : value.toCharArray()) {
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(ch < 0x20 ? String.format("\\u%04x", (int) ch) : String.valueOf(ch));
            }
        }
        return out.append('"').toString();
    }
}
