package io.lbctl.backend.local.control;

import io.lbctl.backend.local.api.ApiActions;
import io.lbctl.backend.local.api.ApiError;
import io.lbctl.backend.local.api.QueryRequest;
import io.lbctl.backend.local.api.Xml;
import io.lbctl.backend.local.store.ActionRecord;
import io.lbctl.backend.local.store.Arns;
import io.lbctl.backend.local.store.ConditionRecord;
import io.lbctl.backend.local.store.ListenerRecord;
import io.lbctl.backend.local.store.LoadBalancerRecord;
import io.lbctl.backend.local.store.ResourceStore;
import io.lbctl.backend.local.store.RuleRecord;
import io.lbctl.backend.local.store.StoreState;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.aws.ElbLimits;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Listener rules: Create/Describe/Modify/Delete and SetRulePriorities. The default rule is the
 * listener's own; DescribeRules lists it last with priority {@code default}.
 */
final class RuleActions {
    private final ResourceStore store;
    private final ListenerActions listeners;
    private final LoadBalancerActions loadBalancers;
    private final ActionParser parser;

    RuleActions(ResourceStore store, ListenerActions listeners, LoadBalancerActions loadBalancers, ActionParser parser) {
        this.store = store;
        this.listeners = listeners;
        this.loadBalancers = loadBalancers;
        this.parser = parser;
    }

    void register(Map<String, ApiActions.Action> actions) {
        actions.put("CreateRule", this::create);
        actions.put("DescribeRules", this::describe);
        actions.put("ModifyRule", this::modify);
        actions.put("DeleteRule", this::delete);
        actions.put("SetRulePriorities", this::setPriorities);
    }

    private void create(QueryRequest request, Xml result) {
        ListenerRecord l = listeners.find(request.required("ListenerArn"));
        LoadBalancerRecord lb = loadBalancers.find(l.loadBalancerArn());
        if (lb.type() != LoadBalancerType.APPLICATION) {
            throw ApiError.validation("Rules can be created only on the listeners of Application Load Balancers");
        }
        int priority = priority(request.requiredInteger("Priority"));
        if (rulesOf(l.arn()).stream().anyMatch(r -> r.priority() == priority)) {
            throw ApiError.of("PriorityInUse", "Priority '" + priority + "' is currently in use");
        }
        long onLoadBalancer = store.state().rules().values().stream()
                .filter(r -> store.state().listeners().get(r.listenerArn()).loadBalancerArn().equals(lb.arn())).count();
        if (onLoadBalancer >= ElbLimits.MAX_RULES_PER_LOAD_BALANCER) {
            throw ApiError.of("TooManyRules", "A load balancer can have at most " + ElbLimits.MAX_RULES_PER_LOAD_BALANCER
                    + " rules, default rules excluded");
        }
        List<ConditionRecord> conditions = ConditionParser.parse(request);
        List<ActionRecord> actions = parser.parse(request, "Actions", lb, l.protocol());
        Map<String, String> tags = TagRules.read(request);
        RuleRecord rule = new RuleRecord(store.arns().rule(l.arn(), Arns.newId()), l.arn(), priority, conditions, actions);
        store.update(s -> s.withRule(rule).withTags(rule.arn(), tags));
        result.start("Rules");
        write(rule, result);
        result.end();
    }

    private void describe(QueryRequest request, Xml result) {
        List<String> arns = request.list("RuleArns");
        Optional<String> listener = request.get("ListenerArn");
        if (arns.isEmpty() == listener.isEmpty()) {
            throw ApiError.validation("You must specify either rule ARNs or a listener ARN, not both");
        }
        List<Runnable> writers = new ArrayList<>();
        if (listener.isPresent()) {
            ListenerRecord l = listeners.find(listener.get());
            rulesOf(l.arn()).forEach(r -> writers.add(() -> write(r, result)));
            writers.add(() -> writeDefault(l, result));
        } else {
            for (String arn : arns) {
                Optional<ListenerRecord> owner = store.state().listeners().values().stream()
                        .filter(l -> l.defaultRuleArn().equals(arn)).findFirst();
                if (owner.isPresent()) {
                    writers.add(() -> writeDefault(owner.get(), result));
                } else {
                    RuleRecord r = find(arn);
                    writers.add(() -> write(r, result));
                }
            }
        }
        Paging<Runnable> page = Paging.of(writers, request);
        result.start("Rules");
        page.page().forEach(Runnable::run);
        result.end();
        page.nextMarker().ifPresent(m -> result.element("NextMarker", m));
    }

    private void modify(QueryRequest request, Xml result) {
        String arn = request.required("RuleArn");
        Optional<ListenerRecord> owner = store.state().listeners().values().stream()
                .filter(l -> l.defaultRuleArn().equals(arn)).findFirst();
        if (owner.isPresent()) {
            if (request.has("Conditions")) {
                throw ApiError.of("OperationNotPermitted", "The default rule cannot have conditions");
            }
            ListenerRecord l = owner.get();
            List<ActionRecord> actions = parser.parse(request, "Actions", loadBalancers.find(l.loadBalancerArn()), l.protocol());
            ListenerRecord next = l.with(l.port(), l.protocol(), l.certificates(), l.sslPolicy(), l.alpnPolicy(), actions);
            store.update(s -> s.withListener(next));
            result.start("Rules");
            writeDefault(next, result);
            result.end();
            return;
        }
        RuleRecord rule = find(arn);
        ListenerRecord l = listeners.find(rule.listenerArn());
        List<ConditionRecord> conditions = request.has("Conditions") ? ConditionParser.parse(request) : rule.conditions();
        List<ActionRecord> actions = request.has("Actions")
                ? parser.parse(request, "Actions", loadBalancers.find(l.loadBalancerArn()), l.protocol()) : rule.actions();
        RuleRecord next = rule.with(conditions, actions);
        store.update(s -> s.withRule(next));
        result.start("Rules");
        write(next, result);
        result.end();
    }

    private void delete(QueryRequest request, Xml result) {
        String arn = request.required("RuleArn");
        if (store.state().listeners().values().stream().anyMatch(l -> l.defaultRuleArn().equals(arn))) {
            throw ApiError.of("OperationNotPermitted", "Default rule '" + arn + "' cannot be deleted");
        }
        RuleRecord rule = find(arn);
        store.update(s -> s.withoutRule(rule.arn()));
    }

    /** Moves every named rule at once; the result must leave priorities unique on each listener. */
    private void setPriorities(QueryRequest request, Xml result) {
        List<Map<String, String>> given = request.structs("RulePriorities");
        if (given.isEmpty()) {
            request.required("RulePriorities");
        }
        Map<String, Integer> moves = new LinkedHashMap<>();
        for (Map<String, String> p : given) {
            String arn = Optional.ofNullable(p.get("RuleArn")).orElseThrow(() -> ApiError.validation("A rule ARN must be given"));
            if (store.state().listeners().values().stream().anyMatch(l -> l.defaultRuleArn().equals(arn))) {
                throw ApiError.of("OperationNotPermitted", "The priority of the default rule cannot be changed");
            }
            find(arn);
            String text = Optional.ofNullable(p.get("Priority")).orElseThrow(() -> ApiError.validation("A priority must be given"));
            int priority;
            try {
                priority = priority(Integer.parseInt(text));
            } catch (NumberFormatException e) {
                throw ApiError.validation("Priority '" + text + "' must be a number");
            }
            if (moves.put(arn, priority) != null) {
                throw ApiError.validation("Rule '" + arn + "' is given more than once");
            }
        }
        StoreState moved = store.state();
        for (var m : moves.entrySet()) {
            moved = moved.withRule(moved.rules().get(m.getKey()).withPriority(m.getValue()));
        }
        Map<String, Map<Integer, String>> taken = new HashMap<>();
        for (RuleRecord r : moved.rules().values()) {
            String other = taken.computeIfAbsent(r.listenerArn(), k -> new HashMap<>()).putIfAbsent(r.priority(), r.arn());
            if (other != null) {
                throw ApiError.of("PriorityInUse", "Priority '" + r.priority() + "' is currently in use");
            }
        }
        StoreState next = moved;
        store.update(s -> next);
        result.start("Rules");
        moves.keySet().forEach(arn -> write(next.rules().get(arn), result));
        result.end();
    }

    private RuleRecord find(String arn) {
        RuleRecord r = store.state().rules().get(arn);
        if (r == null) {
            if (!arn.matches("arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\\d{12}:listener-rule/(app|net|gwy)/.+")) {
                throw ApiError.validation("'" + arn + "' is not a valid rule ARN");
            }
            throw ApiError.of("RuleNotFound", "Rule '" + arn + "' not found");
        }
        return r;
    }

    private List<RuleRecord> rulesOf(String listenerArn) {
        return store.state().rules().values().stream().filter(r -> r.listenerArn().equals(listenerArn))
                .sorted(Comparator.comparingInt(RuleRecord::priority)).toList();
    }

    private static int priority(int p) {
        if (p < ElbLimits.MIN_PRIORITY || p > ElbLimits.MAX_PRIORITY) {
            throw ApiError.validation("1 validation error detected: Value '" + p + "' at 'priority' failed to satisfy "
                    + "constraint: Member must have value between 1 and 50000");
        }
        return p;
    }

    private static void write(RuleRecord r, Xml x) {
        x.start("member").element("RuleArn", r.arn()).element("Priority", Integer.toString(r.priority()));
        ActionXml.conditions(r.conditions(), x);
        ActionXml.actions("Actions", r.actions(), x);
        x.element("IsDefault", false).end();
    }

    private static void writeDefault(ListenerRecord l, Xml x) {
        x.start("member").element("RuleArn", l.defaultRuleArn()).element("Priority", "default");
        ActionXml.conditions(List.of(), x);
        ActionXml.actions("Actions", l.defaultActions(), x);
        x.element("IsDefault", true).end();
    }
}
