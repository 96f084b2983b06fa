package io.lbctl.model.routing;

import io.lbctl.model.Condition;
import io.lbctl.model.aws.IpAddresses;
import java.net.InetAddress;
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
            case Condition.SourceIp s -> s.values().stream().anyMatch(cidr -> inCidr(cidr, request.sourceAddress()));
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

    static boolean inCidr(String cidr, InetAddress address) {
        int slash = cidr.indexOf('/');
        Optional<InetAddress> network = IpAddresses.parse(cidr.substring(0, slash));
        if (network.isEmpty()) {
            return false;
        }
        byte[] net = network.get().getAddress();
        byte[] addr = address.getAddress();
        if (net.length != addr.length) {
            return false;
        }
        int bits = Integer.parseInt(cidr.substring(slash + 1));
        for (int i = 0; i < net.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((net[i] & mask) != (addr[i] & mask)) {
                return false;
            }
        }
        return true;
    }
}
