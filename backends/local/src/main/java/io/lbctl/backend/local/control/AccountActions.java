package io.lbctl.backend.local.control;

import io.lbctl.backend.local.api.ApiActions;
import io.lbctl.backend.local.api.QueryRequest;
import io.lbctl.backend.local.api.Xml;
import io.lbctl.model.aws.ElbLimits;
import java.util.LinkedHashMap;
import java.util.Map;

/** DescribeAccountLimits: AWS's default quotas, as the local region enforces them. */
final class AccountActions {
    static final Map<String, Integer> LIMITS = limits();

    void register(Map<String, ApiActions.Action> actions) {
        actions.put("DescribeAccountLimits", this::describeLimits);
    }

    private static Map<String, Integer> limits() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("application-load-balancers", LoadBalancerActions.MAX_LOAD_BALANCERS);
        m.put("target-groups", 3000);
        m.put("targets-per-application-load-balancer", 1000);
        m.put("listeners-per-application-load-balancer", ElbLimits.MAX_LISTENERS_PER_LOAD_BALANCER);
        m.put("rules-per-application-load-balancer", ElbLimits.MAX_RULES_PER_LOAD_BALANCER);
        m.put("network-load-balancers", LoadBalancerActions.MAX_LOAD_BALANCERS);
        m.put("targets-per-network-load-balancer", 3000);
        m.put("targets-per-availability-zone-per-network-load-balancer", 500);
        m.put("listeners-per-network-load-balancer", ElbLimits.MAX_LISTENERS_PER_LOAD_BALANCER);
        m.put("condition-values-per-alb-rule", ElbLimits.MAX_VALUES_PER_RULE);
        m.put("condition-wildcards-per-alb-rule", ElbLimits.MAX_WILDCARDS_PER_RULE);
        m.put("target-groups-per-application-load-balancer", 100);
        m.put("target-groups-per-action-on-application-load-balancer", ElbLimits.MAX_TARGET_GROUPS_PER_ACTION);
        m.put("target-groups-per-action-on-network-load-balancer", 1);
        m.put("certificates-per-application-load-balancer", ElbLimits.MAX_CERTIFICATES_PER_LISTENER);
        m.put("certificates-per-network-load-balancer", ElbLimits.MAX_CERTIFICATES_PER_LISTENER);
        m.put("targets-per-target-group", ElbLimits.MAX_TARGETS_PER_TARGET_GROUP);
        m.put("gateway-load-balancers", 100);
        m.put("gateway-load-balancers-per-vpc", 100);
        m.put("geneve-target-groups", 100);
        m.put("targets-per-availability-zone-per-gateway-load-balancer", 300);
        return m;
    }

    private void describeLimits(QueryRequest request, Xml result) {
        Paging<Map.Entry<String, Integer>> page = Paging.of(LIMITS.entrySet().stream().toList(), request);
        result.start("Limits");
        page.page().forEach(e -> result.start("member").element("Name", e.getKey()).element("Max", e.getValue()).end());
        result.end();
        page.nextMarker().ifPresent(m -> result.element("NextMarker", m));
    }
}
