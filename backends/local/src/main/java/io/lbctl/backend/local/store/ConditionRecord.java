package io.lbctl.backend.local.store;

import io.lbctl.model.Condition;
import java.util.List;
import java.util.Optional;

/**
 * One rule condition as the API carries it: field, header name for http-header, values or query
 * pairs; {@code regex} when the values came as {@code RegexValues}.
 */
public record ConditionRecord(String field, Optional<String> httpHeaderName, List<String> values,
                              List<Condition.QueryPair> queryValues, boolean regex) {
    public ConditionRecord {
        values = List.copyOf(values);
        queryValues = List.copyOf(queryValues);
    }

    public ConditionRecord(String field, Optional<String> httpHeaderName, List<String> values,
                           List<Condition.QueryPair> queryValues) {
        this(field, httpHeaderName, values, queryValues, false);
    }

    public Condition toModel() {
        return switch (field) {
            case "host-header" -> new Condition.HostHeader(values, regex);
            case "path-pattern" -> new Condition.PathPattern(values, regex);
            case "http-request-method" -> new Condition.HttpRequestMethod(values);
            case "source-ip" -> new Condition.SourceIp(values);
            case "http-header" -> new Condition.HttpHeader(httpHeaderName.orElse(""), values, regex);
            case "query-string" -> new Condition.QueryString(queryValues);
            default -> throw new IllegalStateException("unknown condition field " + field);
        };
    }
}
