package io.lbctl.backend.local.control;

import io.lbctl.backend.local.api.ApiError;
import io.lbctl.backend.local.api.QueryRequest;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.TargetType;
import io.lbctl.model.aws.AttributeCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code Attributes.member.N.Key/Value} and checks every pair against
 * {@link AttributeCatalog} before any is applied, for all three resource kinds.
 */
final class AttributeParams {
    private AttributeParams() {
    }

    /** {@code noun} names the resource kind in AWS's message, such as "Load balancer". */
    static Map<String, String> read(QueryRequest request, AttributeCatalog.Scope scope, String noun,
                                    LoadBalancerType type, Optional<TargetType> targetType) {
        List<Map<String, String>> given = request.structs("Attributes");
        if (given.isEmpty()) {
            request.required("Attributes");
        }
        Map<String, String> changed = new LinkedHashMap<>();
        for (Map<String, String> a : given) {
            String key = a.get("Key");
            if (key == null || AttributeCatalog.find(scope, key).isEmpty()) {
                throw ApiError.validation(noun + " attribute key '" + key + "' is not recognized");
            }
            String value = a.getOrDefault("Value", "");
            ApiError.check(AttributeCatalog.check(scope, type, targetType, key, value));
            changed.put(key, value);
        }
        return changed;
    }
}
