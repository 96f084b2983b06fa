package io.lbctl.backend.aws;

import io.lbctl.model.Address;
import io.lbctl.model.Listener;
import io.lbctl.model.LoadBalancer;
import io.lbctl.model.Rule;
import io.lbctl.model.Stack;
import io.lbctl.model.TargetGroup;
import io.lbctl.planner.ApplyProgress;
import io.lbctl.planner.Change;
import io.lbctl.planner.FieldChange;
import io.lbctl.planner.Plan;
import io.lbctl.planner.Resource;
import io.lbctl.planner.ResourceKind;
import io.lbctl.planner.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RulePriorityPair;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;

/**
 * Carries out a plan in its order: replacements that must delete first, then creates, updates
 * and create-first replacements by kind (a listener's rules as one batch: one SetRulePriorities
 * call moves every rule whose priority changes, and moves rules about to be deleted out of the
 * way), then deletes in reverse, a target group only after its targets drained. Each created
 * resource carries its ownership tags from the first call, so an apply that stops half-way
 * leaves nothing the next plan cannot find.
 */
final class PlanExecutor {
    private static final int TARGETS_PER_CALL = 200;

    private final ElasticLoadBalancingV2Client client;
    private final Waiters waiters;
    private final ApplyProgress progress;
    private final ResourceCalls calls;
    private final Map<Address, String> arns = new HashMap<>();

    PlanExecutor(ElasticLoadBalancingV2Client client, Waiters waiters, ApplyProgress progress) {
        this.client = client;
        this.waiters = waiters;
        this.progress = progress;
        this.calls = new ResourceCalls(client, waiters, arns);
    }

    void apply(Plan plan, Stack desired, State live) {
        live.resources().values().forEach(r -> r.arn().ifPresent(arn -> arns.put(r.address(), arn)));
        for (Change c : plan.changes()) {
            if (c instanceof Change.Replace r && !r.createFirst() && r.before().parent().map(p -> !replacedFirst(plan, p)).orElse(true)) {
                progress.started(c);
                calls.delete(r.before(), false);
            }
        }
        Set<Address> rulesDone = new HashSet<>();
        Set<Address> registeredEarly = new HashSet<>();
        // Created load balancers provision together; the first listener waits for all of them.
        Map<Address, String> provisioning = new LinkedHashMap<>();
        Map<Address, List<Change>> targets = new LinkedHashMap<>();
        for (Change c : plan.changes()) {
            if (c instanceof Change.Delete) {
                continue;
            }
            if (c.kind() != ResourceKind.LOAD_BALANCER && !provisioning.isEmpty()) {
                waiters.loadBalancersActive(provisioning);
                provisioning.clear();
            }
            switch (c.kind()) {
                case TARGET_GROUP -> {
                    step(c, () -> calls.targetGroup(c, model(desired, c.address(), TargetGroup.class)));
                    if (c instanceof Change.Replace r && r.createFirst()) {
                        // Its targets must be there before listeners and rules are repointed to it, or requests meet an empty group.
                        register(c.address(), targetsOf(plan, c.address()));
                        registeredEarly.add(c.address());
                    }
                }
                case LOAD_BALANCER -> {
                    step(c, () -> calls.loadBalancer(c, model(desired, c.address(), LoadBalancer.class)));
                    if (!(c instanceof Change.Update)) {
                        provisioning.put(c.address(), arns.get(c.address()));
                    }
                }
                case LISTENER -> step(c, () -> calls.listener(c, model(desired, c.address(), Listener.class)));
                case RULE -> {
                    Address listener = c.address().parentOf(2);
                    if (rulesDone.add(listener)) {
                        rules(plan, desired, live, listener);
                    }
                }
                case TARGET -> {
                    if (!registeredEarly.contains(c.address().parentOf(2))) {
                        targets.computeIfAbsent(c.address().parentOf(2), k -> new ArrayList<>()).add(c);
                    }
                }
            }
        }
        waiters.loadBalancersActive(provisioning);
        targets.forEach((group, changes) -> register(group, changes));
        deletes(plan);
    }

    private void step(Change c, Runnable call) {
        progress.started(c);
        call.run();
        progress.finished(c, Optional.ofNullable(arns.get(c.address())).orElse(""));
    }

    /** All of one listener's rule changes: priorities first, then modifications, then new rules. */
    private void rules(Plan plan, Stack desired, State live, Address listener) {
        String listenerArn = arns.get(listener);
        List<Change> mine = plan.changes().stream().filter(c -> c.kind() == ResourceKind.RULE
                && c.address().parentOf(2).equals(listener)).toList();
        Set<Integer> wanted = new HashSet<>();
        Set<Integer> taken = new HashSet<>();
        for (Change c : mine) {
            if (!(c instanceof Change.Delete)) {
                wanted.add(model(desired, c.address(), Rule.class).priority());
            }
        }
        live.resources().values().stream().filter(r -> r.kind() == ResourceKind.RULE && r.address().parentOf(2).equals(listener))
                .forEach(r -> taken.add(Integer.parseInt(r.field("priority").orElse("0"))));
        List<RulePriorityPair> moves = new ArrayList<>();
        int free = 50_000;
        for (Change c : mine) {
            if (c instanceof Change.Update u && u.fields().stream().anyMatch(f -> f.field().equals("priority"))) {
                moves.add(RulePriorityPair.builder().ruleArn(arns.get(c.address()))
                        .priority(model(desired, c.address(), Rule.class).priority()).build());
            } else if (c instanceof Change.Delete d && wanted.contains(Integer.parseInt(d.before().field("priority").orElse("0")))) {
                while (wanted.contains(free) || taken.contains(free)) {
                    free--;
                }
                moves.add(RulePriorityPair.builder().ruleArn(d.before().arn().orElseThrow()).priority(free--).build());
            }
        }
        if (!moves.isEmpty() && listenerArn != null) {
            waiters.retryNotFound(() -> client.setRulePriorities(b -> b.rulePriorities(moves)));
        }
        for (Change c : mine) {
            if (!(c instanceof Change.Delete)) {
                step(c, () -> calls.rule(c, listenerArn, model(desired, c.address(), Rule.class)));
            }
        }
    }

    private static List<Change> targetsOf(Plan plan, Address group) {
        return plan.changes().stream().filter(c -> c.kind() == ResourceKind.TARGET && !(c instanceof Change.Delete)
                && c.address().parentOf(2).equals(group)).toList();
    }

    private void register(Address group, List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        String tgArn = arns.get(group);
        List<TargetDescription> targets = new ArrayList<>();
        for (Change c : changes) {
            progress.started(c);
            Resource t = c instanceof Change.Replace r ? r.after() : ((Change.Create) c).after();
            targets.add(calls.target(t));
        }
        for (int i = 0; i < targets.size(); i += TARGETS_PER_CALL) {
            List<TargetDescription> chunk = targets.subList(i, Math.min(targets.size(), i + TARGETS_PER_CALL));
            waiters.retryNotFound(() -> client.registerTargets(b -> b.targetGroupArn(tgArn).targets(chunk)));
        }
        changes.forEach(c -> progress.finished(c, "registered"));
    }

    private void deletes(Plan plan) {
        Set<Address> gone = new HashSet<>();
        List<Resource> oldGroups = new ArrayList<>();
        // A replaced group's old targets leave with it, drained, after the new group took the traffic.
        Set<Address> drainedLater = new HashSet<>();
        for (Change c : plan.changes()) {
            if (c instanceof Change.Replace r && r.createFirst() && r.kind() == ResourceKind.TARGET_GROUP) {
                oldGroups.add(r.before());
                drainedLater.add(r.address());
            }
            if (c instanceof Change.Replace r && !r.createFirst()) {
                gone.add(r.address());
            }
        }
        Map<Address, List<Resource>> deregister = new LinkedHashMap<>();
        for (Change c : plan.changes()) {
            if (!(c instanceof Change.Delete d)) {
                continue;
            }
            Resource r = d.before();
            boolean parentGoes = r.parent().map(p -> gone.contains(p) || gone.contains(p.parentOf(2)) || drainedLater.contains(p))
                    .orElse(false);
            gone.add(r.address());
            if (parentGoes) {
                progress.finished(c, "deleted with its " + (r.kind() == ResourceKind.TARGET ? "target group" : "parent"));
                continue;
            }
            switch (r.kind()) {
                case TARGET -> deregister.computeIfAbsent(r.parent().orElseThrow(), k -> new ArrayList<>()).add(r);
                case TARGET_GROUP -> {
                    flushDeregistrations(plan, deregister);
                    progress.started(c);
                    calls.delete(r, false); // nothing points at it any more: rules and listeners went first
                    progress.finished(c, "deleted");
                }
                default -> {
                    flushDeregistrations(plan, deregister);
                    progress.started(c);
                    calls.delete(r, false);
                    progress.finished(c, "deleted");
                }
            }
        }
        flushDeregistrations(plan, deregister);
        for (Resource old : oldGroups) {
            Change c = plan.changes().stream().filter(x -> x.address().equals(old.address())).findFirst().orElseThrow();
            progress.waiting(old.address(), "the replaced target group " + old.name().orElse("") + " to drain and be deleted");
            calls.delete(old, true);
            progress.finished(c, "replaced");
        }
    }

    private void flushDeregistrations(Plan plan, Map<Address, List<Resource>> deregister) {
        deregister.forEach((group, targets) -> {
            String tgArn = arns.get(group);
            List<TargetDescription> descriptions = targets.stream().map(ResourceCalls::liveTarget).toList();
            for (int i = 0; i < descriptions.size(); i += TARGETS_PER_CALL) {
                List<TargetDescription> chunk = descriptions.subList(i, Math.min(descriptions.size(), i + TARGETS_PER_CALL));
                client.deregisterTargets(b -> b.targetGroupArn(tgArn).targets(chunk));
            }
            for (Resource t : targets) {
                plan.changes().stream().filter(x -> x.address().equals(t.address())).findFirst()
                        .ifPresent(c -> progress.finished(c, "deregistered"));
            }
        });
        deregister.clear();
    }

    private static boolean replacedFirst(Plan plan, Address parent) {
        return plan.changes().stream().anyMatch(c -> c instanceof Change.Replace r && !r.createFirst() && r.address().equals(parent));
    }

    static <T> T model(Stack stack, Address address, Class<T> type) {
        List<String> p = address.path();
        Object found = switch (p.size()) {
            case 2 -> p.get(0).equals("targetGroups") ? stack.targetGroups().get(p.get(1)) : stack.loadBalancers().get(p.get(1));
            case 4 -> stack.loadBalancers().get(p.get(1)).listeners().get(p.get(3));
            case 6 -> stack.loadBalancers().get(p.get(1)).listeners().get(p.get(3)).rules().get(p.get(5));
            default -> null;
        };
        if (!type.isInstance(found)) {
            throw new ApplyException(address + ": the spec has no " + type.getSimpleName() + " here; the plan does not belong to this spec");
        }
        return type.cast(found);
    }

    static Duration drainDelay(Resource targetGroup) {
        return Duration.ofSeconds(Long.parseLong(targetGroup.field("attributes.deregistration_delay.timeout_seconds").orElse("0")));
    }

    static List<FieldChange> fields(Change c) {
        return switch (c) {
            case Change.Update u -> u.fields();
            case Change.Replace r -> r.fields();
            default -> List.of();
        };
    }
}
