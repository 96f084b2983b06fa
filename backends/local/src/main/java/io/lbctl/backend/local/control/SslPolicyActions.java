package io.lbctl.backend.local.control;

import io.lbctl.backend.local.api.ApiActions;
import io.lbctl.backend.local.api.ApiError;
import io.lbctl.backend.local.api.QueryRequest;
import io.lbctl.backend.local.api.Xml;
import io.lbctl.model.aws.SslPolicyCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** DescribeSSLPolicies: AWS's predefined policies, their protocols and ciphers in server-preference order. */
final class SslPolicyActions {
    void register(Map<String, ApiActions.Action> actions) {
        actions.put("DescribeSSLPolicies", this::describe);
    }

    private void describe(QueryRequest request, Xml result) {
        List<String> names = request.list("Names");
        String type = request.get("LoadBalancerType").orElse(null);
        if (type != null && !type.equals("application") && !type.equals("network")) {
            throw ApiError.validation("1 validation error detected: Value '" + type + "' at 'loadBalancerType' failed to "
                    + "satisfy constraint: Member must satisfy enum value set: [application, network, gateway]");
        }
        List<SslPolicyCatalog.SslPolicy> found = new ArrayList<>();
        if (names.isEmpty()) {
            found.addAll(SslPolicyCatalog.ALL);
        } else {
            for (String n : names) {
                found.add(SslPolicyCatalog.find(n).orElseThrow(() -> ApiError.of("SSLPolicyNotFound",
                        "SSL policy '" + n + "' not found")));
            }
        }
        if (type != null) {
            found.removeIf(p -> !p.supportedLoadBalancerTypes().contains(type));
        }
        Paging<SslPolicyCatalog.SslPolicy> page = Paging.of(found, request);
        result.start("SslPolicies");
        for (SslPolicyCatalog.SslPolicy p : page.page()) {
            result.start("member").start("SslProtocols");
            p.sslProtocols().forEach(s -> result.element("member", s));
            result.end().start("Ciphers");
            for (int i = 0; i < p.ciphers().size(); i++) {
                result.start("member").element("Name", p.ciphers().get(i)).element("Priority", i + 1).end();
            }
            result.end().element("Name", p.name()).start("SupportedLoadBalancerTypes");
            p.supportedLoadBalancerTypes().forEach(t -> result.element("member", t));
            result.end().end();
        }
        result.end();
        page.nextMarker().ifPresent(m -> result.element("NextMarker", m));
    }
}
