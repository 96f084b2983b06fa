package io.lbctl.backend.local.control;

import io.lbctl.backend.local.api.ApiActions;
import io.lbctl.backend.local.api.QueryRequest;
import io.lbctl.backend.local.api.Xml;
import io.lbctl.backend.local.store.LoadBalancerRecord;
import io.lbctl.backend.local.store.ResourceStore;
import io.lbctl.model.aws.AttributeCatalog;
import io.lbctl.model.aws.AttributeSpec;
import java.util.Map;
import java.util.Optional;

/**
 * Describe/Modify LoadBalancerAttributes, checked against {@link AttributeCatalog}: the same
 * catalog {@code lbctl validate} uses, so the API and the validator cannot disagree.
 */
final class AttributeActions {
    private final ResourceStore store;
    private final LoadBalancerActions loadBalancers;

    AttributeActions(ResourceStore store, LoadBalancerActions loadBalancers) {
        this.store = store;
        this.loadBalancers = loadBalancers;
    }

    void register(Map<String, ApiActions.Action> actions) {
        actions.put("DescribeLoadBalancerAttributes", this::describe);
        actions.put("ModifyLoadBalancerAttributes", this::modify);
    }

    private void describe(QueryRequest request, Xml result) {
        write(loadBalancers.find(request.required("LoadBalancerArn")), result);
    }

    private void modify(QueryRequest request, Xml result) {
        LoadBalancerRecord lb = loadBalancers.find(request.required("LoadBalancerArn"));
        Map<String, String> changed = AttributeParams.read(request, AttributeCatalog.Scope.LOAD_BALANCER, "Load balancer",
                lb.type(), Optional.empty());
        LoadBalancerRecord next = lb.withAttributes(changed);
        store.update(s -> s.withLoadBalancer(next));
        write(next, result);
    }

    /** Every attribute that applies to the load balancer's type, set or AWS's default. */
    private static void write(LoadBalancerRecord lb, Xml result) {
        result.start("Attributes");
        for (AttributeSpec spec : AttributeCatalog.all(AttributeCatalog.Scope.LOAD_BALANCER)) {
            if (spec.loadBalancerTypes().contains(lb.type())) {
                String value = lb.attributes().getOrDefault(spec.key(), spec.defaultValue().orElse(""));
                result.start("member").element("Key", spec.key()).element("Value", value).end();
            }
        }
        result.end();
    }
}
