package io.lbctl.planner;

import static io.lbctl.planner.Resources.desired;
import static io.lbctl.planner.Resources.named;
import static io.lbctl.planner.Resources.listener;
import static io.lbctl.planner.Resources.live;
import static io.lbctl.planner.Resources.liveState;
import static io.lbctl.planner.Resources.rule;
import static io.lbctl.planner.Resources.target;
import static io.lbctl.planner.Resources.targetGroup;
import static io.lbctl.planner.Resources.web;
import static io.lbctl.planner.Resources.with;
import static io.lbctl.planner.Resources.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.lbctl.model.Address;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Live resources the spec does not have: deleted last, in reverse kind order, each with why. */
class PlannerDeleteTest {
    private static final String GONE = "no longer in the spec";
    private static final String FOREIGN = "not in the spec: created outside lbctl";

    @Test
    void deletesTargetsRulesListenersLoadBalancersThenTargetGroups() {
        State live = liveState(targetGroup("api"), targetGroup("other"), web(), listener("api"), rule("api", "api"), target("api"));

        Plan plan = Planner.plan(desired(), live);

        assertThat(plan.changes()).extracting(c -> c.address().toString()).containsExactly(
                "targetGroups.api.targets.10.0.0.1:80", "loadBalancers.web.listeners.http.rules.api",
                "loadBalancers.web.listeners.http", "loadBalancers.web", "targetGroups.api", "targetGroups.other");
        assertThat(plan.changes()).allSatisfy(c -> assertThat(c).isInstanceOfSatisfying(Change.Delete.class,
                d -> assertThat(d.before()).isEqualTo(live.get(d.address()).orElseThrow())));
    }

    /** A live resource at {@code address} (a reader's "~" address when untagged), without its ownership tag if untagged. */
    private static Resource found(Resource r, String... address) {
        Resource moved = new Resource(new Address(List.of(address)), r.kind(), r.fields(), r.name(), r.arn(), r.references());
        return address[address.length - 1].startsWith("~") ? without(moved, "tags.lbctl:resource") : moved;
    }

    static Stream<Arguments> deleteReasons() {
        return Stream.of(
                arguments(targetGroup("old"), GONE),
                arguments(rule("old", "api"), GONE),
                arguments(target("old"), "leaves with targetGroups.old"),
                arguments(found(targetGroup("x"), "targetGroups", "~shop-tg-abc"), FOREIGN),
                arguments(found(web(), "loadBalancers", "~shop-web-abc"), FOREIGN),
                arguments(found(listener("api"), "loadBalancers", "web", "listeners", "~port-8443"), FOREIGN),
                arguments(found(rule("x", "api"), "loadBalancers", "web", "listeners", "http", "rules", "~priority-5"), FOREIGN),
                arguments(with(without(targetGroup("old"), "tags.lbctl:resource"), "tags.team", "web"), FOREIGN));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("deleteReasons")
    void saysWhetherADeletedResourceLeftTheSpecOrWasNeverLbctls(Resource have, String reason) {
        Plan plan = Planner.plan(desired(), liveState(have));

        assertThat(plan.changes()).containsExactly(new Change.Delete(live(have), reason));
    }

    @Test
    void deletesOnlyWhatTheSpecLacksBesideAReplacement() {
        Plan plan = Planner.plan(desired(with(targetGroup("api"), "port", "81")), liveState(targetGroup("api"), targetGroup("old")));

        assertThat(plan.deletes()).extracting(Change::address).containsExactly(Address.targetGroup("old"));
        assertThat(plan.replacements()).extracting(Change::address).containsExactly(Address.targetGroup("api"));
        assertThat(plan.changes().get(1)).isEqualTo(new Change.Delete(live(targetGroup("old")), GONE));
        assertThat(plan.changes().get(0)).isInstanceOfSatisfying(Change.Replace.class,
                r -> assertThat(r.fields()).containsExactly(new FieldChange("port", Optional.of("80"), Optional.of("81"), true)));
    }

    @Test
    void aTargetOfAKeptGroupIsSaidToBeRegisteredOutsideTheSpecAndOneOfAReplacedGroupLeavesWithIt() {
        assertThat(Planner.plan(desired(targetGroup("api")), liveState(targetGroup("api"), target("api"))).changes())
                .containsExactly(new Change.Delete(live(target("api")), "registered, but not in the spec"));

        Plan replaced = Planner.plan(desired(with(targetGroup("api"), "port", "81")), liveState(targetGroup("api"), target("api")));
        assertThat(replaced.deletes()).containsExactly(new Change.Delete(live(target("api")), "leaves with the replaced targetGroups.api"));
    }

    @Test
    void aTargetGroupWithAFixedNameThatMustBeReplacedWhileInUseIsRefusedBeforeAnythingChanges() {
        Resource pinned = named(with(targetGroup("api"), "name", "api-tg"), "api-tg");

        assertThatThrownBy(() -> Planner.plan(desired(with(pinned, "port", "8080"), web(), listener("api"), rule("r", "api")),
                liveState(pinned, web(), listener("api"), rule("r", "api"))))
                .isInstanceOf(PlanRefusedException.class)
                .hasMessage("targetGroups.api must be replaced (port forces replacement), but its name \"api-tg\" is fixed in the "
                        + "spec and loadBalancers.web.listeners.http, loadBalancers.web.listeners.http.rules.r forward to it: AWS "
                        + "allows one target group of a name and refuses to delete one in use. Remove its name (lbctl then names "
                        + "the new one, creates it first and repoints), or give it a new name.");
        assertThat(Planner.plan(desired(with(pinned, "port", "8080")), liveState(pinned)).replacements())
                .as("not in use: deleted first, then created").hasSize(1);
    }
}
