package io.lbctl.model;

import java.util.List;
import java.util.Map;

/** A listener rule: all conditions must match (AND); the lowest matching priority wins. */
public record Rule(String id, int priority, List<Condition> conditions, Action action, Map<String, String> tags) {
    public Rule {
        conditions = List.copyOf(conditions);
        tags = OrderedMaps.copyOf(tags);
    }
}
