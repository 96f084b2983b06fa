package io.lbctl.planner;

import static io.lbctl.planner.Resources.live;
import static io.lbctl.planner.Resources.rule;
import static io.lbctl.planner.Resources.target;
import static io.lbctl.planner.Resources.targetGroup;
import static io.lbctl.planner.Resources.web;
import static io.lbctl.planner.Resources.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlanTest {
    private static final Change CREATE = new Change.Create(targetGroup("new"));
    private static final Change UPDATE = new Change.Update(live(web()), with(web(), "tags.team", "web"),
            List.of(new FieldChange("tags.team", Optional.empty(), Optional.of("web"), false)), Optional.empty());
    private static final Change.Replace REPLACE_GROUP = new Change.Replace(live(targetGroup("api")),
            with(targetGroup("api"), "port", "81"), List.of(), "port forces replacement", true);
    private static final Change.Replace REPLACE_TARGET = new Change.Replace(live(target("api")), target("api"), List.of(),
            "its target group targetGroups.api is replaced", true);
    private static final Change.Delete DELETE_RULE = new Change.Delete(live(rule("old", "api")), "no longer in the spec");
    private static final Change.Delete DELETE_GROUP = new Change.Delete(live(targetGroup("old")), "no longer in the spec");

    private static Plan plan(Change... changes) {
        return new Plan("shop", List.of(changes), "sha256:live");
    }

    @Test
    void summaryCountsEachActionOnce() {
        assertThat(plan(CREATE, UPDATE, REPLACE_GROUP, REPLACE_TARGET, DELETE_RULE, DELETE_GROUP).summary())
                .isEqualTo(new Plan.Summary(1, 1, 2, 2));
        assertThat(plan(UPDATE, UPDATE, UPDATE).summary()).isEqualTo(new Plan.Summary(0, 3, 0, 0));
        assertThat(plan().summary()).isEqualTo(new Plan.Summary(0, 0, 0, 0));
    }

    @Test
    void replacementsAndDeletesKeepPlanOrder() {
        Plan plan = plan(DELETE_RULE, REPLACE_GROUP, CREATE, REPLACE_TARGET, UPDATE, DELETE_GROUP);

        assertThat(plan.replacements()).containsExactly(REPLACE_GROUP, REPLACE_TARGET);
        assertThat(plan.deletes()).containsExactly(DELETE_RULE, DELETE_GROUP);
        assertThat(plan(CREATE, UPDATE).replacements()).isEmpty();
        assertThat(plan(CREATE, UPDATE).deletes()).isEmpty();
    }

    @Test
    void isEmptyOnlyWithoutChanges() {
        assertThat(plan().isEmpty()).isTrue();
        assertThat(plan(UPDATE).isEmpty()).isFalse();
    }

    @Test
    void holdsACopyOfItsChanges() {
        List<Change> changes = new ArrayList<>(List.of(CREATE));
        Plan plan = new Plan("shop", changes, "sha256:live");
        changes.add(DELETE_GROUP);

        assertThat(plan.changes()).containsExactly(CREATE);
    }

    @Test
    void changesAreAddressedAndKindedByTheirResource() {
        assertThat(CREATE.address().toString()).isEqualTo("targetGroups.new");
        assertThat(DELETE_RULE.address().toString()).isEqualTo("loadBalancers.web.listeners.http.rules.old");
        assertThat(List.of(CREATE, UPDATE, REPLACE_TARGET, DELETE_RULE)).extracting(Change::kind).containsExactly(
                ResourceKind.TARGET_GROUP, ResourceKind.LOAD_BALANCER, ResourceKind.TARGET, ResourceKind.RULE);
    }
}
