package io.lbctl.backend.local.store;

import io.lbctl.model.AlpnPolicy;
import io.lbctl.model.Protocol;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * A listener: port and protocol (absent on gateway load balancers), certificates (the first is
 * the default), TLS policy, default actions, attributes, and the ARN of its default rule.
 */
public record ListenerRecord(
        String arn,
        String loadBalancerArn,
        OptionalInt port,
        Optional<Protocol> protocol,
        List<String> certificates,
        Optional<String> sslPolicy,
        Optional<AlpnPolicy> alpnPolicy,
        List<ActionRecord> defaultActions,
        Map<String, String> attributes,
        String defaultRuleArn) {

    public ListenerRecord {
        certificates = List.copyOf(certificates);
        defaultActions = List.copyOf(defaultActions);
        attributes = java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    public ListenerRecord with(OptionalInt newPort, Optional<Protocol> newProtocol, List<String> newCertificates,
                               Optional<String> newPolicy, Optional<AlpnPolicy> newAlpn, List<ActionRecord> newActions) {
        return new ListenerRecord(arn, loadBalancerArn, newPort, newProtocol, newCertificates, newPolicy, newAlpn,
                newActions, attributes, defaultRuleArn);
    }

    public ListenerRecord withAttributes(Map<String, String> changed) {
        Map<String, String> merged = new TreeMap<>(attributes);
        merged.putAll(changed);
        return new ListenerRecord(arn, loadBalancerArn, port, protocol, certificates, sslPolicy, alpnPolicy,
                defaultActions, merged, defaultRuleArn);
    }
}
