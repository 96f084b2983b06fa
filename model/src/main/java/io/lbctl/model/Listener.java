package io.lbctl.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A listener. Port and protocol are absent only on gateway load balancers, whose single
 * listener takes all traffic. {@code certificates} are ARNs; the first is the default
 * certificate, the rest are served by SNI.
 */
public record Listener(
        String id,
        OptionalInt port,
        Optional<Protocol> protocol,
        List<String> certificates,
        Optional<String> sslPolicy,
        Optional<AlpnPolicy> alpnPolicy,
        Action defaultAction,
        Map<String, Rule> rules,
        Attributes attributes,
        Map<String, String> tags) {

    public Listener {
        certificates = List.copyOf(certificates);
        rules = OrderedMaps.copyOf(rules);
        tags = OrderedMaps.copyOf(tags);
    }
}
