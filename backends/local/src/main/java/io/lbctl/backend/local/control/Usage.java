package io.lbctl.backend.local.control;

import io.lbctl.backend.local.store.ResourceStore;
import java.util.List;

/** Which load balancers use a target group, through the forward actions of their listeners and rules. */
final class Usage {
    private final ResourceStore store;

    Usage(ResourceStore store) {
        this.store = store;
    }

    List<String> loadBalancersOf(String targetGroupArn) {
        return store.state().loadBalancersUsing(targetGroupArn);
    }
}
