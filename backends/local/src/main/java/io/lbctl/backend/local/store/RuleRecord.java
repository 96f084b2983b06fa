package io.lbctl.backend.local.store;

import java.util.List;

/** A listener rule (never the default rule, which the listener carries). */
public record RuleRecord(String arn, String listenerArn, int priority, List<ConditionRecord> conditions,
                         List<ActionRecord> actions) {
    public RuleRecord {
        conditions = List.copyOf(conditions);
        actions = List.copyOf(actions);
    }

    public RuleRecord withPriority(int p) {
        return new RuleRecord(arn, listenerArn, p, conditions, actions);
    }

    public RuleRecord with(List<ConditionRecord> newConditions, List<ActionRecord> newActions) {
        return new RuleRecord(arn, listenerArn, priority, newConditions, newActions);
    }
}
