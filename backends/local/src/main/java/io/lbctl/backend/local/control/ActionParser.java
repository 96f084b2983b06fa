package io.lbctl.backend.local.control;

import io.lbctl.backend.local.api.ApiError;
import io.lbctl.backend.local.api.QueryRequest;
import io.lbctl.backend.local.store.ActionRecord;
import io.lbctl.backend.local.store.LoadBalancerRecord;
import io.lbctl.backend.local.store.ResourceStore;
import io.lbctl.backend.local.store.TargetGroupRecord;
import io.lbctl.model.Action;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.Protocol;
import io.lbctl.model.aws.ActionRules;
import io.lbctl.model.aws.ElbLimits;
import io.lbctl.model.aws.ProtocolRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads {@code Actions.member.N...} into action records and checks them by AWS's rules, with
 * the listener they will run on: action types per load-balancer type, target groups that exist
 * and fit the listener's protocol, one load balancer per target group, and the limits of each
 * action kind.
 */
final class ActionParser {
    private final ResourceStore store;
    private final Usage usage;

    ActionParser(ResourceStore store, Usage usage) {
        this.store = store;
        this.usage = usage;
    }

    List<ActionRecord> parse(QueryRequest request, String member, LoadBalancerRecord lb, Optional<Protocol> listener) {
        List<Map<String, String>> given = request.structs(member);
        if (given.isEmpty()) {
            request.required(member);
        }
        List<ActionRecord> actions = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            Map<String, String> a = given.get(i);
            int order = parseInt(a.get("Order"), "order").orElse(i + 1);
            if (order < 1 || order > 50_000) {
                throw ApiError.validation("Action order must be between 1 and 50000");
            }
            actions.add(ActionRecord.of(order, action(a, lb, listener)));
        }
        if (actions.size() != 1) {
            throw ApiError.validation("Exactly one forward, redirect or fixed-response action must be specified; "
                    + "authentication actions are not supported by the local runtime");
        }
        return actions;
    }

    private Action action(Map<String, String> a, LoadBalancerRecord lb, Optional<Protocol> listener) {
        String type = Optional.ofNullable(a.get("Type")).orElseThrow(() -> ApiError.validation(
                "1 validation error detected: Value null at 'type' failed to satisfy constraint: Member must not be null"));
        if (!type.equals("forward") && lb.type() != LoadBalancerType.APPLICATION) {
            throw ApiError.validation("Action type '" + type + "' is not supported by " + lb.type().wireName()
                    + " load balancers; they can only forward");
        }
        return switch (type) {
            case "forward" -> forward(a, lb, listener);
            case "redirect" -> redirect(a, listener);
            case "fixed-response" -> fixedResponse(a);
            case "authenticate-oidc", "authenticate-cognito", "jwt-validation" -> throw ApiError.validation(
                    "Action type '" + type + "' is not supported by the local runtime");
            default -> throw ApiError.validation("1 validation error detected: Value '" + type + "' at 'type' failed to "
                    + "satisfy constraint: Member must satisfy enum value set: [forward, authenticate-oidc, "
                    + "authenticate-cognito, redirect, fixed-response, jwt-validation]");
        };
    }

    private Action.Forward forward(Map<String, String> a, LoadBalancerRecord lb, Optional<Protocol> listener) {
        TreeMap<Integer, String[]> groups = new TreeMap<>();
        a.forEach((k, v) -> {
            String head = "ForwardConfig.TargetGroups.member.";
            if (k.startsWith(head)) {
                String rest = k.substring(head.length());
                int dot = rest.indexOf('.');
                if (dot > 0 && rest.substring(0, dot).matches("[1-9]\\d{0,3}")) {
                    String[] g = groups.computeIfAbsent(Integer.parseInt(rest.substring(0, dot)), x -> new String[2]);
                    g[rest.endsWith("Weight") ? 1 : 0] = v;
                }
            }
        });
        List<Action.WeightedTargetGroup> targets = new ArrayList<>();
        if (a.get("TargetGroupArn") != null) {
            targets.add(new Action.WeightedTargetGroup(a.get("TargetGroupArn"), 1));
        }
        for (String[] g : groups.values()) {
            if (g[0] == null) {
                throw ApiError.validation("A target group ARN must be given for each target group of a forward action");
            }
            int weight = parseInt(g[1], "weight").orElse(1);
            ApiError.check(ActionRules.checkWeight(weight));
            targets.add(new Action.WeightedTargetGroup(g[0], weight));
        }
        if (a.get("TargetGroupArn") != null && groups.size() == 1
                && targets.get(0).targetGroup().equals(targets.get(1).targetGroup())) {
            targets.remove(1); // the same group given both ways, as the AWS CLI may send
        }
        if (targets.isEmpty()) {
            throw ApiError.validation("A target group ARN must be specified for forward actions");
        }
        if (targets.size() > ElbLimits.MAX_TARGET_GROUPS_PER_ACTION) {
            throw ApiError.of("TooManyTargetGroups", "A forward action can have at most "
                    + ElbLimits.MAX_TARGET_GROUPS_PER_ACTION + " target groups");
        }
        if (targets.size() > 1 && lb.type() != LoadBalancerType.APPLICATION) {
            throw ApiError.validation("A forward action of a " + lb.type().wireName()
                    + " load balancer can have only one target group");
        }
        Set<String> seen = new HashSet<>();
        for (Action.WeightedTargetGroup g : targets) {
            if (!seen.add(g.targetGroup())) {
                throw ApiError.validation("Target group '" + g.targetGroup() + "' is specified more than once");
            }
            TargetGroupRecord tg = store.state().targetGroups().get(g.targetGroup());
            if (tg == null) {
                TargetGroupActions.checkArn(g.targetGroup());
                throw ApiError.of("TargetGroupNotFound", "Target group '" + g.targetGroup() + "' not found");
            }
            ProtocolRules.checkForwarding(lb.type(), listener, tg.targetType(), tg.protocol(), tg.protocolVersion())
                    .ifPresent(v -> {
                        throw ApiError.of("IncompatibleProtocols", v.message());
                    });
            List<String> users = usage.loadBalancersOf(tg.arn());
            if (!users.isEmpty() && !users.contains(lb.arn())) {
                throw ApiError.of("TargetGroupAssociationLimit", "The following target groups cannot be associated "
                        + "with more than one load balancer: " + tg.arn());
            }
        }
        Optional<Action.GroupStickiness> stickiness = Optional.empty();
        if (a.get("ForwardConfig.TargetGroupStickinessConfig.Enabled") != null) {
            boolean enabled = Boolean.parseBoolean(a.get("ForwardConfig.TargetGroupStickinessConfig.Enabled"));
            int duration = parseInt(a.get("ForwardConfig.TargetGroupStickinessConfig.DurationSeconds"), "durationSeconds")
                    .orElse(enabled ? -1 : 0);
            if (enabled) {
                ApiError.check(ActionRules.checkStickinessDuration(duration));
            }
            stickiness = Optional.of(new Action.GroupStickiness(enabled, duration));
        }
        return new Action.Forward(targets, stickiness);
    }

    private static Action.Redirect redirect(Map<String, String> a, Optional<Protocol> listener) {
        String status = Optional.ofNullable(a.get("RedirectConfig.StatusCode")).orElseThrow(() -> ApiError.validation(
                "A status code must be specified for redirect actions"));
        if (!ActionRules.REDIRECT_STATUS_CODES.contains(status)) {
            throw ApiError.validation("1 validation error detected: Value '" + status + "' at 'statusCode' failed to "
                    + "satisfy constraint: Member must satisfy enum value set: [HTTP_301, HTTP_302]");
        }
        Optional<String> protocol = Optional.ofNullable(a.get("RedirectConfig.Protocol"));
        Optional<String> port = Optional.ofNullable(a.get("RedirectConfig.Port"));
        Optional<String> host = Optional.ofNullable(a.get("RedirectConfig.Host"));
        Optional<String> path = Optional.ofNullable(a.get("RedirectConfig.Path"));
        Optional<String> query = Optional.ofNullable(a.get("RedirectConfig.Query"));
        protocol.ifPresent(p -> ApiError.check(ActionRules.checkRedirectProtocol(p, listener)));
        port.ifPresent(p -> ApiError.check(ActionRules.checkRedirectPort(p)));
        host.ifPresent(h -> ApiError.check(ActionRules.checkRedirectPart("host", h)));
        path.ifPresent(p -> ApiError.check(ActionRules.checkRedirectPart("path", p)));
        query.ifPresent(q -> ApiError.check(ActionRules.checkRedirectPart("query", q)));
        Action.Redirect redirect = new Action.Redirect(protocol, port, host, path, query, status);
        ApiError.check(ActionRules.checkRedirectChanges(redirect));
        return redirect;
    }

    private static Action.FixedResponse fixedResponse(Map<String, String> a) {
        String status = Optional.ofNullable(a.get("FixedResponseConfig.StatusCode")).orElseThrow(() -> ApiError.validation(
                "A status code must be specified for fixed-response actions"));
        int code = parseInt(status, "statusCode").orElse(0);
        if (!status.matches("[245]\\d\\d")) {
            throw ApiError.validation("Fixed-response status code '" + status + "' must match ^(2|4|5)\\d\\d$");
        }
        Optional<String> type = Optional.ofNullable(a.get("FixedResponseConfig.ContentType"));
        Optional<String> body = Optional.ofNullable(a.get("FixedResponseConfig.MessageBody"));
        type.ifPresent(t -> ApiError.check(ActionRules.checkContentType(t)));
        body.ifPresent(b -> ApiError.check(ActionRules.checkBody(b)));
        return new Action.FixedResponse(code, type, body);
    }

    private static Optional<Integer> parseInt(String text, String member) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            throw ApiError.validation("Value '" + text + "' at '" + member + "' failed to satisfy constraint: "
                    + "Member must be a number");
        }
    }

}
