package io.lbctl.backend.local.control;

import io.lbctl.backend.local.store.ActionRecord;
import io.lbctl.backend.local.store.ListenerRecord;
import io.lbctl.backend.local.store.ResourceStore;
import io.lbctl.backend.local.store.RuleRecord;
import io.lbctl.backend.local.store.StoreState;
import io.lbctl.model.Action;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which load balancers use a target group, through the forward actions of their listeners and rules. */
final class Usage {
    private final ResourceStore store;

    Usage(ResourceStore store) {
        this.store = store;
    }

    List<String> loadBalancersOf(String targetGroupArn) {
        StoreState state = store.state();
        Set<String> out = new LinkedHashSet<>();
        for (ListenerRecord l : state.listeners().values()) {
            if (forwardsTo(l.defaultActions(), targetGroupArn)) {
                out.add(l.loadBalancerArn());
            }
        }
        for (RuleRecord r : state.rules().values()) {
            ListenerRecord l = state.listeners().get(r.listenerArn());
            if (l != null && forwardsTo(r.actions(), targetGroupArn)) {
                out.add(l.loadBalancerArn());
            }
        }
        return List.copyOf(out);
    }

    private static boolean forwardsTo(List<ActionRecord> actions, String targetGroupArn) {
        return actions.stream().flatMap(a -> a.forward().stream())
                .flatMap((Action.Forward f) -> f.targetGroups().stream())
                .anyMatch(g -> g.targetGroup().equals(targetGroupArn));
    }

}
