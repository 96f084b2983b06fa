package io.lbctl.backend.local.nlb;

import io.lbctl.backend.local.TargetNetworks;
import io.lbctl.backend.local.TargetZones;
import io.lbctl.backend.local.Topology;
import io.lbctl.backend.local.store.ActionRecord;
import io.lbctl.backend.local.store.ListenerRecord;
import io.lbctl.backend.local.store.LoadBalancerRecord;
import io.lbctl.backend.local.store.RegisteredTarget;
import io.lbctl.backend.local.store.StoreState;
import io.lbctl.backend.local.store.TargetGroupRecord;
import io.lbctl.backend.local.store.ZoneNode;
import io.lbctl.backend.local.tls.CertificateStore;
import io.lbctl.backend.local.tls.SniMappings;
import io.lbctl.backend.local.tls.TlsContexts;
import io.lbctl.model.Action;
import io.lbctl.model.AlpnPolicy;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.Protocol;
import io.lbctl.model.TargetType;
import io.lbctl.model.aws.AttributeDefaults;
import io.lbctl.model.aws.IpAddresses;
import io.lbctl.model.aws.SslPolicies;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the route of every TCP, TLS, UDP and TCP_UDP listener of every network load balancer
 * from the store. A listener of a protocol the local runtime does not carry, or a TLS listener
 * whose default certificate has no PEM files here, gets no route and a problem with the reason, so
 * it is never silently dead.
 */
final class NlbRouteBuilder {
    static final String IDLE_TIMEOUT = "tcp.idle_timeout.seconds";
    static final String CONNECTION_TERMINATION = "deregistration_delay.connection_termination.enabled";
    static final String UNHEALTHY_TERMINATION = "target_health_state.unhealthy.connection_termination.enabled";
    static final String UNHEALTHY_DRAINING = "target_health_state.unhealthy.draining_interval_seconds";
    private static final String CROSS_ZONE = "load_balancing.cross_zone.enabled";

    private final TargetNetworks networks;
    private final Topology topology;
    private final CertificateStore certificates;
    private final TlsContexts contexts;

    NlbRouteBuilder(TargetNetworks networks, Topology topology, CertificateStore certificates, TlsContexts contexts) {
        this.networks = networks;
        this.topology = topology;
        this.certificates = certificates;
        this.contexts = contexts;
    }

    /** Routes by listener ARN; {@code problems} receives listener ARN -> why it has no route. */
    Map<String, NlbRoute> build(StoreState state, Map<String, String> problems) {
        Map<String, NlbRoute> routes = new LinkedHashMap<>();
        for (ListenerRecord l : state.listeners().values()) {
            LoadBalancerRecord lb = state.loadBalancers().get(l.loadBalancerArn());
            if (lb == null || lb.type() != LoadBalancerType.NETWORK || l.port().isEmpty()) {
                continue;
            }
            Protocol protocol = l.protocol().orElse(Protocol.TCP);
            if (protocol != Protocol.TCP && protocol != Protocol.TLS && protocol != Protocol.UDP
                    && protocol != Protocol.TCP_UDP) {
                problems.put(l.arn(), protocol.name() + " listeners of network load balancers are not carried by the "
                        + "local runtime; only TCP, TLS, UDP and TCP_UDP listeners are");
                continue;
            }
            Optional<NlbRoute.Tls> tls = Optional.empty();
            if (protocol == Protocol.TLS) {
                String policy = l.sslPolicy().orElse(SslPolicies.API_DEFAULT);
                List<String> alpn = l.alpnPolicy().map(AlpnPolicy::protocols).orElse(List.of());
                try {
                    tls = Optional.of(new NlbRoute.Tls(SniMappings.build(certificates, contexts, l.arn(), l.certificates(),
                            policy, alpn), policy));
                } catch (IllegalArgumentException e) {
                    problems.put(l.arn(), e.getMessage());
                    continue;
                }
            }
            List<NlbRoute.Weighted> groups = new ArrayList<>();
            l.defaultActions().stream().max(Comparator.comparingInt(ActionRecord::order))
                    .flatMap(ActionRecord::forward).map(Action.Forward::targetGroups).orElse(List.of())
                    .forEach(w -> {
                        TargetGroupRecord tg = state.targetGroups().get(w.targetGroup());
                        if (tg != null) {
                            groups.add(new NlbRoute.Weighted(group(tg, lb), w.weight()));
                        }
                    });
            int idle = Integer.parseInt(l.attributes().getOrDefault(IDLE_TIMEOUT,
                    AttributeDefaults.listener(LoadBalancerType.NETWORK).get(IDLE_TIMEOUT)));
            routes.put(l.arn(), new NlbRoute(l.arn(), protocol, l.port().getAsInt(), idle, groups, tls));
        }
        return routes;
    }

    private NlbRoute.Group group(TargetGroupRecord tg, LoadBalancerRecord lb) {
        List<NlbRoute.Target> targets = new ArrayList<>();
        for (RegisteredTarget t : tg.targets()) {
            if (t.drainingUntil().isPresent() || t.port().isEmpty() || tg.targetType() != TargetType.IP
                    || !networks.allows(t.id())) {
                continue; // a draining target gets no new connection; one outside the networks is never contacted
            }
            var address = new InetSocketAddress(IpAddresses.parse(t.id()).orElseThrow(), t.port().getAsInt());
            targets.add(new NlbRoute.Target(t.id(), t.port().getAsInt(), TargetZones.of(topology, t.id(), t.zone()), address));
        }
        boolean crossZone = switch (tg.attribute(CROSS_ZONE)) {
            case "true" -> true;
            case "false" -> false;
            default -> "true".equals(lb.attributes().get(CROSS_ZONE)); // NLB default: off
        };
        boolean sticky = "true".equals(tg.attribute("stickiness.enabled"))
                && "source_ip".equals(tg.attribute("stickiness.type"));
        String percent = tg.attribute("target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage");
        Set<String> zones = lb.zones().stream().map(ZoneNode::zone).collect(Collectors.toSet());
        var unhealthy = new NlbRoute.UnhealthyConnections("true".equals(tg.attribute(UNHEALTHY_TERMINATION)),
                Integer.parseInt(tg.attribute(UNHEALTHY_DRAINING)));
        return new NlbRoute.Group(tg.arn(), targets, crossZone, sticky,
                "true".equals(tg.attribute("proxy_protocol_v2.enabled")),
                "true".equals(tg.attribute("preserve_client_ip.enabled")),
                tg.protocol().filter(p -> p == Protocol.TLS).isPresent(),
                Integer.parseInt(tg.attribute("target_group_health.unhealthy_state_routing.minimum_healthy_targets.count")),
                percent.equals("off") ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(percent)), unhealthy, zones);
    }
}
