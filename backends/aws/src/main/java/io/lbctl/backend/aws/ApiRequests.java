package io.lbctl.backend.aws;

import io.lbctl.model.Action;
import io.lbctl.model.Condition;
import io.lbctl.model.HealthCheck;
import io.lbctl.model.ProtocolVersion;
import io.lbctl.model.TargetGroup;
import io.lbctl.model.TargetType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ForwardActionConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Matcher;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.QueryStringKeyValuePair;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

/** Model records as the API's request shapes. Target groups are named by logical id and resolved to ARNs here. */
final class ApiRequests {
    private ApiRequests() {
    }

    static CreateTargetGroupRequest createTargetGroup(TargetGroup tg, String name, java.util.Optional<String> vpc,
                                                      Map<String, String> tags) {
        HealthCheck hc = tg.healthCheck();
        boolean lambda = tg.targetType() == TargetType.LAMBDA;
        var b = CreateTargetGroupRequest.builder().name(name).targetType(tg.targetType().wireName())
                .healthCheckEnabled(hc.enabled()).healthCheckIntervalSeconds(hc.intervalSeconds())
                .healthCheckTimeoutSeconds(hc.timeoutSeconds()).healthyThresholdCount(hc.healthyThreshold())
                .unhealthyThresholdCount(hc.unhealthyThreshold()).tags(tags(tags));
        tg.protocol().ifPresent(p -> b.protocol(p.name()));
        tg.protocolVersion().ifPresent(v -> b.protocolVersion(v.name()));
        tg.port().ifPresent(b::port);
        if (!lambda) {
            vpc.ifPresent(b::vpcId);
            b.ipAddressType(tg.ipAddressType().wireName());
            b.healthCheckProtocol(hc.protocol().name()).healthCheckPort(hc.port());
        }
        hc.path().ifPresent(b::healthCheckPath);
        matcher(tg).ifPresent(b::matcher);
        return b.build();
    }

    static ModifyTargetGroupRequest modifyHealthCheck(String arn, TargetGroup tg) {
        HealthCheck hc = tg.healthCheck();
        var b = ModifyTargetGroupRequest.builder().targetGroupArn(arn).healthCheckEnabled(hc.enabled())
                .healthCheckIntervalSeconds(hc.intervalSeconds()).healthCheckTimeoutSeconds(hc.timeoutSeconds())
                .healthyThresholdCount(hc.healthyThreshold()).unhealthyThresholdCount(hc.unhealthyThreshold());
        if (tg.targetType() != TargetType.LAMBDA) {
            b.healthCheckProtocol(hc.protocol().name()).healthCheckPort(hc.port());
        }
        hc.path().ifPresent(b::healthCheckPath);
        matcher(tg).ifPresent(b::matcher);
        return b.build();
    }

    /** The health check's success codes: gRPC codes for a gRPC group, HTTP codes otherwise. */
    private static java.util.Optional<Matcher> matcher(TargetGroup tg) {
        boolean grpc = tg.protocolVersion().filter(v -> v == ProtocolVersion.GRPC).isPresent();
        return tg.healthCheck().matcher().map(m -> grpc ? Matcher.builder().grpcCode(m).build() : Matcher.builder().httpCode(m).build());
    }

    static software.amazon.awssdk.services.elasticloadbalancingv2.model.Action action(Action action,
                                                                                      Function<String, String> targetGroupArn) {
        var b = software.amazon.awssdk.services.elasticloadbalancingv2.model.Action.builder();
        switch (action) {
            case Action.Forward f -> {
                List<TargetGroupTuple> groups = f.targetGroups().stream().map(g -> TargetGroupTuple.builder()
                        .targetGroupArn(targetGroupArn.apply(g.targetGroup())).weight(g.weight()).build()).toList();
                var config = ForwardActionConfig.builder().targetGroups(groups);
                f.stickiness().ifPresent(s -> config.targetGroupStickinessConfig(x -> x.enabled(s.enabled())
                        .durationSeconds(s.durationSeconds())));
                b.type(ActionTypeEnum.FORWARD).forwardConfig(config.build());
            }
            case Action.Redirect r -> b.type(ActionTypeEnum.REDIRECT).redirectConfig(x -> {
                r.protocol().ifPresent(x::protocol);
                r.port().ifPresent(x::port);
                r.host().ifPresent(x::host);
                r.path().ifPresent(x::path);
                r.query().ifPresent(x::query);
                x.statusCode(r.statusCode());
            });
            case Action.FixedResponse x -> b.type(ActionTypeEnum.FIXED_RESPONSE).fixedResponseConfig(c -> {
                c.statusCode(Integer.toString(x.statusCode()));
                x.contentType().ifPresent(c::contentType);
                x.body().ifPresent(c::messageBody);
            });
        }
        return b.build();
    }

    static List<RuleCondition> conditions(List<Condition> conditions) {
        List<RuleCondition> out = new ArrayList<>();
        for (Condition c : conditions) {
            var b = RuleCondition.builder().field(c.field());
            switch (c) {
                case Condition.HostHeader h -> b.hostHeaderConfig(x -> {
                    if (h.regex()) {
                        x.regexValues(h.values());
                    } else {
                        x.values(h.values());
                    }
                });
                case Condition.PathPattern p -> b.pathPatternConfig(x -> {
                    if (p.regex()) {
                        x.regexValues(p.values());
                    } else {
                        x.values(p.values());
                    }
                });
                case Condition.HttpHeader h -> b.httpHeaderConfig(x -> {
                    x.httpHeaderName(h.name());
                    if (h.regex()) {
                        x.regexValues(h.values());
                    } else {
                        x.values(h.values());
                    }
                });
                case Condition.HttpRequestMethod m -> b.httpRequestMethodConfig(x -> x.values(m.values()));
                case Condition.SourceIp s -> b.sourceIpConfig(x -> x.values(s.values()));
                case Condition.QueryString q -> b.queryStringConfig(x -> x.values(q.pairs().stream()
                        .map(p -> QueryStringKeyValuePair.builder().key(p.key().orElse(null)).value(p.value()).build()).toList()));
            }
            out.add(b.build());
        }
        return out;
    }

    static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    static List<software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute> tgAttributes(Map<String, String> values) {
        return values.entrySet().stream().map(e -> software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute
                .builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    static List<software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerAttribute> lbAttributes(Map<String, String> values) {
        return values.entrySet().stream().map(e -> software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerAttribute
                .builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    static List<software.amazon.awssdk.services.elasticloadbalancingv2.model.ListenerAttribute> listenerAttributes(Map<String, String> values) {
        return values.entrySet().stream().map(e -> software.amazon.awssdk.services.elasticloadbalancingv2.model.ListenerAttribute
                .builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }
}
