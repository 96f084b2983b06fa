package io.lbctl.cli;

import io.lbctl.backend.local.LocalRuntime;
import io.lbctl.backend.local.api.ApiError;
import io.lbctl.model.Action;
import io.lbctl.model.Condition;
import io.lbctl.model.HealthCheck;
import io.lbctl.model.Listener;
import io.lbctl.model.LoadBalancer;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.LocalOverlay;
import io.lbctl.model.ProtocolVersion;
import io.lbctl.model.Rule;
import io.lbctl.model.Stack;
import io.lbctl.model.Target;
import io.lbctl.model.TargetGroup;
import io.lbctl.model.TargetType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates a spec's resources in the local region, the overlay's values taking the place of the
 * AWS ones: each target at its local endpoint (a target the overlay leaves out is registered
 * as written and never contacted), each listener on its local port. It goes through the local
 * API's own actions, so every AWS rule applies. This is serve-local's loader, not the planner:
 * it creates what is missing and leaves what exists alone.
 */
final class LocalStackApplier {
    private final LocalRuntime runtime;
    private final Stack stack;
    private final LocalOverlay overlay;
    private final Map<String, String> targetGroupArns = new LinkedHashMap<>();
    private final Map<String, String> loadBalancerArns = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    LocalStackApplier(LocalRuntime runtime, Stack stack, LocalOverlay overlay) {
        this.runtime = runtime;
        this.stack = stack;
        this.overlay = overlay;
    }

    /** Creates everything; returns notes on what could not be created locally. */
    List<String> apply() {
        overlay.certificates().forEach((arn, files) -> runtime.registerCertificate(arn, files.certificate(), files.privateKey()));
        stack.loadBalancers().values().forEach(this::loadBalancer);
        stack.targetGroups().values().forEach(this::targetGroup);
        stack.loadBalancers().values().forEach(lb -> lb.listeners().values().forEach(l -> listener(lb, l)));
        if (!stack.classicLoadBalancers().isEmpty()) {
            notes.add("classic load balancers are not served by the local region: " + stack.classicLoadBalancers().keySet());
        }
        return notes;
    }

    static String physicalName(String stack, String id) {
        String name = (stack + "-" + id).replaceAll("[^A-Za-z0-9-]", "-");
        name = name.length() > 32 ? name.substring(0, 32) : name;
        return name.replaceAll("^-+|-+$", "");
    }

    private void loadBalancer(LoadBalancer lb) {
        Map<String, String> p = new LinkedHashMap<>();
        String name = lb.name().orElse(physicalName(stack.name(), lb.id()));
        p.put("Name", name);
        p.put("Type", lb.type().wireName());
        if (lb.type() != LoadBalancerType.GATEWAY) {
            p.put("Scheme", lb.scheme().wireName());
        }
        p.put("IpAddressType", lb.ipAddressType().wireName());
        list(p, "Subnets", lb.subnets());
        list(p, "SecurityGroups", lb.securityGroups());
        tags(p, lb.id(), lb.tags());
        call("CreateLoadBalancer", p);
        String arn = runtime.store().state().loadBalancers().values().stream().filter(r -> r.name().equals(name))
                .findFirst().orElseThrow().arn();
        loadBalancerArns.put(lb.id(), arn);
        attributes("ModifyLoadBalancerAttributes", "LoadBalancerArn", arn, lb.attributes().values());
    }

    private void targetGroup(TargetGroup tg) {
        Map<String, String> p = new LinkedHashMap<>();
        String name = tg.name().orElse(physicalName(stack.name(), tg.id()));
        p.put("Name", name);
        p.put("TargetType", tg.targetType().wireName());
        tg.protocol().ifPresent(x -> p.put("Protocol", x.name()));
        tg.protocolVersion().ifPresent(x -> p.put("ProtocolVersion", x.name()));
        if (tg.targetType() != TargetType.LAMBDA) {
            p.put("Port", Integer.toString(tg.port().orElse(80)));
            p.put("VpcId", runtime.store().topology().vpcId());
            p.put("IpAddressType", tg.ipAddressType().wireName());
        }
        HealthCheck hc = tg.healthCheck();
        p.put("HealthCheckEnabled", Boolean.toString(hc.enabled()));
        if (tg.targetType() != TargetType.LAMBDA) {
            p.put("HealthCheckProtocol", hc.protocol().name());
            p.put("HealthCheckPort", hc.port());
        }
        hc.path().ifPresent(x -> p.put("HealthCheckPath", x));
        p.put("HealthCheckIntervalSeconds", Integer.toString(hc.intervalSeconds()));
        p.put("HealthCheckTimeoutSeconds", Integer.toString(hc.timeoutSeconds()));
        p.put("HealthyThresholdCount", Integer.toString(hc.healthyThreshold()));
        p.put("UnhealthyThresholdCount", Integer.toString(hc.unhealthyThreshold()));
        boolean grpc = tg.protocolVersion().filter(v -> v == ProtocolVersion.GRPC).isPresent();
        hc.matcher().ifPresent(m -> p.put(grpc ? "Matcher.GrpcCode" : "Matcher.HttpCode", m));
        tags(p, tg.id(), tg.tags());
        call("CreateTargetGroup", p);
        String arn = runtime.store().state().targetGroups().values().stream().filter(r -> r.name().equals(name))
                .findFirst().orElseThrow().arn();
        targetGroupArns.put(tg.id(), arn);
        attributes("ModifyTargetGroupAttributes", "TargetGroupArn", arn, tg.attributes().values());
        if (!tg.targets().isEmpty()) {
            Map<String, String> t = new LinkedHashMap<>();
            t.put("TargetGroupArn", arn);
            int i = 1;
            for (Target target : tg.targets()) {
                String prefix = "Targets.member." + i++ + ".";
                LocalOverlay.HostPort local = overlay.targets().getOrDefault(tg.id(), Map.of()).get(target.key());
                if (local != null) {
                    t.put(prefix + "Id", local.host().equals("localhost") ? "127.0.0.1" : local.host());
                    t.put(prefix + "Port", Integer.toString(local.port()));
                } else {
                    t.put(prefix + "Id", target.id() instanceof Target.LoadBalancerRef ref
                            ? loadBalancerArns.getOrDefault(ref.loadBalancer(), ref.loadBalancer()) : target.id().toString());
                    target.port().ifPresent(port -> t.put(prefix + "Port", Integer.toString(port)));
                    target.zone().ifPresent(z -> t.put(prefix + "AvailabilityZone", z));
                }
            }
            call("RegisterTargets", t);
        }
    }

    private void listener(LoadBalancer lb, Listener l) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("LoadBalancerArn", loadBalancerArns.get(lb.id()));
        l.protocol().ifPresent(x -> p.put("Protocol", x.name()));
        Integer localPort = overlay.listenerPorts().getOrDefault(lb.id(), Map.of()).get(l.id());
        if (l.port().isPresent()) {
            p.put("Port", Integer.toString(localPort != null ? localPort : l.port().getAsInt()));
        }
        if (!l.certificates().isEmpty()) {
            p.put("Certificates.member.1.CertificateArn", l.certificates().get(0));
        }
        l.sslPolicy().ifPresent(x -> p.put("SslPolicy", x));
        l.alpnPolicy().ifPresent(x -> p.put("AlpnPolicy.member.1", x.wireName()));
        action(p, "DefaultActions.member.1.", l.defaultAction());
        tags(p, lb.id() + "." + l.id(), l.tags());
        call("CreateListener", p);
        String arn = runtime.store().state().listeners().values().stream()
                .filter(r -> r.loadBalancerArn().equals(loadBalancerArns.get(lb.id())))
                .filter(r -> r.port().isEmpty() || r.port().getAsInt() == Integer.parseInt(p.getOrDefault("Port", "-1")))
                .findFirst().orElseThrow().arn();
        for (String extra : l.certificates().stream().skip(1).toList()) {
            call("AddListenerCertificates", Map.of("ListenerArn", arn, "Certificates.member.1.CertificateArn", extra));
        }
        attributes("ModifyListenerAttributes", "ListenerArn", arn, l.attributes().values());
        for (Rule rule : l.rules().values()) {
            Map<String, String> r = new LinkedHashMap<>();
            r.put("ListenerArn", arn);
            r.put("Priority", Integer.toString(rule.priority()));
            conditions(r, rule.conditions());
            action(r, "Actions.member.1.", rule.action());
            tags(r, lb.id() + "." + l.id() + "." + rule.id(), rule.tags());
            call("CreateRule", r);
        }
    }

    private void action(Map<String, String> p, String prefix, Action action) {
        switch (action) {
            case Action.Forward f -> {
                p.put(prefix + "Type", "forward");
                int i = 1;
                for (Action.WeightedTargetGroup g : f.targetGroups()) {
                    p.put(prefix + "ForwardConfig.TargetGroups.member." + i + ".TargetGroupArn", targetGroupArns.get(g.targetGroup()));
                    p.put(prefix + "ForwardConfig.TargetGroups.member." + i++ + ".Weight", Integer.toString(g.weight()));
                }
                f.stickiness().ifPresent(s -> {
                    p.put(prefix + "ForwardConfig.TargetGroupStickinessConfig.Enabled", Boolean.toString(s.enabled()));
                    p.put(prefix + "ForwardConfig.TargetGroupStickinessConfig.DurationSeconds", Integer.toString(s.durationSeconds()));
                });
            }
            case Action.Redirect r -> {
                p.put(prefix + "Type", "redirect");
                r.protocol().ifPresent(x -> p.put(prefix + "RedirectConfig.Protocol", x));
                r.port().ifPresent(x -> p.put(prefix + "RedirectConfig.Port", x));
                r.host().ifPresent(x -> p.put(prefix + "RedirectConfig.Host", x));
                r.path().ifPresent(x -> p.put(prefix + "RedirectConfig.Path", x));
                r.query().ifPresent(x -> p.put(prefix + "RedirectConfig.Query", x));
                p.put(prefix + "RedirectConfig.StatusCode", r.statusCode());
            }
            case Action.FixedResponse x -> {
                p.put(prefix + "Type", "fixed-response");
                p.put(prefix + "FixedResponseConfig.StatusCode", Integer.toString(x.statusCode()));
                x.contentType().ifPresent(v -> p.put(prefix + "FixedResponseConfig.ContentType", v));
                x.body().ifPresent(v -> p.put(prefix + "FixedResponseConfig.MessageBody", v));
            }
        }
    }

    private static void conditions(Map<String, String> p, List<Condition> conditions) {
        int i = 1;
        for (Condition c : conditions) {
            String prefix = "Conditions.member." + i++ + ".";
            p.put(prefix + "Field", c.field());
            String config = switch (c) {
                case Condition.HostHeader h -> "HostHeaderConfig";
                case Condition.PathPattern x -> "PathPatternConfig";
                case Condition.HttpRequestMethod m -> "HttpRequestMethodConfig";
                case Condition.SourceIp s -> "SourceIpConfig";
                case Condition.HttpHeader h -> "HttpHeaderConfig";
                case Condition.QueryString q -> "QueryStringConfig";
            };
            if (c instanceof Condition.QueryString q) {
                int j = 1;
                for (Condition.QueryPair pair : q.pairs()) {
                    int n = j++;
                    pair.key().ifPresent(k -> p.put(prefix + config + ".Values.member." + n + ".Key", k));
                    p.put(prefix + config + ".Values.member." + n + ".Value", pair.value());
                }
                continue;
            }
            if (c instanceof Condition.HttpHeader h) {
                p.put(prefix + config + ".HttpHeaderName", h.name());
            }
            list(p, prefix + config + (c.regex() ? ".RegexValues" : ".Values"), c.values());
        }
    }

    private void attributes(String action, String arnParameter, String arn, Map<String, String> attributes) {
        if (attributes.isEmpty()) {
            return;
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put(arnParameter, arn);
        int i = 1;
        for (var e : attributes.entrySet()) {
            p.put("Attributes.member." + i + ".Key", e.getKey());
            p.put("Attributes.member." + i++ + ".Value", e.getValue());
        }
        call(action, p);
    }

    /** The spec's tags, the stack's, and lbctl's ownership tags. */
    private void tags(Map<String, String> p, String resource, Map<String, String> own) {
        Map<String, String> all = new LinkedHashMap<>(stack.tags());
        all.putAll(own);
        all.put("lbctl:stack", stack.name());
        all.put("lbctl:resource", resource);
        int i = 1;
        for (var e : all.entrySet()) {
            p.put("Tags.member." + i + ".Key", e.getKey());
            p.put("Tags.member." + i++ + ".Value", e.getValue());
        }
    }

    private static void list(Map<String, String> p, String prefix, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            p.put(prefix + ".member." + (i + 1), values.get(i));
        }
    }

    private void call(String action, Map<String, String> parameters) {
        try {
            runtime.invoke(action, parameters);
        } catch (ApiError e) {
            // Already there from an earlier start: what exists is left alone.
            if (!List.of("DuplicateListener", "PriorityInUse").contains(e.code())) {
                throw e;
            }
        }
    }
}
