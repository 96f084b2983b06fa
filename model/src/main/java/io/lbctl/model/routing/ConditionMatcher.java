package io.lbctl.model.routing;

import io.lbctl.model.Condition;
import io.lbctl.model.aws.IpAddresses;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a request meets one ALB condition, by AWS's rules (ALB user guide, listener rules):
 * any value of the condition may match (OR); host names, header names and values and query
 * strings compare case-insensitively; paths and methods case-sensitively; methods and source
 * addresses exactly, the rest as whole-value wildcards.
 */
public final class ConditionMatcher {
    private ConditionMatcher() {
    }

    public static boolean matches(Condition condition, RequestFacts request) {
        return switch (condition) {
            case Condition.HostHeader h -> request.host()
                    .map(host -> anyWildcard(h.values(), host, true, false)).orElse(false);
            case Condition.PathPattern p -> anyWildcard(p.values(), request.path(), false, false);
            case Condition.HttpRequestMethod m -> m.values().contains(request.method());
            case Condition.SourceIp s -> s.values().stream().anyMatch(cidr -> IpAddresses.inCidr(cidr, request.sourceAddress()));
            case Condition.HttpHeader h -> request.headers().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(h.name()))
                    .anyMatch(e -> anyWildcard(h.values(), e.getValue(), true, false));
            case Condition.QueryString q -> q.pairs().stream().anyMatch(pair -> matchesPair(pair, request.query()));
        };
    }

    /** Every condition must match (AND); a rule without conditions matches everything. */
    public static boolean matchesAll(List<Condition> conditions, RequestFacts request) {
        return conditions.stream().allMatch(c -> matches(c, request));
    }

    private static boolean anyWildcard(List<String> values, String text, boolean ignoreCase, boolean escapes) {
        return values.stream().anyMatch(v -> Wildcard.of(v, ignoreCase, escapes).matches(text));
    }

    /** A pair matches when some parameter matches its value and, if it has one, its key. */
    private static boolean matchesPair(Condition.QueryPair pair, List<Map.Entry<String, String>> query) {
        Wildcard value = Wildcard.of(pair.value(), true, true);
        Optional<Wildcard> key = pair.key().map(k -> Wildcard.of(k, true, true));
        return query.stream().anyMatch(e -> value.matches(e.getValue())
                && key.map(k -> k.matches(e.getKey())).orElse(true));
    }
}
