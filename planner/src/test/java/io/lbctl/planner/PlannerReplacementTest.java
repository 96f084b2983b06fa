package io.lbctl.planner;

import static io.lbctl.planner.Resources.desired;
import static io.lbctl.planner.Resources.listener;
import static io.lbctl.planner.Resources.live;
import static io.lbctl.planner.Resources.liveState;
import static io.lbctl.planner.Resources.loadBalancer;
import static io.lbctl.planner.Resources.named;
import static io.lbctl.planner.Resources.rule;
import static io.lbctl.planner.Resources.target;
import static io.lbctl.planner.Resources.targetGroup;
import static io.lbctl.planner.Resources.web;
import static io.lbctl.planner.Resources.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What AWS cannot change in place, how a replacement is ordered, and what it drags along. */
class PlannerReplacementTest {
    private static final Resource NLB = loadBalancer("edge", "network");
    private static final Resource TARGET_IN_ZONE = with(target("api"), "availabilityZone", "us-east-1a");

    /** A table row named by the resource's address (and load-balancer type). */
    private static Arguments row(Resource base, String field, String after, boolean forces) {
        return arguments(base.address() + base.field("type").map(t -> " (" + t + ")").orElse(""), base, field, after, forces);
    }

    static Stream<Arguments> settingChanges() {
        return Stream.of(
                row(targetGroup("api"), "port", "8080", true),
                row(targetGroup("api"), "protocol", "HTTPS", true),
                row(targetGroup("api"), "protocolVersion", "HTTP2", true),
                row(targetGroup("api"), "targetType", "instance", true),
                row(targetGroup("api"), "vpc", "vpc-2", true),
                row(targetGroup("api"), "ipAddressType", "ipv6", true),
                row(targetGroup("api"), "healthCheck.path", "/ready", false),
                row(targetGroup("api"), "attributes.deregistration_delay.timeout_seconds", "30", false),
                row(targetGroup("api"), "tags.team", "web", false),
                row(web(), "type", "network", true),
                row(web(), "scheme", "internal", true),
                row(web(), "ipAddressType", "dualstack", false),
                row(web(), "subnets", "[subnet-a]", false),
                row(web(), "subnets", "[subnet-a, subnet-b, subnet-c]", false),
                row(web(), "securityGroups", "[sg-1]", false),
                row(web(), "attributes.idle_timeout.timeout_seconds", "120", false),
                row(NLB, "subnets", "[subnet-a, subnet-b, subnet-c]", false),
                row(NLB, "subnets", "[subnet-a]", true),
                row(NLB, "subnets", "[subnet-a, subnet-c]", true),
                row(listener("api"), "port", "8080", false),
                row(listener("api"), "protocol", "HTTPS", false),
                row(listener("api"), "certificate", "arn:aws:acm:us-east-1:123456789012:certificate/a", false),
                row(listener("api"), "defaultAction", "fixed-response 404", false),
                row(rule("api", "api"), "priority", "20", false),
                row(rule("api", "api"), "conditions[0]", "path-pattern = \"/v2/*\"", false),
                row(rule("api", "api"), "action", "fixed-response 503", false),
                row(TARGET_IN_ZONE, "availabilityZone", "all", true));
    }

    @ParameterizedTest(name = "{0}: {2} -> {3}, forces replacement = {4}")
    @MethodSource("settingChanges")
    void replacesExactlyWhenAwsCannotChangeTheSettingInPlace(String resource, Resource base, String field, String after, boolean forces) {
        Resource want = with(base, field, after);
        FieldChange expected = new FieldChange(field, base.field(field), Optional.of(after), forces);

        Change change = Planner.plan(desired(want), liveState(base)).changes().get(0);

        assertThat(change).isInstanceOf(forces ? Change.Replace.class : Change.Update.class);
        assertThat(fieldsOf(change)).containsExactly(expected);
        if (change instanceof Change.Replace r) {
            assertThat(r.reason()).isEqualTo(field + " forces replacement");
        }
    }

    @Test
    void namesEveryForcingSettingInSpecOrderAndKeepsTheOthersInTheChange() {
        Resource want = with(with(with(targetGroup("api"), "port", "8080"), "protocol", "HTTPS"), "healthCheck.path", "/ready");

        Change.Replace r = Planner.plan(desired(want), liveState(targetGroup("api"))).replacements().get(0);

        assertThat(r.reason()).isEqualTo("protocol, port force replacement");
        assertThat(r.fields()).extracting(FieldChange::field, FieldChange::forcesReplacement).containsExactly(
                tuple("protocol", true), tuple("port", true), tuple("healthCheck.path", false));
    }

    static Stream<Arguments> replacementOrder() {
        Resource pinned = named(with(targetGroup("api"), "name", "api-tg"), "api-tg");
        return Stream.of(
                arguments("target group with a derived name", targetGroup("api"), with(targetGroup("api"), "port", "8080"), true),
                arguments("target group with a fixed name", pinned, with(pinned, "port", "8080"), false),
                arguments("target group being renamed", targetGroup("api"), named(with(targetGroup("api"), "name", "api-2"), "api-2"),
                        true),
                arguments("load balancer", web(), with(web(), "scheme", "internal"), false),
                arguments("load balancer being renamed", web(), named(with(web(), "name", "web-2"), "web-2"), false),
                arguments("target", TARGET_IN_ZONE, with(TARGET_IN_ZONE, "availabilityZone", "all"), true));
    }

    @ParameterizedTest(name = "{0}: create first = {3}")
    @MethodSource("replacementOrder")
    void createsTheReplacementFirstUnlessANameOrALoadBalancerForbidsIt(String what, Resource have, Resource want, boolean createFirst) {
        Change.Replace r = Planner.plan(desired(want), liveState(have)).replacements().get(0);

        assertThat(r.createFirst()).isEqualTo(createFirst);
        assertThat(r.before()).isEqualTo(live(have));
        assertThat(r.after()).isEqualTo(want);
    }

    @Test
    void replacesListenersAndRulesOfAReplacedLoadBalancerDeleteFirst() {
        Plan plan = Planner.plan(desired(targetGroup("api"), with(web(), "scheme", "internal"), listener("api"), rule("api", "api")),
                liveState(targetGroup("api"), web(), listener("api"), rule("api", "api")));

        assertThat(plan.changes()).extracting(c -> c.address().toString(), PlannerReplacementTest::describe).containsExactly(
                tuple("loadBalancers.web", "replace delete-first: scheme forces replacement"),
                tuple("loadBalancers.web.listeners.http", "replace delete-first: its load balancer loadBalancers.web is replaced"),
                tuple("loadBalancers.web.listeners.http.rules.api",
                        "replace delete-first: its listener loadBalancers.web.listeners.http is replaced"));
        assertThat(plan.replacements().get(1).fields()).isEmpty();
    }

    @Test
    void replacesTargetsOfAReplacedGroupTheSameWayAsTheGroup() {
        Resource pinned = named(with(targetGroup("api"), "name", "api-tg"), "api-tg");

        assertThat(Planner.plan(desired(with(targetGroup("api"), "port", "81"), target("api")),
                liveState(targetGroup("api"), target("api"))).changes()).extracting(PlannerReplacementTest::describe)
                .containsExactly("replace create-first: port forces replacement",
                        "replace create-first: its target group targetGroups.api is replaced");
        assertThat(Planner.plan(desired(with(pinned, "port", "81"), target("api")), liveState(pinned, target("api"))).changes())
                .extracting(PlannerReplacementTest::describe).containsExactly("replace delete-first: port forces replacement",
                        "replace delete-first: its target group targetGroups.api is replaced");
    }

    @Test
    void repointsListenersAndRulesThatForwardToAReplacedTargetGroup() {
        Plan plan = Planner.plan(desired(with(targetGroup("api"), "port", "81"), targetGroup("other"), listener("api"),
                        rule("api", "api"), rule("rest", "other")),
                liveState(targetGroup("api"), targetGroup("other"), listener("api"), rule("api", "api"), rule("rest", "other")));

        assertThat(plan.changes()).extracting(c -> c.address().toString(), PlannerReplacementTest::describe).containsExactly(
                tuple("targetGroups.api", "replace create-first: port forces replacement"),
                tuple("loadBalancers.web.listeners.http", "update []: repointed to the replacement of targetGroups.api"),
                tuple("loadBalancers.web.listeners.http.rules.api", "update []: repointed to the replacement of targetGroups.api"));
    }

    @Test
    void keepsTheRepointReasonBesideOtherChangedSettings() {
        Plan plan = Planner.plan(desired(with(targetGroup("api"), "port", "81"), with(rule("api", "api"), "priority", "5")),
                liveState(targetGroup("api"), rule("api", "api")));

        assertThat(plan.changes()).extracting(PlannerReplacementTest::describe).containsExactly(
                "replace create-first: port forces replacement", "update [priority]: repointed to the replacement of targetGroups.api");
    }

    @Test
    void registersAgainATargetNamingAReplacedLoadBalancer() {
        Resource albTarget = Resources.albTarget("nlb", "web");

        Plan plan = Planner.plan(desired(with(web(), "scheme", "internal"), albTarget), liveState(web(), albTarget));

        assertThat(plan.changes()).extracting(PlannerReplacementTest::describe).containsExactly(
                "replace delete-first: scheme forces replacement",
                "replace create-first: it registers loadBalancers.web, which is replaced");
    }

    private static String describe(Change c) {
        return switch (c) {
            case Change.Replace r -> "replace " + (r.createFirst() ? "create-first: " : "delete-first: ") + r.reason();
            case Change.Update u -> "update " + u.fields().stream().map(FieldChange::field).toList()
                    + u.reason().map(x -> ": " + x).orElse("");
            case Change.Create x -> "create";
            case Change.Delete d -> "delete: " + d.reason();
        };
    }

    private static List<FieldChange> fieldsOf(Change c) {
        return switch (c) {
            case Change.Update u -> u.fields();
            case Change.Replace r -> r.fields();
            default -> List.of();
        };
    }
}
