package io.lbctl.model.routing;

import io.lbctl.model.Condition;
import java.util.Comparator;
import java.util.List;

/**
 * A listener's rules in evaluation order: lowest priority first, the first rule whose conditions
 * all match wins, and the default action answers what none matched. Built once per
 * configuration; matching allocates nothing per rule.
 */
public final class RuleMatcher<A> {
    /** One rule: its priority, its conditions, and what it does. */
    public record Rule<A>(int priority, List<Condition> conditions, A action) {
        public Rule {
            conditions = List.copyOf(conditions);
        }
    }

    private final List<Rule<A>> rules;
    private final A defaultAction;

    public RuleMatcher(List<Rule<A>> rules, A defaultAction) {
        this.rules = rules.stream().sorted(Comparator.comparingInt(Rule::priority)).toList();
        this.defaultAction = defaultAction;
    }

    /** The action of the first matching rule, or the default action. */
    public A match(RequestFacts request) {
        for (Rule<A> rule : rules) {
            if (ConditionMatcher.matchesAll(rule.conditions(), request)) {
                return rule.action();
            }
        }
        return defaultAction;
    }
}
