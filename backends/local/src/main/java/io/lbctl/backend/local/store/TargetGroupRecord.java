package io.lbctl.backend.local.store;

import io.lbctl.model.HealthCheck;
import io.lbctl.model.IpAddressType;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.Protocol;
import io.lbctl.model.ProtocolVersion;
import io.lbctl.model.TargetType;
import io.lbctl.model.aws.AttributeCatalog;
import io.lbctl.model.aws.AttributeDefaults;
import io.lbctl.model.aws.ProtocolRules;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * A target group as the control plane keeps it: settings, the resolved health check, the
 * attributes set on it, and its registered targets (draining ones included until their
 * deregistration delay has passed).
 */
public record TargetGroupRecord(
        String arn,
        String name,
        TargetType targetType,
        Optional<Protocol> protocol,
        Optional<ProtocolVersion> protocolVersion,
        OptionalInt port,
        Optional<String> vpcId,
        IpAddressType ipAddressType,
        HealthCheck healthCheck,
        Map<String, String> attributes,
        List<RegisteredTarget> targets) {

    public TargetGroupRecord {
        attributes = java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
        targets = List.copyOf(targets);
    }

    /** The load-balancer type the group's protocol serves (Lambda groups serve ALBs). */
    public LoadBalancerType family() {
        return targetType == TargetType.LAMBDA ? LoadBalancerType.APPLICATION
                : protocol.map(ProtocolRules::servedBy).orElse(LoadBalancerType.APPLICATION);
    }

    /** An attribute as it applies: the value set on the group, else AWS's default for a group of its kind ("" if none). */
    public String attribute(String key) {
        String set = attributes.get(key);
        if (set != null) {
            return set;
        }
        return AttributeCatalog.find(AttributeCatalog.Scope.TARGET_GROUP, key)
                .map(spec -> AttributeDefaults.targetGroup(spec, family(), targetType, protocol)).orElse("");
    }

    public TargetGroupRecord withHealthCheck(HealthCheck check) {
        return new TargetGroupRecord(arn, name, targetType, protocol, protocolVersion, port, vpcId, ipAddressType, check,
                attributes, targets);
    }

    public TargetGroupRecord withAttributes(Map<String, String> changed) {
        Map<String, String> merged = new TreeMap<>(attributes);
        merged.putAll(changed);
        return new TargetGroupRecord(arn, name, targetType, protocol, protocolVersion, port, vpcId, ipAddressType,
                healthCheck, merged, targets);
    }

    public TargetGroupRecord withTargets(List<RegisteredTarget> next) {
        return new TargetGroupRecord(arn, name, targetType, protocol, protocolVersion, port, vpcId, ipAddressType,
                healthCheck, attributes, next);
    }
}
