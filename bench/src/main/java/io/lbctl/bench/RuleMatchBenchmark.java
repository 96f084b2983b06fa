package io.lbctl.bench;

import io.lbctl.model.Condition;
import io.lbctl.model.routing.RequestFacts;
import io.lbctl.model.routing.RuleMatcher;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rule matching on one listener with 100 rules, as the ALB data plane does it for every request
 * ({@link RuleMatcher#match}; the request's facts are built beforehand). The rules mix the condition
 * types a large listener carries, a quarter each: path patterns; host header and path; an HTTP
 * header and the method; a query string and a path. {@code hit} picks the request: one the first
 * rule takes, one the 50th takes, one the 100th takes, and one no rule takes (the default action,
 * after all 100 rules were tried, the worst case).
 * Run from the repository root: {@code java -jar bench/target/benchmarks.jar RuleMatch}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RuleMatchBenchmark {
    static final int RULES = 100;
    static final int DEFAULT_ACTION = -1;

    @Param({"first", "50th", "100th", "none"})
    public String hit;

    private RuleMatcher<Integer> matcher;
    private RequestFacts request;
    private int expected;

    @Setup
    public void build() throws UnknownHostException {
        matcher = listener();
        int index = switch (hit) {
            case "first" -> 0;
            case "50th" -> 49;
            case "100th" -> RULES - 1;
            case "none" -> DEFAULT_ACTION;
            default -> throw new IllegalArgumentException(hit);
        };
        request = index == DEFAULT_ACTION ? unmatched() : requestFor(index);
        expected = index;
        int got = matcher.match(request);
        if (got != expected) {
            throw new IllegalStateException("request for rule " + expected + " matched " + got);
        }
    }

    @Benchmark
    public Integer match() {
        return matcher.match(request);
    }

    /** 100 rules at priorities 1..100, given in a shuffled order (the matcher sorts them); the action is the rule's index. */
    static RuleMatcher<Integer> listener() {
        List<RuleMatcher.Rule<Integer>> rules = new ArrayList<>();
        for (int i = 0; i < RULES; i++) {
            rules.add(new RuleMatcher.Rule<>(i + 1, conditions(i), i));
        }
        Collections.shuffle(rules, new Random(7));
        return new RuleMatcher<>(rules, DEFAULT_ACTION);
    }

    private static List<Condition> conditions(int i) {
        return switch (i % 4) {
            case 0 -> List.of(new Condition.PathPattern(List.of("/api/v" + i + "/*", "/api/v" + i)));
            case 1 -> List.of(new Condition.HostHeader(List.of("svc" + i + ".example.com", "*.svc" + i + ".example.org")),
                    new Condition.PathPattern(List.of("/svc/*")));
            case 2 -> List.of(new Condition.HttpHeader("X-Route", List.of("route-" + i, "r" + i + "-*")),
                    new Condition.HttpRequestMethod(List.of("GET", "HEAD")));
            default -> List.of(new Condition.QueryString(List.of(new Condition.QueryPair(Optional.of("version"), "v" + i))),
                    new Condition.PathPattern(List.of("*/items/*")));
        };
    }

    /** A browser-like request that only rule {@code i} takes. */
    private static RequestFacts requestFor(int i) throws UnknownHostException {
        String host = "www.example.com";
        String path = "/index.html";
        List<Map.Entry<String, String>> query = List.of(Map.entry("page", "2"));
        List<Map.Entry<String, String>> headers = new ArrayList<>(commonHeaders());
        switch (i % 4) {
            case 0 -> path = "/api/v" + i + "/orders/17";
            case 1 -> {
                host = "svc" + i + ".example.com";
                path = "/svc/orders/17";
            }
            case 2 -> headers.add(Map.entry("X-Route", "route-" + i));
            default -> {
                path = "/shop/items/17";
                query = List.of(Map.entry("page", "2"), Map.entry("version", "v" + i));
            }
        }
        return facts(host, path, query, headers);
    }

    private static RequestFacts unmatched() throws UnknownHostException {
        return facts("www.example.com", "/shop/items/17", List.of(Map.entry("page", "2"), Map.entry("version", "v1000")),
                commonHeaders());
    }

    private static RequestFacts facts(String host, String path, List<Map.Entry<String, String>> query,
                                      List<Map.Entry<String, String>> headers) throws UnknownHostException {
        List<Map.Entry<String, String>> all = new ArrayList<>();
        all.add(Map.entry("Host", host));
        all.addAll(headers);
        return new RequestFacts("GET", RequestFacts.hostName(host), path, query, all, InetAddress.getByName("127.0.0.1"));
    }

    private static List<Map.Entry<String, String>> commonHeaders() {
        return List.of(Map.entry("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0"),
                Map.entry("Accept", "text/html,application/xhtml+xml"), Map.entry("Accept-Language", "en-GB,en;q=0.5"),
                Map.entry("Accept-Encoding", "gzip, deflate, br"), Map.entry("Cookie", "session=0123456789abcdef"),
                Map.entry("X-Request-Id", "5d9b8c1e-2f3a-4b5c-9d8e-7f6a5b4c3d2e"));
    }
}
