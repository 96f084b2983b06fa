package io.lbctl.backend.local.control;

import io.lbctl.backend.local.api.ApiActions;
import io.lbctl.backend.local.api.ApiError;
import io.lbctl.backend.local.api.QueryRequest;
import io.lbctl.backend.local.api.Xml;
import io.lbctl.backend.local.store.ResourceStore;
import io.lbctl.backend.local.store.TargetGroupRecord;
import io.lbctl.model.aws.AttributeCatalog;
import io.lbctl.model.aws.AttributeDefaults;
import io.lbctl.model.aws.AttributeSpec;
import io.lbctl.model.aws.TargetGroupAttributeRules;
import java.util.Optional;
import java.util.Map;

/** Describe/Modify TargetGroupAttributes, by the rules {@code lbctl validate} uses. */
final class TargetGroupAttributeActions {
    private final ResourceStore store;
    private final TargetGroupActions groups;

    TargetGroupAttributeActions(ResourceStore store, TargetGroupActions groups) {
        this.store = store;
        this.groups = groups;
    }

    void register(Map<String, ApiActions.Action> actions) {
        actions.put("DescribeTargetGroupAttributes", this::describe);
        actions.put("ModifyTargetGroupAttributes", this::modify);
    }

    private void describe(QueryRequest request, Xml result) {
        write(groups.find(request.required("TargetGroupArn")), result);
    }

    private void modify(QueryRequest request, Xml result) {
        TargetGroupRecord tg = groups.find(request.required("TargetGroupArn"));
        Map<String, String> changed = AttributeParams.read(request, AttributeCatalog.Scope.TARGET_GROUP, "Target group",
                tg.family(), Optional.of(tg.targetType()));
        TargetGroupRecord next = tg.withAttributes(changed);
        TargetGroupAttributeRules.check(next.attributes(), tg.family(), tg.targetType(), tg.protocol()).stream()
                .findFirst().ifPresent(v -> {
                    throw ApiError.validation(v.violation().message());
                });
        store.update(s -> s.withTargetGroup(next));
        write(next, result);
    }

    private static void write(TargetGroupRecord tg, Xml result) {
        result.start("Attributes");
        for (AttributeSpec spec : AttributeCatalog.all(AttributeCatalog.Scope.TARGET_GROUP)) {
            boolean applies = spec.loadBalancerTypes().contains(tg.family())
                    && (spec.targetTypes().isEmpty() || spec.targetTypes().contains(tg.targetType()));
            if (applies) {
                String value = tg.attributes().getOrDefault(spec.key(), defaultFor(spec, tg));
                result.start("member").element("Key", spec.key()).element("Value", value).end();
            }
        }
        result.end();
    }

    /** AWS's defaults, including the ones that depend on protocol and target type. */
    static String defaultFor(AttributeSpec spec, TargetGroupRecord tg) {
        return AttributeDefaults.targetGroup(spec, tg.family(), tg.targetType(), tg.protocol());
    }
}
