package io.lbctl.backend.local.control;

import io.lbctl.backend.local.api.ApiError;
import io.lbctl.backend.local.store.ResourceStore;

/** Finds any resource by ARN and answers AWS's not-found code for its kind. */
final class ResourceLookup {
    private final ResourceStore store;

    ResourceLookup(ResourceStore store) {
        this.store = store;
    }

    void requireExists(String arn) {
        if (arn.contains(":loadbalancer/")) {
            if (!store.state().loadBalancers().containsKey(arn)) {
                throw ApiError.of("LoadBalancerNotFound", "Load balancer '" + arn + "' not found");
            }
            return;
        }
        if (arn.contains(":targetgroup/")) {
            if (!store.state().targetGroups().containsKey(arn)) {
                throw ApiError.of("TargetGroupNotFound", "Target group '" + arn + "' not found");
            }
            return;
        }
        if (arn.contains(":listener/")) {
            if (!store.state().listeners().containsKey(arn)) {
                throw ApiError.of("ListenerNotFound", "Listener '" + arn + "' not found");
            }
            return;
        }
        if (arn.contains(":listener-rule/")) {
            boolean defaultRule = store.state().listeners().values().stream().anyMatch(l -> l.defaultRuleArn().equals(arn));
            if (!store.state().rules().containsKey(arn) && !defaultRule) {
                throw ApiError.of("RuleNotFound", "Rule '" + arn + "' not found");
            }
            return;
        }
        throw ApiError.validation("'" + arn + "' is not a valid resource ARN");
    }
}
