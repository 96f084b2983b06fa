package io.lbctl.model.aws;

import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.Protocol;
import io.lbctl.model.ProtocolVersion;
import io.lbctl.model.TargetType;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Which protocols each load-balancer type speaks, and which target groups a listener may forward to. */
public final class ProtocolRules {
    private static final Set<Protocol> ALB = EnumSet.of(Protocol.HTTP, Protocol.HTTPS);
    private static final Set<Protocol> NLB = EnumSet.of(Protocol.TCP, Protocol.TLS, Protocol.UDP, Protocol.TCP_UDP);

    /** NLB listener protocol -> target-group protocols it can forward to (NLB user guide, listeners). */
    private static final Map<Protocol, Set<Protocol>> NLB_FORWARDING = Map.of(
            Protocol.TCP, EnumSet.of(Protocol.TCP, Protocol.TCP_UDP),
            Protocol.TLS, EnumSet.of(Protocol.TCP, Protocol.TLS),
            Protocol.UDP, EnumSet.of(Protocol.UDP, Protocol.TCP_UDP),
            Protocol.TCP_UDP, EnumSet.of(Protocol.TCP_UDP));

    private ProtocolRules() {
    }

    /** Listener protocols of a load-balancer type; empty for gateway, whose listeners have none. */
    public static Set<Protocol> listenerProtocols(LoadBalancerType type) {
        return switch (type) {
            case APPLICATION -> ALB;
            case NETWORK -> NLB;
            case GATEWAY -> Set.of();
        };
    }

    /** Target-group protocols a load-balancer type can use. */
    public static Set<Protocol> targetGroupProtocols(LoadBalancerType type) {
        return switch (type) {
            case APPLICATION -> ALB;
            case NETWORK -> NLB;
            case GATEWAY -> EnumSet.of(Protocol.GENEVE);
        };
    }

    /** The load-balancer type whose target groups use {@code protocol}. */
    public static LoadBalancerType servedBy(Protocol protocol) {
        if (ALB.contains(protocol)) {
            return LoadBalancerType.APPLICATION;
        }
        return protocol == Protocol.GENEVE ? LoadBalancerType.GATEWAY : LoadBalancerType.NETWORK;
    }

    /** Problems with a target group's own protocol settings, before any listener uses it. */
    public static Optional<Violation> checkTargetGroup(
            TargetType targetType, Optional<Protocol> protocol, Optional<ProtocolVersion> version) {
        if (targetType == TargetType.LAMBDA) {
            if (protocol.isPresent()) {
                return Optional.of(Violation.of("targetGroup.lambda.protocol",
                        "a lambda target group takes no protocol or port"));
            }
            return Optional.empty();
        }
        if (protocol.isEmpty()) {
            return Optional.of(Violation.of("targetGroup.protocol.missing",
                    targetType.wireName() + " target groups need a protocol",
                    "only lambda target groups have none"));
        }
        Protocol p = protocol.get();
        if (version.isPresent() && !p.isHttp()) {
            return Optional.of(Violation.of("targetGroup.protocolVersion.protocol",
                    "protocolVersion applies only to HTTP and HTTPS target groups, not " + p));
        }
        if (targetType == TargetType.ALB && p != Protocol.TCP) {
            return Optional.of(Violation.of("targetGroup.alb.protocol",
                    "an alb target group must use protocol TCP, not " + p));
        }
        return Optional.empty();
    }

    /** Whether a listener of {@code lbType} speaking {@code listener} may forward to the target group. */
    public static Optional<Violation> checkForwarding(
            LoadBalancerType lbType, Optional<Protocol> listener,
            TargetType targetType, Optional<Protocol> tgProtocol, Optional<ProtocolVersion> version) {
        if (targetType == TargetType.LAMBDA) {
            return lbType == LoadBalancerType.APPLICATION ? Optional.empty() : Optional.of(Violation.of(
                    "forward.protocol.incompatible", "lambda target groups can be used only by application load balancers"));
        }
        if (targetType == TargetType.ALB && lbType != LoadBalancerType.NETWORK) {
            return Optional.of(Violation.of("forward.protocol.incompatible",
                    "alb target groups can be used only by network load balancers"));
        }
        if (tgProtocol.isEmpty()) {
            return Optional.empty();
        }
        Protocol tg = tgProtocol.get();
        if (!targetGroupProtocols(lbType).contains(tg)) {
            return Optional.of(Violation.of("forward.protocol.incompatible",
                    lbType.wireName() + " load balancers cannot forward to " + tg + " target groups",
                    lbType.wireName() + " load balancers use target groups of protocol "
                            + String.join(" or ", targetGroupProtocols(lbType).stream().map(Protocol::name).toList())));
        }
        if (lbType == LoadBalancerType.APPLICATION && version.filter(v -> v != ProtocolVersion.HTTP1).isPresent()
                && listener.filter(l -> l == Protocol.HTTPS).isEmpty()) {
            return Optional.of(Violation.of("forward.protocolVersion.listener",
                    version.get() + " target groups can be used only by HTTPS listeners"));
        }
        if (lbType == LoadBalancerType.NETWORK && listener.isPresent()) {
            Set<Protocol> allowed = NLB_FORWARDING.getOrDefault(listener.get(), Set.of());
            if (!allowed.contains(tg)) {
                return Optional.of(Violation.of("forward.protocol.incompatible",
                        listener.get() + " listeners cannot forward to " + tg + " target groups",
                        listener.get() + " listeners forward to "
                                + String.join(" or ", allowed.stream().sorted().map(Protocol::name).toList())
                                + " target groups"));
            }
            if (targetType == TargetType.ALB && listener.get() != Protocol.TCP) {
                return Optional.of(Violation.of("forward.protocol.incompatible",
                        "only TCP listeners can forward to alb target groups"));
            }
        }
        return Optional.empty();
    }
}
