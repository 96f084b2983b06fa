package io.lbctl.model.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbctl.model.Condition;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionRulesTest {

    @ParameterizedTest(name = "{0} ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', nullValues = "ok", value = {
            "host-header | api.example.com | ok",
            "host-header | *.example.com | ok",
            "host-header | TEST.Example.COM | ok",
            "host-header | localhost | condition.host.form",
            "host-header | example.* | condition.host.form",
            "host-header | example.c0m | condition.host.form",
            "host-header | exa_mple.com | condition.host.characters",
            "path-pattern | /api/* | ok",
            "path-pattern | /img/?.png | ok",
            "path-pattern | /a b | condition.path.characters",
            "path-pattern | /~user/$x@y:z+'\"& | ok",
            "http-request-method | GET | ok",
            "http-request-method | CUSTOM_VERB-2 | condition.method.characters",
            "http-request-method | get | condition.method.characters",
            "source-ip | 192.0.2.0/24 | ok",
            "source-ip | 2001:db8::/32 | ok",
            "source-ip | 192.0.2.1 | condition.sourceIp.cidr",
            "source-ip | 192.0.2.0/33 | condition.sourceIp.cidr",
            "source-ip | 300.0.0.0/8 | condition.sourceIp.cidr",
            "source-ip | example.com/8 | condition.sourceIp.cidr",
            "source-ip | 255.255.255.255/32 | condition.sourceIp.broadcast",
            "http-header | Mozilla 5.0* | ok",
    })
    void conditionValueRulesFollowTheAlbUserGuide(String field, String value, String code) {
        Optional<Violation> v = ConditionRules.checkValue(field, value);
        assertThat(v.map(Violation::code).orElse(null)).isEqualTo(code);
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', nullValues = "ok", value = {
            "`^/api/v[0-9]+/(users|orders)$` | ok",
            "`(?i)^api\\.example\\.com$` | ok",
            "`^/a{2,3}b*?c+?` | ok",
            "`[\\p]` | condition.regex.unsupported",
            "`^/(?=admin)` | condition.regex.unsupported",
            "`^/(?!admin)` | condition.regex.unsupported",
            "`(?<=/)x` | condition.regex.unsupported",
            "`(?<!/)x` | condition.regex.unsupported",
            "`(a)\\1` | condition.regex.unsupported",
            "`(?<n>a)\\k<n>` | condition.regex.unsupported",
            "`(?>ab|a)c` | condition.regex.unsupported",
            "`a*+b` | condition.regex.unsupported",
            "`a++b` | condition.regex.unsupported",
            "`a?+b` | condition.regex.unsupported",
            "`a{2}+b` | condition.regex.unsupported",
            "`(a|(?R))` | condition.regex.unsupported",
            "`\\p{L}+` | condition.regex.unsupported",
            "`[^\\P{Lu}]` | condition.regex.unsupported",
            "`[+*?]+` | ok",
            "`[(?=]` | ok",
            "`\\(?=` | ok",
            "`^/api/(` | condition.regex.syntax",
            "`[a-` | condition.regex.syntax",
            "`*a` | condition.regex.syntax",
    })
    void regularExpressionsRefuseTheFeaturesAwsDoesNotSupport(String regex, String code) {
        assertThat(ConditionRules.checkRegex("path-pattern", regex).map(Violation::code).orElse(null)).isEqualTo(code);
    }

    @org.junit.jupiter.api.Test
    void aRegularExpressionIsLimitedLikeAValueButItsQuantifiersAreNoWildcards() {
        assertThat(ConditionRules.checkRegex("host-header", "a".repeat(129)).map(Violation::code)).contains("condition.value.length");
        assertThat(ConditionRules.checkRegex("host-header", "").map(Violation::code)).contains("condition.value.empty");
        assertThat(ConditionRules.checkRegex("host-header", "caf\u00e9").map(Violation::code)).contains("condition.value.characters");
        assertThat(ConditionRules.wildcards(new Condition.PathPattern(List.of("^/a*b?c*d?e*f?$"), true))).isZero();
    }

    @ParameterizedTest(name = "header name ''{0}'' -> {1}")
    @CsvSource(nullValues = "ok", value = {
            "X-User-Type, ok", "Cookie, ok", "host, condition.header.host", "Host, condition.header.host",
            "'X User', condition.header.name",
            "X-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, condition.header.name"})
    void headerNamesAreTokensOfAtMostFortyCharactersButNotHost(String name, String code) {
        assertThat(ConditionRules.checkHeaderName(name).map(Violation::code).orElse(null)).isEqualTo(code);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"a\\*b | 0", "*a?b | 2", "\\?\\* | 0"})
    void escapedWildcardsInQueryStringsAreNotCounted(String value, int wildcards) {
        var q = new Condition.QueryString(List.of(new Condition.QueryPair(Optional.empty(), value)));
        assertThat(ConditionRules.wildcards(q)).isEqualTo(wildcards);
    }

    @org.junit.jupiter.api.Test
    void aRuleMayHaveFiveValuesAndFiveWildcardsButNotSix() {
        var five = List.<Condition>of(new Condition.PathPattern(List.of("/a*", "/b*", "/c*")),
                new Condition.HostHeader(List.of("*.a.com", "*.b.com")));
        assertThat(ConditionRules.checkRule(five)).isEmpty();
        var sixValues = List.<Condition>of(new Condition.PathPattern(List.of("/a", "/b", "/c")),
                new Condition.HostHeader(List.of("a.com", "b.com", "c.com")));
        assertThat(ConditionRules.checkRule(sixValues).map(Violation::code)).contains("rule.values.limit");
        var sixWildcards = List.<Condition>of(new Condition.PathPattern(List.of("/a**", "/b**", "/c**")));
        assertThat(ConditionRules.checkRule(sixWildcards).map(Violation::code)).contains("rule.wildcards.limit");
    }
}
