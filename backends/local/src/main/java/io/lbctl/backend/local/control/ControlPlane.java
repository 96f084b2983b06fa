package io.lbctl.backend.local.control;

import io.lbctl.backend.local.TargetNetworks;
import io.lbctl.backend.local.api.ApiActions;
import io.lbctl.backend.local.health.HealthRegistry;
import io.lbctl.backend.local.store.ResourceStore;
import java.util.HashMap;
import java.util.Map;

/** Every ELBv2 action the local region serves, over one {@link ResourceStore}. */
public final class ControlPlane {
    private ControlPlane() {
    }

    public static ApiActions actions(ResourceStore store, TargetNetworks networks, HealthRegistry health) {
        Map<String, ApiActions.Action> actions = new HashMap<>();
        Usage usage = new Usage(store);
        LoadBalancerActions loadBalancers = new LoadBalancerActions(store);
        loadBalancers.register(actions);
        new AttributeActions(store, loadBalancers).register(actions);
        TargetGroupActions targetGroups = new TargetGroupActions(store, usage);
        targetGroups.register(actions);
        new TargetGroupAttributeActions(store, targetGroups).register(actions);
        new TargetActions(store, targetGroups, usage, networks, health).register(actions);
        ActionParser parser = new ActionParser(store, usage);
        ListenerActions listeners = new ListenerActions(store, loadBalancers, parser);
        listeners.register(actions);
        new ListenerExtrasActions(store, listeners, loadBalancers).register(actions);
        new RuleActions(store, listeners, loadBalancers, parser).register(actions);
        new SslPolicyActions().register(actions);
        new TagActions(store, new ResourceLookup(store)).register(actions);
        new AccountActions().register(actions);
        return ApiActions.of(actions);
    }
}
