package io.lbctl.planner;

import static io.lbctl.planner.Resources.desired;
import static io.lbctl.planner.Resources.listener;
import static io.lbctl.planner.Resources.live;
import static io.lbctl.planner.Resources.liveState;
import static io.lbctl.planner.Resources.named;
import static io.lbctl.planner.Resources.rule;
import static io.lbctl.planner.Resources.target;
import static io.lbctl.planner.Resources.targetGroup;
import static io.lbctl.planner.Resources.web;
import static io.lbctl.planner.Resources.with;
import static io.lbctl.planner.Resources.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Matching desired and live resources: create, nothing, update in place, and what is compared at all. */
class PlannerTest {

    private static FieldChange inPlace(String field, String before, String after) {
        return new FieldChange(field, Optional.ofNullable(before), Optional.ofNullable(after), false);
    }

    @Test
    void createsEveryResourceTheLiveStateLacks() {
        State want = desired(targetGroup("api"), web(), listener("api"), rule("api", "api"), target("api"));

        Plan plan = Planner.plan(want, liveState());

        assertThat(plan.changes()).containsExactly(want.resources().values().stream()
                .map(Change.Create::new).toArray(Change[]::new));
        assertThat(plan.stack()).isEqualTo("shop");
    }

    @Test
    void plansNothingWhenTheLiveStateMatchesTheSpec() {
        State live = liveState(targetGroup("api"), web(), listener("api"), rule("api", "api"), target("api"));

        Plan plan = Planner.plan(desired(targetGroup("api"), web(), listener("api"), rule("api", "api"), target("api")), live);

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.summary()).isEqualTo(new Plan.Summary(0, 0, 0, 0));
        assertThat(plan.liveFingerprint()).isEqualTo(live.fingerprint());
    }

    @Test
    void updatesInPlaceWithExactlyTheChangedSettingsBeforeAndAfter() {
        Resource want = with(with(with(targetGroup("api"), "healthCheck.path", "/ready"),
                "attributes.deregistration_delay.timeout_seconds", "30"), "tags.team", "web");
        Resource have = live(with(targetGroup("api"), "tags.old", "x"));

        Plan plan = Planner.plan(desired(want), State.of("shop", List.of(have)));

        assertThat(plan.changes()).containsExactly(new Change.Update(have, want, List.of(
                inPlace("healthCheck.path", "/health", "/ready"),
                inPlace("attributes.deregistration_delay.timeout_seconds", "300", "30"),
                inPlace("tags.team", null, "web"),
                inPlace("tags.old", "x", null)), Optional.empty()));
    }

    static Stream<Arguments> liveOnlySettingsToRemove() {
        return Stream.of(
                arguments(targetGroup("api"), "tags.team", "web"),
                arguments(web(), "tags.lbctl:managed-by", "someone"),
                arguments(rule("api", "api"), "conditions[1]", "host-header = \"api.example.com\""),
                arguments(listener("api"), "extraCertificates", "[arn:aws:acm:us-east-1:123456789012:certificate/b]"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("liveOnlySettingsToRemove")
    void removesTagsConditionsAndExtraCertificatesPresentOnlyLive(Resource want, String key, String value) {
        Resource have = live(with(want, key, value));

        Plan plan = Planner.plan(desired(want), State.of("shop", List.of(have)));

        assertThat(plan.changes()).containsExactly(new Change.Update(have, want, List.of(inPlace(key, value, null)), Optional.empty()));
    }

    static Stream<Arguments> settingsAwsComputes() {
        return Stream.of(
                arguments(targetGroup("api"), "healthCheck.matcher", "200-299"),
                arguments(targetGroup("api"), "protocolVersion", "HTTP1"),
                arguments(targetGroup("api"), "attributes.some_new_attribute", "on"),
                arguments(targetGroup("api"), "name", "shop-api-0000"),
                arguments(listener("api"), "sslPolicy", "ELBSecurityPolicy-TLS13-1-2-2021-06"),
                arguments(listener("api"), "alpnPolicy", "HTTP2Preferred"),
                arguments(web(), "securityGroups", "[sg-1]"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("settingsAwsComputes")
    void doesNotCompareSettingsTheSpecLeavesToAws(Resource want, String key, String value) {
        Plan plan = Planner.plan(desired(without(want, key)), liveState(with(want, key, value)));

        assertThat(plan.changes()).isEmpty();
    }

    @Test
    void doesNotCompareAPhysicalNameTheSpecDoesNotPin() {
        Plan plan = Planner.plan(desired(named(targetGroup("api"), "shop-api-1111")), liveState(targetGroup("api")));

        assertThat(plan.changes()).isEmpty();
    }

    @Test
    void comparesAPinnedNameWithTheLivePhysicalName() {
        Resource pinned = named(with(targetGroup("api"), "name", "api-tg"), "api-tg");

        assertThat(Planner.plan(desired(pinned), liveState(named(targetGroup("api"), "api-tg"))).changes()).isEmpty();
        assertThat(Planner.plan(desired(pinned), liveState(targetGroup("api"))).changes())
                .singleElement().isInstanceOfSatisfying(Change.Replace.class, r -> assertThat(r.fields()).containsExactly(
                        new FieldChange("name", Optional.of("shop-api-0000"), Optional.of("api-tg"), true)));
    }

    @Test
    void ordersForwardChangesTargetGroupsLoadBalancersListenersRulesTargets() {
        State want = desired(target("api"), rule("api", "api"), listener("api"), web(), targetGroup("api"), targetGroup("other"));

        Plan plan = Planner.plan(want, liveState());

        assertThat(plan.changes()).extracting(c -> c.address().toString()).containsExactly(
                "targetGroups.api", "targetGroups.other", "loadBalancers.web", "loadBalancers.web.listeners.http",
                "loadBalancers.web.listeners.http.rules.api", "targetGroups.api.targets.10.0.0.1:80");
    }

    @Test
    void putsDeletesAfterEveryForwardChange() {
        Plan plan = Planner.plan(desired(targetGroup("api"), target("api"), targetGroup("new")),
                liveState(targetGroup("api"), targetGroup("old")));

        assertThat(plan.changes()).extracting(c -> c.getClass().getSimpleName() + " " + c.address()).containsExactly(
                "Create targetGroups.new", "Create targetGroups.api.targets.10.0.0.1:80", "Delete targetGroups.old");
    }
}
