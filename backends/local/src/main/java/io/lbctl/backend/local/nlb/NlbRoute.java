package io.lbctl.backend.local.nlb;

import io.lbctl.model.Protocol;
import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one TCP, TLS, UDP or TCP_UDP listener of a network load balancer serves, as of one store
 * state: its protocol, its TCP idle timeout, the target groups its forward names, with their
 * weights, and for a TLS listener how it terminates TLS. Built whole on every store change and
 * swapped in; a connection keeps the route it was accepted under, a UDP flow the target it chose.
 */
record NlbRoute(String listenerArn, Protocol protocol, int port, int idleTimeoutSeconds, List<Weighted> groups,
                Optional<Tls> tls) {
    NlbRoute {
        groups = List.copyOf(groups);
    }

    /** True when the port takes TCP connections: TCP, TLS and TCP_UDP listeners. */
    boolean carriesTcp() {
        return protocol != Protocol.UDP;
    }

    /** True when the port takes UDP datagrams: UDP and TCP_UDP listeners. */
    boolean carriesUdp() {
        return protocol == Protocol.UDP || protocol == Protocol.TCP_UDP;
    }

    /**
     * A TLS listener's termination: the server context for each server name (its certificates
     * under its SSL policy, offering its ALPN policy's list), and the policy's name, which decides
     * the policy towards TLS targets.
     */
    record Tls(Mapping<String, SslContext> sni, String policy) {
    }

    /** A target group of the forward and its weight. */
    record Weighted(Group group, int weight) {
    }

    /**
     * A target that may be contacted: registered, not draining, an IP inside the target networks,
     * with the zone {@link io.lbctl.backend.local.TargetZones} gives it.
     */
    record Target(String id, int port, String zone, InetSocketAddress address) {
        /** The key health and connection tracking know the target by: group ARN, id and port. */
        String key(String groupArn) {
            return groupArn + "|" + id + ":" + port;
        }
    }

    /**
     * What a target group's {@code target_health_state.unhealthy} attributes say of the
     * connections of a target that turns unhealthy: reset at once ({@code terminate}), or kept,
     * and then reset after {@code drainingSeconds} when that is not 0.
     */
    record UnhealthyConnections(boolean terminate, int drainingSeconds) {
    }

    /**
     * A target group as one listener's nodes balance over it: its usable targets, the cross-zone
     * setting in effect (the group's own, or the load balancer's when the group says
     * use_load_balancer_configuration), source_ip stickiness, proxy protocol v2, client IP
     * preservation, whether its targets speak TLS, the unhealthy-state routing threshold, what
     * becomes of an unhealthy target's connections, and the zones enabled on the load balancer.
     * Keeps the eligible targets of each zone as of a health version, so a connection does not
     * work them out again.
     */
    record Group(String arn, List<Target> targets, boolean crossZone, boolean sourceIpStickiness, boolean proxyProtocolV2,
                 boolean preserveClientIp, boolean tlsTargets, int minimumHealthy, OptionalInt minimumHealthyPercent,
                 UnhealthyConnections unhealthy, Set<String> enabledZones, Map<String, FlowChooser.Eligible> eligibleByZone) {
        Group {
            targets = List.copyOf(targets);
            enabledZones = Set.copyOf(enabledZones);
        }

        Group(String arn, List<Target> targets, boolean crossZone, boolean sourceIpStickiness, boolean proxyProtocolV2,
              boolean preserveClientIp, boolean tlsTargets, int minimumHealthy, OptionalInt minimumHealthyPercent,
              UnhealthyConnections unhealthy, Set<String> enabledZones) {
            this(arn, targets, crossZone, sourceIpStickiness, proxyProtocolV2, preserveClientIp, tlsTargets,
                    minimumHealthy, minimumHealthyPercent, unhealthy, enabledZones, new ConcurrentHashMap<>());
        }

        /**
         * The address a connection or flow to {@code target} is made from: the client's with client
         * IP preservation, else the node's, as an NLB's targets see them; null for any local
         * address. Only a loopback address can be bound without privileges, so a client or node
         * elsewhere, or one of the other family or the other side of loopback than the target,
         * leaves the choice to the system.
         */
        InetAddress sourceFor(InetAddress client, InetAddress node, InetSocketAddress target) {
            if (preserveClientIp && client.isLoopbackAddress() && reaches(client, target.getAddress())) {
                return client;
            }
            return reaches(node, target.getAddress()) ? node : null;
        }

        private static boolean reaches(InetAddress source, InetAddress target) {
            return source.getClass() == target.getClass() && source.isLoopbackAddress() == target.isLoopbackAddress();
        }

        /**
         * True when the node of {@code nodeZone} may send to {@code t}: the target's zone is enabled
         * on the load balancer (or is {@code all}), and it is the node's own zone unless cross-zone
         * is on.
         */
        boolean inScope(Target t, String nodeZone) {
            boolean all = t.zone().equals(io.lbctl.backend.local.TargetZones.ALL);
            if (!all && !enabledZones.contains(t.zone())) {
                return false;
            }
            return crossZone || all || t.zone().equals(nodeZone);
        }
    }
}
