package io.lbctl.model.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbctl.model.Condition;
import io.lbctl.model.aws.IpAddresses;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rule matching, row by row, against AWS's documented semantics (elbv2-semantics.md section 1
 * and its acceptance vectors in section 9). A row is: condition type, its values (comma-separated;
 * http-header as NAME=v1,v2; query-string pairs as key=value or =value), the request part the
 * condition looks at, and whether it matches.
 */
class RuleMatcherTableTest {

    @ParameterizedTest(name = "{0} {1} vs ''{2}'' -> {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // host-header: case-insensitive, whole value, wildcards, port ignored
            "host-header | api.example.com | api.example.com | true",
            "host-header | api.example.com | API.Example.COM | true",
            "host-header | api.example.com | api.example.com:8080 | true",
            "host-header | api.example.com | www.api.example.com | false",
            "host-header | api.example.com | api.example.co | false",
            "host-header | *.example.com | test.example.com | true",
            "host-header | *.example.com | TEST.example.com | true",
            "host-header | *.example.com | example.com | false",
            "host-header | *.example.com | a.b.example.com | true",
            "host-header | *.example.com | test.example.com.evil.org | false",
            "host-header | api?.example.com | api1.example.com | true",
            "host-header | api?.example.com | api.example.com | false",
            "host-header | api?.example.com | api12.example.com | false",
            "host-header | a.com,b.com | b.com | true",
            "host-header | a.com,b.com | c.com | false",
            "host-header | *.com | .com | true",
            "host-header | api.*.com | api.example.com | true",
            "host-header | *.example.com | [::1]:80 | false",
            // path-pattern: case-sensitive, whole path, never the query
            "path-pattern | /api/* | /api/users | true",
            "path-pattern | /api/* | /api/ | true",
            "path-pattern | /api/* | /api | false",
            "path-pattern | /api* | /api | true",
            "path-pattern | /api/* | /API/users | false",
            "path-pattern | /img/* | /IMG/a | false",
            "path-pattern | /img/* | /img/a | true",
            "path-pattern | /api/*/orders | /api/v1/orders | true",
            "path-pattern | /api/*/orders | /api/v1/orders/7 | false",
            "path-pattern | /api/*/orders* | /api/v1/orders/7 | true",
            "path-pattern | /v? | /v1 | true",
            "path-pattern | /v? | /v10 | false",
            "path-pattern | /health | /health | true",
            "path-pattern | /health | /health/ | false",
            "path-pattern | /health | /healthz | false",
            "path-pattern | * | /anything/at/all | true",
            "path-pattern | /a,/b,/c | /c | true",
            "path-pattern | /a,/b,/c | /d | false",
            "path-pattern | /*.jpg | /photos/cat.jpg | true",
            "path-pattern | /*.jpg | /photos/cat.JPG | false",
            "path-pattern | /a*b*c | /aXXbYYc | true",
            "path-pattern | /a*b*c | /aXXbYY | false",
            "path-pattern | /*/*/* | /x/y/z | true",
            "path-pattern | /*/*/* | /x/y | false",
            // http-request-method: exact, case-sensitive
            "http-request-method | GET | GET | true",
            "http-request-method | GET | get | false",
            "http-request-method | get | GET | false",
            "http-request-method | GET,HEAD | HEAD | true",
            "http-request-method | GET,HEAD | POST | false",
            "http-request-method | CUSTOM_VERB | CUSTOM_VERB | true",
            "http-request-method | GE* | GET | false",
            // source-ip: the connection's address in a CIDR block
            "source-ip | 192.0.2.0/24 | 192.0.2.77 | true",
            "source-ip | 192.0.2.0/24 | 192.0.3.1 | false",
            "source-ip | 192.0.2.7/32 | 192.0.2.7 | true",
            "source-ip | 192.0.2.7/32 | 192.0.2.8 | false",
            "source-ip | 0.0.0.0/0 | 203.0.113.9 | true",
            "source-ip | 10.0.0.0/8,127.0.0.0/8 | 127.0.0.1 | true",
            "source-ip | 2001:db8::/32 | 2001:db8::1 | true",
            "source-ip | 2001:db8::/32 | 2001:db9::1 | false",
            "source-ip | 192.0.2.0/24 | ::1 | false",
            "source-ip | 172.16.0.0/12 | 172.31.255.255 | true",
            "source-ip | 172.16.0.0/12 | 172.32.0.1 | false",
            // http-header: name and value case-insensitive, wildcards in values, repeated headers searched in order
            "http-header | X-User-Type=premium | X-User-Type: premium | true",
            "http-header | X-User-Type=premium | x-user-type: PREMIUM | true",
            "http-header | X-User-Type=premium | X-User-Type: premium-plus | false",
            "http-header | X-User-Type=premium* | X-User-Type: premium-plus | true",
            "http-header | X-User-Type=premium,gold | X-User-Type: gold | true",
            "http-header | X-User-Type=premium | X-Other: premium | false",
            "http-header | Cookie=*session=premium* | Cookie: a=1; session=premium; b=2 | true",
            "http-header | Cookie=*session=premium* | Cookie: session=basic | false",
            "http-header | X-Env=prod | X-Env: dev ;; X-Env: prod | true",
            "http-header | X-Env=prod | X-Env: dev ;; X-Env: test | false",
            "http-header | User-Agent=*Mobile* | User-Agent: Mozilla/5.0 (iPhone; Mobile) | true",
            "http-header | X-A=? | X-A: 1 | true",
            "http-header | X-A=? | X-A: 12 | false",
            "http-header | X-A=* | X-B: 1 | false",
            // query-string: key/value pairs, case-insensitive, wildcards, backslash escapes, any pair matches
            "query-string | version=v1 | version=v1 | true",
            "query-string | version=v1 | VERSION=V1 | true",
            "query-string | version=v1 | version=v2 | false",
            "query-string | version=v* | version=v2 | true",
            "query-string | =v1 | anything=v1 | true",
            "query-string | =v1 | anything=v2 | false",
            "query-string | version=v1,lang=en | lang=en | true",
            "query-string | version=v1,lang=en | lang=fr&version=v2 | false",
            "query-string | version=v1 | a=1&version=v1&b=2 | true",
            "query-string | q=\\* | q=* | true",
            "query-string | q=\\* | q=anything | false",
            "query-string | q=\\? | q=? | true",
            "query-string | q=a\\*b | q=a*b | true",
            "query-string | q=hello world | q=hello%20world | true",
            "query-string | version=v1 | '' | false",
            // regular expressions (RegexValues): searched for in the value, anchored only by ^ and $,
            // case as written; one value per row (a regex may hold a comma)
            "host-header-regex | `^api\\.example\\.com$` | api.example.com | true",
            "host-header-regex | `^api\\.example\\.com$` | api.example.com:8443 | true",
            "host-header-regex | `^api\\.example\\.com$` | www.api.example.com | false",
            "host-header-regex | `example` | api.example.com | true",
            "host-header-regex | `^(eu|us)-[0-9]{1,2}\\.example\\.com$` | eu-12.example.com | true",
            "host-header-regex | `^(eu|us)-[0-9]{1,2}\\.example\\.com$` | ap-1.example.com | false",
            "host-header-regex | `^api\\.example\\.com$` | API.example.com | false",
            "host-header-regex | `(?i)^api\\.example\\.com$` | API.example.com | true",
            "path-pattern-regex | `^/api/v[0-9]+/` | /api/v2/users | true",
            "path-pattern-regex | `^/api/v[0-9]+/` | /api/vX/users | false",
            "path-pattern-regex | `^/api/v[0-9]+/` | /x/api/v2/ | false",
            "path-pattern-regex | `/v[0-9]+/` | /x/api/v2/ | true",
            "path-pattern-regex | `\\.(png|jpe?g)$` | /img/a.jpeg | true",
            "path-pattern-regex | `\\.(png|jpe?g)$` | /img/a.JPG | false",
            "path-pattern-regex | `^/users/[0-9]{3,}$` | /users/1234 | true",
            "path-pattern-regex | `^/users/[0-9]{3,}$` | /users/12 | false",
            "http-header-regex | `User-Agent=^Mozilla/5\\.0 .*Mobile` | User-Agent: Mozilla/5.0 (iPhone) Mobile | true",
            "http-header-regex | `user-agent=^Mozilla/5\\.0 .*Mobile` | User-Agent: Mozilla/5.0 (X11) Desktop | false",
            "http-header-regex | `X-Version=^[0-9]+\\.[0-9]+$` | x-version: 2.10 | true",
            "http-header-regex | `X-Version=^[0-9]+\\.[0-9]+$` | X-Version: 2.x | false",
    })
    void conditionsMatchAsAwsDocumentsThem(String field, String values, String request, boolean expected) {
        assertThat(ConditionMatcher.matches(condition(field, values), facts(field, request))).isEqualTo(expected);
    }

    @Test
    void conditionsOfARuleAreAndedAndTheFirstMatchingPriorityWins() {
        Condition api = new Condition.PathPattern(List.of("/api/*"));
        Condition premium = new Condition.HttpHeader("X-User-Type", List.of("premium"));
        Condition admin = new Condition.HostHeader(List.of("admin.example.com"));
        RuleMatcher<String> matcher = new RuleMatcher<>(List.of(
                new RuleMatcher.Rule<>(30, List.of(api), "api"),
                new RuleMatcher.Rule<>(10, List.of(api, premium), "premium-api"),
                new RuleMatcher.Rule<>(20, List.of(admin), "admin")), "standard");
        assertThat(matcher.match(request("admin.example.com", "/api/x", List.of()))).isEqualTo("admin");
        assertThat(matcher.match(request("www.example.com", "/api/x", List.of(Map.entry("X-User-Type", "premium")))))
                .isEqualTo("premium-api");
        assertThat(matcher.match(request("www.example.com", "/api/x", List.of()))).isEqualTo("api");
        assertThat(matcher.match(request("admin.example.com", "/other", List.of()))).isEqualTo("admin");
        assertThat(matcher.match(request("www.example.com", "/other", List.of()))).isEqualTo("standard");
    }

    @Test
    void twoHeaderConditionsMustBothMatch() {
        List<Condition> both = List.of(new Condition.HttpHeader("X-A", List.of("1")), new Condition.HttpHeader("X-B", List.of("2")));
        assertThat(ConditionMatcher.matchesAll(both, request("h.com", "/", List.of(Map.entry("X-A", "1"))))).isFalse();
        assertThat(ConditionMatcher.matchesAll(both, request("h.com", "/",
                List.of(Map.entry("X-A", "1"), Map.entry("X-B", "2"))))).isTrue();
    }

    @Test
    void aRequestWithoutAHostMatchesNoHostCondition() {
        RequestFacts noHost = new RequestFacts("GET", Optional.empty(), "/", List.of(), List.of(),
                IpAddresses.parse("127.0.0.1").orElseThrow());
        assertThat(ConditionMatcher.matches(new Condition.HostHeader(List.of("*")), noHost)).isFalse();
    }

    @Test
    void manyWildcardsOnALongValueStayFast() {
        Wildcard w = Wildcard.of("*a*a*a*a*b", false, false);
        assertThat(w.matches("a".repeat(10_000))).isFalse();
    }

    private static RequestFacts request(String host, String path, List<Map.Entry<String, String>> headers) {
        return new RequestFacts("GET", RequestFacts.hostName(host), path, List.of(), headers,
                IpAddresses.parse("127.0.0.1").orElseThrow());
    }

    private static Condition condition(String field, String values) {
        List<String> list = Arrays.stream(values.split(",")).map(String::strip).toList();
        return switch (field) {
            case "host-header" -> new Condition.HostHeader(list);
            case "host-header-regex" -> new Condition.HostHeader(List.of(values), true);
            case "path-pattern-regex" -> new Condition.PathPattern(List.of(values), true);
            case "http-header-regex" -> {
                String[] nv = values.split("=", 2);
                yield new Condition.HttpHeader(nv[0], List.of(nv[1]), true);
            }
            case "path-pattern" -> new Condition.PathPattern(list);
            case "http-request-method" -> new Condition.HttpRequestMethod(list);
            case "source-ip" -> new Condition.SourceIp(list);
            case "http-header" -> {
                String[] nv = values.split("=", 2);
                yield new Condition.HttpHeader(nv[0], Arrays.stream(nv[1].split(",")).map(String::strip).toList());
            }
            case "query-string" -> new Condition.QueryString(list.stream().map(p -> {
                String[] kv = p.split("=", 2);
                return new Condition.QueryPair(kv[0].isEmpty() ? Optional.empty() : Optional.of(kv[0]), kv[1]);
            }).toList());
            default -> throw new IllegalArgumentException(field);
        };
    }

    private static RequestFacts facts(String field, String request) {
        String r = request.equals("''") ? "" : request;
        var loopback = IpAddresses.parse("127.0.0.1").orElseThrow();
        return switch (field.replace("-regex", "")) {
            case "host-header" -> new RequestFacts("GET", RequestFacts.hostName(r), "/", List.of(), List.of(), loopback);
            case "path-pattern" -> new RequestFacts("GET", Optional.of("h.com"), r, List.of(), List.of(), loopback);
            case "http-request-method" -> new RequestFacts(r, Optional.of("h.com"), "/", List.of(), List.of(), loopback);
            case "source-ip" -> new RequestFacts("GET", Optional.of("h.com"), "/", List.of(), List.of(),
                    IpAddresses.parse(r).orElseThrow());
            case "http-header" -> {
                List<Map.Entry<String, String>> headers = new ArrayList<>();
                for (String h : r.split(" ;; ")) {
                    String[] nv = h.split(":", 2);
                    headers.add(Map.entry(nv[0].strip(), nv[1].strip()));
                }
                yield new RequestFacts("GET", Optional.of("h.com"), "/", List.of(), headers, loopback);
            }
            case "query-string" -> {
                List<Map.Entry<String, String>> query = new ArrayList<>();
                for (String p : r.isEmpty() ? new String[0] : r.split("&")) {
                    String[] kv = p.split("=", 2);
                    query.add(Map.entry(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                            URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8)));
                }
                yield new RequestFacts("GET", Optional.of("h.com"), "/", query, List.of(), loopback);
            }
            default -> throw new IllegalArgumentException(field);
        };
    }
}
