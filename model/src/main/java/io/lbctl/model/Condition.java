package io.lbctl.model;

import java.util.List;
import java.util.Optional;

/**
 * One rule condition. A condition matches when any of its values matches (OR); a rule needs
 * every condition to match (AND). {@link #field()} is AWS's name for the condition type.
 * Host, path and header conditions hold either wildcard values or, AWS's newer form, regular
 * expressions ({@code RegexValues}), never both.
 */
public sealed interface Condition {

    /** AWS's {@code Field} value, such as {@code host-header}. */
    String field();

    /** The values as written, for counting against AWS's per-rule limits. */
    List<String> values();

    /** Whether the values are regular expressions rather than wildcard patterns. */
    default boolean regex() {
        return false;
    }

    record HostHeader(List<String> values, boolean regex) implements Condition {
        public HostHeader {
            values = List.copyOf(values);
        }

        public HostHeader(List<String> values) {
            this(values, false);
        }

        @Override
        public String field() {
            return "host-header";
        }
    }

    record PathPattern(List<String> values, boolean regex) implements Condition {
        public PathPattern {
            values = List.copyOf(values);
        }

        public PathPattern(List<String> values) {
            this(values, false);
        }

        @Override
        public String field() {
            return "path-pattern";
        }
    }

    record HttpHeader(String name, List<String> values, boolean regex) implements Condition {
        public HttpHeader {
            values = List.copyOf(values);
        }

        public HttpHeader(String name, List<String> values) {
            this(name, values, false);
        }

        @Override
        public String field() {
            return "http-header";
        }
    }

    record HttpRequestMethod(List<String> values) implements Condition {
        public HttpRequestMethod {
            values = List.copyOf(values);
        }

        @Override
        public String field() {
            return "http-request-method";
        }
    }

    record SourceIp(List<String> values) implements Condition {
        public SourceIp {
            values = List.copyOf(values);
        }

        @Override
        public String field() {
            return "source-ip";
        }
    }

    record QueryString(List<QueryPair> pairs) implements Condition {
        public QueryString {
            pairs = List.copyOf(pairs);
        }

        @Override
        public String field() {
            return "query-string";
        }

        /** Each pair as {@code key=value}, or {@code value} alone when it has no key. */
        @Override
        public List<String> values() {
            return pairs.stream().map(QueryPair::toString).toList();
        }
    }

    /** One {@code key=value} pair of a query-string condition; a pair without a key matches any key. */
    record QueryPair(Optional<String> key, String value) {
        @Override
        public String toString() {
            return key.map(k -> k + "=" + value).orElse(value);
        }
    }
}
