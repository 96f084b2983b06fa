package io.lbctl.cli;

import io.lbctl.model.Listener;
import io.lbctl.model.LoadBalancer;
import io.lbctl.model.LocalOverlay;
import io.lbctl.model.Stack;
import io.lbctl.model.Target;
import io.lbctl.model.TargetGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A spec as the local runtime runs it: each target the overlay maps at its local endpoint, each
 * mapped listener on its local port. Everything else stays as written, so a target the overlay
 * leaves out is registered and never contacted.
 */
final class LocalOverlays {
    private LocalOverlays() {
    }

    static Stack apply(Stack stack, LocalOverlay overlay) {
        Map<String, TargetGroup> groups = new LinkedHashMap<>();
        for (TargetGroup tg : stack.targetGroups().values()) {
            Map<String, LocalOverlay.HostPort> local = overlay.targets().getOrDefault(tg.id(), Map.of());
            List<Target> targets = new ArrayList<>();
            for (Target t : tg.targets()) {
                LocalOverlay.HostPort at = local.get(t.key());
                targets.add(at == null ? t : new Target(new Target.Literal(at.host().equals("localhost") ? "127.0.0.1" : at.host()),
                        OptionalInt.of(at.port()), Optional.empty()));
            }
            groups.put(tg.id(), new TargetGroup(tg.id(), tg.name(), tg.targetType(), tg.protocol(), tg.protocolVersion(), tg.port(),
                    tg.ipAddressType(), tg.healthCheck(), tg.attributes(), targets, tg.tags()));
        }
        Map<String, LoadBalancer> lbs = new LinkedHashMap<>();
        for (LoadBalancer lb : stack.loadBalancers().values()) {
            Map<String, Integer> ports = overlay.listenerPorts().getOrDefault(lb.id(), Map.of());
            Map<String, Listener> listeners = new LinkedHashMap<>();
            for (Listener l : lb.listeners().values()) {
                Integer port = ports.get(l.id());
                listeners.put(l.id(), port == null ? l : new Listener(l.id(), OptionalInt.of(port), l.protocol(), l.certificates(),
                        l.sslPolicy(), l.alpnPolicy(), l.defaultAction(), l.rules(), l.attributes(), l.tags()));
            }
            lbs.put(lb.id(), new LoadBalancer(lb.id(), lb.name(), lb.type(), lb.scheme(), lb.ipAddressType(), lb.subnets(),
                    lb.securityGroups(), lb.attributes(), lb.tags(), listeners));
        }
        return new Stack(stack.name(), stack.tags(), stack.network(), groups, lbs, stack.classicLoadBalancers());
    }
}
