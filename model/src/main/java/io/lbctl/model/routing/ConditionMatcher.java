package io.lbctl.model.routing;

import io.lbctl.model.Condition;
import io.lbctl.model.aws.IpAddresses;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Whether a request meets one ALB condition, by AWS's rules (ALB user guide, listener rules):
 * any value of the condition may match (OR); host names, header names and values and query
 * strings compare case-insensitively; paths and methods case-sensitively; methods and source
 * addresses exactly, the rest as whole-value wildcards. A regular-expression value is searched
 * for in the text, as written: {@code ^} and {@code $} anchor it and {@code (?i)} ignores case.
 * {@link #compile} turns a condition into a test once, so matching a request compiles nothing.
 */
public final class ConditionMatcher {
    private ConditionMatcher() {
    }

    /** The condition as a ready test; build it once per configuration. */
    public static Predicate<RequestFacts> compile(Condition condition) {
        return switch (condition) {
            case Condition.HostHeader h -> {
                Predicate<String> host = anyOf(h.values(), h.regex(), true);
                yield request -> request.host().map(host::test).orElse(false);
            }
            case Condition.PathPattern p -> {
                Predicate<String> path = anyOf(p.values(), p.regex(), false);
                yield request -> path.test(request.path());
            }
            case Condition.HttpRequestMethod m -> {
                List<String> methods = m.values();
                yield request -> methods.contains(request.method());
            }
            case Condition.SourceIp s -> {
                List<String> cidrs = s.values();
                yield request -> cidrs.stream().anyMatch(cidr -> IpAddresses.inCidr(cidr, request.sourceAddress()));
            }
            case Condition.HttpHeader h -> {
                Predicate<String> value = anyOf(h.values(), h.regex(), true);
                String name = h.name();
                yield request -> request.headers().stream()
                        .anyMatch(e -> e.getKey().equalsIgnoreCase(name) && value.test(e.getValue()));
            }
            case Condition.QueryString q -> {
                List<Predicate<List<Map.Entry<String, String>>>> pairs = q.pairs().stream().map(ConditionMatcher::pair).toList();
                yield request -> pairs.stream().anyMatch(pair -> pair.test(request.query()));
            }
        };
    }

    public static boolean matches(Condition condition, RequestFacts request) {
        return compile(condition).test(request);
    }

    /** Every condition must match (AND); a rule without conditions matches everything. */
    public static boolean matchesAll(List<Condition> conditions, RequestFacts request) {
        return conditions.stream().allMatch(c -> matches(c, request));
    }

    private static Predicate<String> anyOf(List<String> values, boolean regex, boolean ignoreCase) {
        List<Predicate<String>> tests = values.stream().map(v -> regex ? regex(v) : wildcard(v, ignoreCase)).toList();
        return text -> {
            for (Predicate<String> test : tests) {
                if (test.test(text)) {
                    return true;
                }
            }
            return false;
        };
    }

    private static Predicate<String> wildcard(String value, boolean ignoreCase) {
        Wildcard w = Wildcard.of(value, ignoreCase, false);
        return w::matches;
    }

    private static Predicate<String> regex(String value) {
        Pattern p = Pattern.compile(value);
        return text -> p.matcher(text).find();
    }

    /** A pair matches when some parameter matches its value and, if it has one, its key. */
    private static Predicate<List<Map.Entry<String, String>>> pair(Condition.QueryPair pair) {
        Wildcard value = Wildcard.of(pair.value(), true, true);
        Optional<Wildcard> key = pair.key().map(k -> Wildcard.of(k, true, true));
        return query -> query.stream().anyMatch(e -> value.matches(e.getValue())
                && key.map(k -> k.matches(e.getKey())).orElse(true));
    }
}
