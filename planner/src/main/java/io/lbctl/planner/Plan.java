package io.lbctl.planner;

import java.util.List;

/**
 * What apply will do, in order: creates, updates and replacements by kind (target groups, load
 * balancers, listeners, rules, targets), then deletes in reverse. {@code liveFingerprint} is
 * {@link State#fingerprint()} of the live state the plan was made against; apply refuses a
 * saved plan whose fingerprint no longer matches.
 */
public record Plan(String stack, List<Change> changes, String liveFingerprint) {

    public Plan {
        changes = List.copyOf(changes);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** Counts by action, as plans summarise them. */
    public record Summary(int create, int update, int replace, int delete) {
    }

    public Summary summary() {
        int create = 0;
        int update = 0;
        int replace = 0;
        int delete = 0;
        for (Change c : changes) {
            switch (c) {
                case Change.Create x -> create++;
                case Change.Update x -> update++;
                case Change.Replace x -> replace++;
                case Change.Delete x -> delete++;
            }
        }
        return new Summary(create, update, replace, delete);
    }

    /** The replacements in this plan: apply carries them out only when told it may. */
    public List<Change.Replace> replacements() {
        return changes.stream().filter(Change.Replace.class::isInstance).map(Change.Replace.class::cast).toList();
    }

    /** The deletes in this plan: apply carries them out only when told it may. */
    public List<Change.Delete> deletes() {
        return changes.stream().filter(Change.Delete.class::isInstance).map(Change.Delete.class::cast).toList();
    }
}
