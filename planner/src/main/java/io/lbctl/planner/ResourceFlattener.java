package io.lbctl.planner;

import io.lbctl.model.Address;
import io.lbctl.model.HealthCheck;
import io.lbctl.model.Listener;
import io.lbctl.model.LoadBalancer;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.Rule;
import io.lbctl.model.Target;
import io.lbctl.model.TargetGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Model records to {@link Resource}s. The spec side and the live-state reader both rebuild
 * model records and pass them through here, so a setting is spelled one way in both and a
 * difference in a plan is a difference in AWS. Optional settings a record leaves empty are left
 * out: AWS computes them (a listener's default SSL policy, a health check's default matcher),
 * so the planner compares them only when the spec names them. Attributes and tags are always
 * written out in full.
 */
public final class ResourceFlattener {
    private ResourceFlattener() {
    }

    public static Resource targetGroup(TargetGroup tg, Optional<String> vpc, String physicalName, Optional<String> arn) {
        Map<String, String> f = new LinkedHashMap<>();
        tg.name().ifPresent(n -> f.put("name", n));
        f.put("targetType", tg.targetType().wireName());
        tg.protocol().ifPresent(p -> f.put("protocol", p.name()));
        tg.protocolVersion().ifPresent(v -> f.put("protocolVersion", v.name()));
        tg.port().ifPresent(p -> f.put("port", Integer.toString(p)));
        vpc.ifPresent(v -> f.put("vpc", v));
        if (tg.protocol().isPresent()) {
            f.put("ipAddressType", tg.ipAddressType().wireName());
        }
        HealthCheck hc = tg.healthCheck();
        f.put("healthCheck.enabled", Boolean.toString(hc.enabled()));
        f.put("healthCheck.protocol", hc.protocol().name());
        f.put("healthCheck.port", hc.port());
        hc.path().ifPresent(p -> f.put("healthCheck.path", p));
        f.put("healthCheck.intervalSeconds", Integer.toString(hc.intervalSeconds()));
        f.put("healthCheck.timeoutSeconds", Integer.toString(hc.timeoutSeconds()));
        f.put("healthCheck.healthyThreshold", Integer.toString(hc.healthyThreshold()));
        f.put("healthCheck.unhealthyThreshold", Integer.toString(hc.unhealthyThreshold()));
        hc.matcher().ifPresent(m -> f.put("healthCheck.matcher", m));
        attributesAndTags(f, tg.attributes().values(), tg.tags());
        return new Resource(Address.targetGroup(tg.id()), ResourceKind.TARGET_GROUP, f, Optional.of(physicalName), arn, List.of());
    }

    public static Resource loadBalancer(LoadBalancer lb, String physicalName, Optional<String> arn) {
        Map<String, String> f = new LinkedHashMap<>();
        lb.name().ifPresent(n -> f.put("name", n));
        f.put("type", lb.type().wireName());
        if (lb.type() != LoadBalancerType.GATEWAY) {
            f.put("scheme", lb.scheme().wireName());
        }
        f.put("ipAddressType", lb.ipAddressType().wireName());
        f.put("subnets", SettingText.list(lb.subnets().stream().sorted().toList()));
        if (!lb.securityGroups().isEmpty()) {
            f.put("securityGroups", SettingText.list(lb.securityGroups().stream().sorted().toList()));
        }
        attributesAndTags(f, lb.attributes().values(), lb.tags());
        return new Resource(Address.loadBalancer(lb.id()), ResourceKind.LOAD_BALANCER, f, Optional.of(physicalName), arn, List.of());
    }

    public static Resource listener(String loadBalancer, Listener l, Optional<String> arn) {
        Map<String, String> f = new LinkedHashMap<>();
        l.protocol().ifPresent(p -> f.put("protocol", p.name()));
        l.port().ifPresent(p -> f.put("port", Integer.toString(p)));
        if (!l.certificates().isEmpty()) {
            f.put("certificate", l.certificates().get(0));
        }
        if (l.certificates().size() > 1) {
            f.put("extraCertificates", SettingText.list(l.certificates().stream().skip(1).sorted().toList()));
        }
        l.sslPolicy().ifPresent(p -> f.put("sslPolicy", p));
        l.alpnPolicy().ifPresent(p -> f.put("alpnPolicy", p.wireName()));
        f.put("defaultAction", SettingText.action(l.defaultAction()));
        attributesAndTags(f, l.attributes().values(), l.tags());
        return new Resource(Address.listener(loadBalancer, l.id()), ResourceKind.LISTENER, f, Optional.empty(), arn,
                SettingText.references(l.defaultAction()));
    }

    public static Resource rule(String loadBalancer, String listener, Rule rule, Optional<String> arn) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("priority", Integer.toString(rule.priority()));
        List<String> conditions = SettingText.conditions(rule.conditions());
        for (int i = 0; i < conditions.size(); i++) {
            f.put("conditions[" + i + "]", conditions.get(i));
        }
        f.put("action", SettingText.action(rule.action()));
        attributesAndTags(f, Map.of(), rule.tags());
        return new Resource(Address.rule(loadBalancer, listener, rule.id()), ResourceKind.RULE, f, Optional.empty(), arn,
                SettingText.references(rule.action()));
    }

    /**
     * A registered target. Its address is its group's plus {@code id:port} (port left out for a
     * Lambda function); an ALB-type target's id is the load balancer's address.
     */
    public static Resource target(String targetGroup, Target target) {
        Map<String, String> f = new LinkedHashMap<>();
        List<Address> references = new ArrayList<>();
        String id = switch (target.id()) {
            case Target.Literal literal -> literal.value();
            case Target.LoadBalancerRef ref -> {
                Address lb = Address.loadBalancer(ref.loadBalancer());
                references.add(lb);
                yield lb.toString();
            }
        };
        f.put("id", id);
        target.port().ifPresent(p -> f.put("port", Integer.toString(p)));
        target.zone().ifPresent(z -> f.put("availabilityZone", z));
        String key = target.port().isPresent() ? id + ":" + target.port().getAsInt() : id;
        return new Resource(Address.targetGroup(targetGroup).child("targets", key), ResourceKind.TARGET, f,
                Optional.empty(), Optional.empty(), references);
    }

    private static void attributesAndTags(Map<String, String> f, Map<String, String> attributes, Map<String, String> tags) {
        new TreeMap<>(attributes).forEach((k, v) -> f.put("attributes." + k, v));
        new TreeMap<>(tags).forEach((k, v) -> f.put("tags." + k, v));
    }
}
