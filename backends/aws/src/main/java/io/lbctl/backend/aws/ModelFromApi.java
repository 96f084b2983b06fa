package io.lbctl.backend.aws;

import io.lbctl.model.Action;
import io.lbctl.model.Condition;
import io.lbctl.model.WireEnum;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ForwardActionConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

/**
 * The API's actions and conditions as model records, so live settings are compared in the
 * spec's own terms. Target-group ARNs become logical ids through {@code targetGroupIds} when the
 * stack owns them and stay ARNs otherwise.
 */
final class ModelFromApi {
    private ModelFromApi() {
    }

    static <E extends Enum<E> & WireEnum> E wire(Class<E> type, String value) {
        return WireEnum.parse(type, value).orElseThrow(() -> new IllegalStateException(
                "the API returned " + type.getSimpleName() + " '" + value + "', which lbctl does not know"));
    }

    /**
     * The first action lbctl manages, or, for an action it does not model (authenticate-oidc,
     * authenticate-cognito, jwt-validation), a fixed stand-in that never equals a spec's, so
     * the plan shows it as something to change.
     */
    static Action action(List<software.amazon.awssdk.services.elasticloadbalancingv2.model.Action> actions,
                         Function<String, String> targetGroupIds) {
        var sorted = new ArrayList<>(actions);
        sorted.sort(java.util.Comparator.comparing(a -> a.order() == null ? Integer.MAX_VALUE : a.order()));
        for (var a : sorted) {
            switch (a.typeAsString()) {
                case "forward" -> {
                    return forward(a.forwardConfig(), a.targetGroupArn(), targetGroupIds);
                }
                case "redirect" -> {
                    var r = a.redirectConfig();
                    return new Action.Redirect(Optional.ofNullable(r.protocol()), Optional.ofNullable(r.port()),
                            Optional.ofNullable(r.host()), Optional.ofNullable(r.path()), Optional.ofNullable(r.query()),
                            r.statusCodeAsString());
                }
                case "fixed-response" -> {
                    var x = a.fixedResponseConfig();
                    return new Action.FixedResponse(Integer.parseInt(x.statusCode()), Optional.ofNullable(x.contentType()),
                            Optional.ofNullable(x.messageBody()));
                }
                default -> {
                    // authentication steps precede the final action; lbctl does not model them
                }
            }
        }
        String types = sorted.stream().map(software.amazon.awssdk.services.elasticloadbalancingv2.model.Action::typeAsString)
                .toList().toString();
        return new Action.FixedResponse(0, Optional.of("unsupported"), Optional.of("actions lbctl does not manage: " + types));
    }

    private static Action forward(ForwardActionConfig config, String single, Function<String, String> targetGroupIds) {
        List<Action.WeightedTargetGroup> groups = new ArrayList<>();
        if (config != null && config.hasTargetGroups() && !config.targetGroups().isEmpty()) {
            for (TargetGroupTuple t : config.targetGroups()) {
                groups.add(new Action.WeightedTargetGroup(targetGroupIds.apply(t.targetGroupArn()),
                        t.weight() == null ? 1 : t.weight()));
            }
        } else {
            groups.add(new Action.WeightedTargetGroup(targetGroupIds.apply(single), 1));
        }
        Optional<Action.GroupStickiness> stickiness = Optional.ofNullable(config)
                .map(ForwardActionConfig::targetGroupStickinessConfig)
                .map(s -> new Action.GroupStickiness(Boolean.TRUE.equals(s.enabled()),
                        s.durationSeconds() == null ? 0 : s.durationSeconds()));
        return new Action.Forward(groups, stickiness);
    }

    static List<Condition> conditions(List<RuleCondition> conditions) {
        List<Condition> out = new ArrayList<>();
        for (RuleCondition c : conditions) {
            out.add(condition(c));
        }
        return out;
    }

    private static Condition condition(RuleCondition c) {
        return switch (c.field()) {
            case "host-header" -> {
                var cfg = c.hostHeaderConfig();
                List<String> regex = cfg != null && cfg.hasRegexValues() ? cfg.regexValues() : c.hasRegexValues() ? c.regexValues() : List.of();
                yield regex.isEmpty() ? new Condition.HostHeader(values(cfg != null && cfg.hasValues() ? cfg.values() : null, c))
                        : new Condition.HostHeader(regex, true);
            }
            case "path-pattern" -> {
                var cfg = c.pathPatternConfig();
                List<String> regex = cfg != null && cfg.hasRegexValues() ? cfg.regexValues() : c.hasRegexValues() ? c.regexValues() : List.of();
                yield regex.isEmpty() ? new Condition.PathPattern(values(cfg != null && cfg.hasValues() ? cfg.values() : null, c))
                        : new Condition.PathPattern(regex, true);
            }
            case "http-header" -> {
                var cfg = c.httpHeaderConfig();
                yield cfg.hasRegexValues() && !cfg.regexValues().isEmpty()
                        ? new Condition.HttpHeader(cfg.httpHeaderName(), cfg.regexValues(), true)
                        : new Condition.HttpHeader(cfg.httpHeaderName(), cfg.values());
            }
            case "http-request-method" -> new Condition.HttpRequestMethod(c.httpRequestMethodConfig().values());
            case "source-ip" -> new Condition.SourceIp(c.sourceIpConfig().values());
            case "query-string" -> new Condition.QueryString(c.queryStringConfig().values().stream()
                    .map(p -> new Condition.QueryPair(Optional.ofNullable(p.key()), p.value())).toList());
            default -> throw new IllegalStateException("the API returned condition field '" + c.field() + "', which lbctl does not know");
        };
    }

    private static List<String> values(List<String> configured, RuleCondition c) {
        return configured != null ? configured : c.hasValues() ? c.values() : List.of();
    }

    /** Tags without the ones AWS sets itself ({@code aws:}), which nobody can change. */
    static Map<String, String> userTags(Map<String, String> tags) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        tags.forEach((k, v) -> {
            if (!k.startsWith("aws:")) {
                out.put(k, v);
            }
        });
        return out;
    }
}
