package io.lbctl.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.lbctl.model.Action;
import io.lbctl.model.Address;
import io.lbctl.model.Condition;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SettingTextTest {
    private static final String TG_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/ext/0123456789abcdef";

    private static Action.Forward weighted(Optional<Action.GroupStickiness> stickiness) {
        return new Action.Forward(List.of(new Action.WeightedTargetGroup("blue", 20), new Action.WeightedTargetGroup("api", 80)),
                stickiness);
    }

    static Stream<Arguments> actions() {
        return Stream.of(
                arguments(Action.Forward.to("api"), "forward to targetGroups.api"),
                arguments(new Action.Forward(List.of(new Action.WeightedTargetGroup("api", 7)), Optional.empty()),
                        "forward to targetGroups.api"),
                arguments(Action.Forward.to(TG_ARN), "forward to " + TG_ARN),
                arguments(weighted(Optional.empty()), "forward to targetGroups.api (weight 80), targetGroups.blue (weight 20)"),
                arguments(weighted(Optional.of(new Action.GroupStickiness(true, 300))),
                        "forward to targetGroups.api (weight 80), targetGroups.blue (weight 20); group stickiness 300s"),
                arguments(weighted(Optional.of(new Action.GroupStickiness(false, 300))),
                        "forward to targetGroups.api (weight 80), targetGroups.blue (weight 20)"),
                arguments(new Action.Redirect(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                        "HTTP_301"), "redirect HTTP_301 to #{protocol}://#{host}:#{port}/#{path}?#{query}"),
                arguments(new Action.Redirect(Optional.of("HTTPS"), Optional.of("443"), Optional.of("example.com"), Optional.of("/new"),
                        Optional.of("a=b"), "HTTP_302"), "redirect HTTP_302 to HTTPS://example.com:443/new?a=b"),
                arguments(new Action.FixedResponse(404, Optional.empty(), Optional.empty()), "fixed-response 404"),
                arguments(new Action.FixedResponse(503, Optional.of("text/plain"), Optional.of("down\n\"now\"\t\\\u0001")),
                        "fixed-response 503 text/plain \"down\\n\\\"now\\\"\\t\\\\\\u0001\""));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("actions")
    void spellsEachActionOneWayWithAwsDefaultsWrittenOut(Action action, String text) {
        assertThat(SettingText.action(action)).isEqualTo(text);
    }

    @Test
    void spellsConditionsTheSameWhateverTheirOrderOrTheOrderOfTheirValues() {
        List<String> one = SettingText.conditions(List.of(new Condition.HostHeader(List.of("b.example.com", "a.example.com")),
                new Condition.PathPattern(List.of("/api/*"))));
        List<String> other = SettingText.conditions(List.of(new Condition.PathPattern(List.of("/api/*")),
                new Condition.HostHeader(List.of("a.example.com", "b.example.com"))));

        assertThat(one).isEqualTo(other).containsExactly("host-header = \"a.example.com\" | \"b.example.com\"",
                "path-pattern = \"/api/*\"");
    }

    static Stream<Arguments> conditions() {
        return Stream.of(
                arguments(new Condition.HttpHeader("X-Env", List.of("prod", "canary")), "http-header X-Env = \"canary\" | \"prod\""),
                arguments(new Condition.PathPattern(List.of("^/api/v[0-9]+$"), true), "path-pattern ~ \"^/api/v[0-9]+$\""),
                arguments(new Condition.HostHeader(List.of("^api\\.example\\.com$"), true), "host-header ~ \"^api\\\\.example\\\\.com$\""),
                arguments(new Condition.HttpRequestMethod(List.of("POST", "GET")), "http-request-method = \"GET\" | \"POST\""),
                arguments(new Condition.SourceIp(List.of("192.0.2.0/24")), "source-ip = \"192.0.2.0/24\""),
                arguments(new Condition.QueryString(List.of(new Condition.QueryPair(Optional.of("v"), "1"),
                        new Condition.QueryPair(Optional.empty(), "debug"))), "query-string = \"debug\" | \"v=1\""));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("conditions")
    void spellsEachConditionWithItsFieldOperatorAndQuotedValues(Condition condition, String text) {
        assertThat(SettingText.conditions(List.of(condition))).containsExactly(text);
    }

    @Test
    void referencesAreTheTargetGroupsAForwardPointsAt() {
        assertThat(SettingText.references(weighted(Optional.empty())))
                .containsExactly(Address.targetGroup("blue"), Address.targetGroup("api"));
        assertThat(SettingText.references(new Action.FixedResponse(200, Optional.empty(), Optional.empty()))).isEmpty();
    }

    @Test
    void listsAreBracketedAndCommaSeparated() {
        assertThat(SettingText.list(List.of("subnet-a", "subnet-b"))).isEqualTo("[subnet-a, subnet-b]");
        assertThat(SettingText.list(List.of())).isEqualTo("[]");
    }
}
