package io.lbctl.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A target group. Protocol and port are absent only for Lambda target groups. The health check
 * is complete: every setting the spec left out holds AWS's default for the group's protocol and
 * target type, so a diff against a live group compares like with like.
 */
public record TargetGroup(
        String id,
        Optional<String> name,
        TargetType targetType,
        Optional<Protocol> protocol,
        Optional<ProtocolVersion> protocolVersion,
        OptionalInt port,
        IpAddressType ipAddressType,
        HealthCheck healthCheck,
        Attributes attributes,
        List<Target> targets,
        Map<String, String> tags) {

    public TargetGroup {
        targets = List.copyOf(targets);
        tags = OrderedMaps.copyOf(tags);
    }
}
