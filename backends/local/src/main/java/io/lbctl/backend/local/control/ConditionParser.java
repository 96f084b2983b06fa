package io.lbctl.backend.local.control;

import io.lbctl.backend.local.api.ApiError;
import io.lbctl.backend.local.api.QueryRequest;
import io.lbctl.backend.local.store.ConditionRecord;
import io.lbctl.model.Condition;
import io.lbctl.model.aws.ConditionRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads {@code Conditions.member.N...} (the legacy {@code Values} or the typed {@code *Config},
 * wildcard {@code Values} or {@code RegexValues})
 * into condition records, checked by {@link ConditionRules}: the rules lbctl validate uses.
 */
final class ConditionParser {
    private static final Map<String, String> CONFIGS = Map.of(
            "host-header", "HostHeaderConfig", "path-pattern", "PathPatternConfig",
            "http-request-method", "HttpRequestMethodConfig", "source-ip", "SourceIpConfig",
            "http-header", "HttpHeaderConfig", "query-string", "QueryStringConfig");
    private static final Set<String> REGEX_FIELDS = Set.of("host-header", "path-pattern", "http-header");
    private static final Set<String> ONCE_PER_RULE = Set.of("host-header", "path-pattern", "http-request-method", "source-ip");

    private ConditionParser() {
    }

    static List<ConditionRecord> parse(QueryRequest request) {
        List<Map<String, String>> given = request.structs("Conditions");
        List<ConditionRecord> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Map<String, String> c : given) {
            String field = Optional.ofNullable(c.get("Field")).orElseThrow(() -> ApiError.validation(
                    "A condition field must be specified"));
            String config = CONFIGS.get(field);
            if (config == null) {
                throw ApiError.validation("Condition field '" + field + "' must be one of " + String.join(", ",
                        new java.util.TreeSet<>(CONFIGS.keySet())));
            }
            if (ONCE_PER_RULE.contains(field) && !seen.add(field)) {
                throw ApiError.validation("A rule can have at most one '" + field + "' condition");
            }
            ConditionRecord record = field.equals("query-string") ? query(c) : values(c, field, config);
            Condition model = record.toModel();
            if (model instanceof Condition.HttpHeader h) {
                ApiError.check(ConditionRules.checkHeaderName(h.name()));
            }
            if (model instanceof Condition.QueryString q) {
                q.pairs().forEach(p -> {
                    ApiError.check(p.key().flatMap(k -> ConditionRules.checkQueryPart("key", k)));
                    ApiError.check(ConditionRules.checkQueryPart("value", p.value()));
                });
            } else if (model.regex()) {
                model.values().forEach(v -> ApiError.check(ConditionRules.checkRegex(field, v)));
            } else {
                model.values().forEach(v -> ApiError.check(ConditionRules.checkValue(field, v)));
            }
            if (model.values().isEmpty()) {
                throw ApiError.validation("A " + field + " condition needs at least one value");
            }
            if (model.values().size() > ConditionRules.maxValues(model)) {
                throw ApiError.validation(field + " condition has " + model.values().size()
                        + " values; AWS allows at most " + ConditionRules.maxValues(model));
            }
            out.add(record);
        }
        if (out.isEmpty()) {
            throw ApiError.validation("A rule must have at least one condition");
        }
        ApiError.check(ConditionRules.checkRule(out.stream().map(ConditionRecord::toModel).toList()));
        return out;
    }

    private static ConditionRecord values(Map<String, String> c, String field, String config) {
        List<String> legacy = list(c, "Values.member.");
        List<String> typed = list(c, config + ".Values.member.");
        if (!legacy.isEmpty() && !typed.isEmpty()) {
            throw ApiError.validation("Values and " + config + " cannot both be specified");
        }
        List<String> legacyRegex = list(c, "RegexValues.member.");
        List<String> typedRegex = list(c, config + ".RegexValues.member.");
        if (!legacyRegex.isEmpty() && !typedRegex.isEmpty()) {
            throw ApiError.validation("RegexValues and " + config + ".RegexValues cannot both be specified");
        }
        boolean regex = !legacyRegex.isEmpty() || !typedRegex.isEmpty();
        if (regex && !REGEX_FIELDS.contains(field)) {
            throw ApiError.validation("RegexValues can be specified only for host-header, path-pattern and http-header conditions");
        }
        if (regex && (!legacy.isEmpty() || !typed.isEmpty())) {
            throw ApiError.validation("Values and RegexValues cannot both be specified in one " + field + " condition");
        }
        Optional<String> header = Optional.ofNullable(c.get("HttpHeaderConfig.HttpHeaderName"));
        if (field.equals("http-header") && header.isEmpty()) {
            throw ApiError.validation("An http-header condition needs HttpHeaderConfig.HttpHeaderName");
        }
        List<String> values = regex ? (legacyRegex.isEmpty() ? typedRegex : legacyRegex) : legacy.isEmpty() ? typed : legacy;
        return new ConditionRecord(field, header, values, List.of(), regex);
    }

    private static ConditionRecord query(Map<String, String> c) {
        TreeMap<Integer, String[]> pairs = new TreeMap<>();
        String head = "QueryStringConfig.Values.member.";
        c.forEach((k, v) -> {
            if (k.startsWith(head)) {
                String rest = k.substring(head.length());
                int dot = rest.indexOf('.');
                if (dot > 0 && rest.substring(0, dot).matches("[1-9]\\d{0,3}")) {
                    String[] p = pairs.computeIfAbsent(Integer.parseInt(rest.substring(0, dot)), x -> new String[2]);
                    p[rest.endsWith(".Key") ? 0 : 1] = v;
                }
            }
        });
        List<Condition.QueryPair> values = new ArrayList<>();
        for (String[] p : pairs.values()) {
            if (p[1] == null) {
                throw ApiError.validation("Each query-string pair needs a Value");
            }
            values.add(new Condition.QueryPair(Optional.ofNullable(p[0]), p[1]));
        }
        return new ConditionRecord("query-string", Optional.empty(), List.of(), values);
    }

    private static List<String> list(Map<String, String> c, String head) {
        TreeMap<Integer, String> values = new TreeMap<>();
        c.forEach((k, v) -> {
            if (k.startsWith(head) && k.substring(head.length()).matches("[1-9]\\d{0,3}")) {
                values.put(Integer.parseInt(k.substring(head.length())), v);
            }
        });
        return new ArrayList<>(values.values());
    }
}
