package io.lbctl.model.routing;

import io.lbctl.model.Condition;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * A listener's rules in evaluation order: lowest priority first, the first rule whose conditions
 * all match wins, and the default action answers what none matched. Built once per
 * configuration, conditions compiled once; matching compiles nothing per request.
 */
public final class RuleMatcher<A> {
    /** One rule: its priority, its conditions, and what it does. */
    public record Rule<A>(int priority, List<Condition> conditions, A action) {
        public Rule {
            conditions = List.copyOf(conditions);
        }
    }

    /** A rule with its conditions compiled. */
    private record Compiled<A>(List<Predicate<RequestFacts>> conditions, A action) {
        boolean matches(RequestFacts request) {
            for (Predicate<RequestFacts> c : conditions) {
                if (!c.test(request)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Compiled<A>> rules;
    private final A defaultAction;

    public RuleMatcher(List<Rule<A>> rules, A defaultAction) {
        this.rules = rules.stream().sorted(Comparator.comparingInt(Rule::priority))
                .map(r -> new Compiled<>(r.conditions().stream().map(ConditionMatcher::compile).toList(), r.action()))
                .toList();
        this.defaultAction = defaultAction;
    }

    /** The action of the first matching rule, or the default action. */
    public A match(RequestFacts request) {
        for (Compiled<A> rule : rules) {
            if (rule.matches(request)) {
                return rule.action();
            }
        }
        return defaultAction;
    }
}
