package io.lbctl.schemas;

import io.lbctl.model.Action;
import io.lbctl.model.Address;
import io.lbctl.model.Listener;
import io.lbctl.model.LoadBalancer;
import io.lbctl.model.Rule;
import io.lbctl.model.Stack;
import io.lbctl.model.diag.Diagnostic;
import io.lbctl.model.diag.SourceMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The rules a schema cannot express: AWS's constraints (from {@link io.lbctl.model.aws}), and
 * that every reference resolves. Runs on a model built from a schema-valid tree.
 */
public final class SemanticValidator {
    private SemanticValidator() {
    }

    public static List<Diagnostic> validate(Stack stack, SourceMap map) {
        CheckContext ctx = new CheckContext(stack, map);
        ctx.checkTags(stack.tags(), Address.ROOT);
        checkUniqueNames(ctx);
        LoadBalancerChecks lbs = new LoadBalancerChecks(ctx);
        stack.loadBalancers().values().forEach(lbs::check);
        Map<String, List<TargetGroupChecks.Use>> users = usersByTargetGroup(stack);
        TargetGroupChecks tgs = new TargetGroupChecks(ctx);
        stack.targetGroups().values().forEach(tg -> tgs.check(tg, users.getOrDefault(tg.id(), List.of())));
        ClassicChecks classic = new ClassicChecks(ctx);
        stack.classicLoadBalancers().values().forEach(classic::check);
        return ctx.diagnostics();
    }

    /** Which listeners forward to each target group, by target-group id. */
    private static Map<String, List<TargetGroupChecks.Use>> usersByTargetGroup(Stack stack) {
        Map<String, List<TargetGroupChecks.Use>> users = new HashMap<>();
        for (LoadBalancer lb : stack.loadBalancers().values()) {
            for (Listener l : lb.listeners().values()) {
                Stream.concat(Stream.of(l.defaultAction()), l.rules().values().stream().map(Rule::action))
                        .filter(Action.Forward.class::isInstance)
                        .flatMap(a -> ((Action.Forward) a).targetGroups().stream())
                        .forEach(g -> users.computeIfAbsent(g.targetGroup(), k -> new ArrayList<>())
                                .add(new TargetGroupChecks.Use(lb, l)));
            }
        }
        return users;
    }

    /** Physical names pinned in the spec must be unique per kind, as AWS requires per region. */
    private static void checkUniqueNames(CheckContext ctx) {
        Map<String, String> lbNames = new HashMap<>();
        ctx.stack.loadBalancers().values().forEach(lb -> lb.name().ifPresent(n -> {
            String other = lbNames.putIfAbsent(n, lb.id());
            if (other != null) {
                ctx.error("name.duplicate", "load balancer name '" + n + "' is already used by '" + other + "'",
                        Address.loadBalancer(lb.id()).child("name"));
            }
        }));
        Map<String, String> tgNames = new HashMap<>();
        ctx.stack.targetGroups().values().forEach(tg -> tg.name().ifPresent(n -> {
            String other = tgNames.putIfAbsent(n, tg.id());
            if (other != null) {
                ctx.error("name.duplicate", "target group name '" + n + "' is already used by '" + other + "'",
                        Address.targetGroup(tg.id()).child("name"));
            }
        }));
    }
}
