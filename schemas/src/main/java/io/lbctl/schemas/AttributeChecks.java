package io.lbctl.schemas;

import io.lbctl.model.Address;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.TargetGroup;
import io.lbctl.model.aws.TargetGroupAttributeRules;

/** Target-group attributes, by AWS's rules in {@link TargetGroupAttributeRules}, placed at their keys. */
final class AttributeChecks {
    private final CheckContext ctx;

    AttributeChecks(CheckContext ctx) {
        this.ctx = ctx;
    }

    void checkTargetGroup(TargetGroup tg, LoadBalancerType family, Address at) {
        TargetGroupAttributeRules.check(tg.attributes().values(), family, tg.targetType(), tg.protocol())
                .forEach(v -> ctx.report(v.violation(), at.child(v.key())));
    }
}
