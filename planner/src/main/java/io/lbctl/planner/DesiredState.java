package io.lbctl.planner;

import io.lbctl.model.Address;
import io.lbctl.model.Attributes;
import io.lbctl.model.Listener;
import io.lbctl.model.LoadBalancer;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.Rule;
import io.lbctl.model.Stack;
import io.lbctl.model.Target;
import io.lbctl.model.TargetGroup;
import io.lbctl.model.TargetType;
import io.lbctl.model.aws.AttributeDefaults;
import io.lbctl.model.aws.ProtocolRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a spec asks for, as the live API would describe it once applied: AWS's attribute defaults
 * filled in, targets at their effective port, and the tags lbctl adds (the stack's own tags and
 * the ownership tags) on every taggable resource.
 */
public final class DesiredState {
    private DesiredState() {
    }

    public static State of(Stack stack) {
        List<Resource> resources = new ArrayList<>();
        Optional<String> vpc = stack.network().vpc();
        List<Resource> targets = new ArrayList<>();
        for (TargetGroup tg : stack.targetGroups().values()) {
            LoadBalancerType family = tg.protocol().map(ProtocolRules::servedBy).orElse(LoadBalancerType.APPLICATION);
            Map<String, String> attributes = new LinkedHashMap<>(AttributeDefaults.targetGroup(family, tg.targetType(), tg.protocol()));
            attributes.putAll(tg.attributes().values());
            TargetGroup full = new TargetGroup(tg.id(), tg.name(), tg.targetType(), tg.protocol(), tg.protocolVersion(), tg.port(),
                    tg.ipAddressType(), tg.healthCheck(), Attributes.of(attributes), tg.targets(),
                    tags(stack, tg.tags(), Address.targetGroup(tg.id())));
            Optional<String> tgVpc = tg.targetType() == TargetType.LAMBDA ? Optional.empty() : vpc;
            resources.add(ResourceFlattener.targetGroup(full, tgVpc, tg.name().orElse(derivedName(stack, tg)), Optional.empty()));
            for (Target target : tg.targets()) {
                OptionalInt port = target.port().isPresent() || tg.targetType() == TargetType.LAMBDA ? target.port() : tg.port();
                targets.add(ResourceFlattener.target(tg.id(), new Target(target.id(), port, target.zone())));
            }
        }
        for (LoadBalancer lb : stack.loadBalancers().values()) {
            Map<String, String> attributes = new LinkedHashMap<>(AttributeDefaults.loadBalancer(lb.type()));
            attributes.putAll(lb.attributes().values());
            LoadBalancer full = new LoadBalancer(lb.id(), lb.name(), lb.type(), lb.scheme(), lb.ipAddressType(), lb.subnets(),
                    lb.securityGroups(), Attributes.of(attributes), tags(stack, lb.tags(), Address.loadBalancer(lb.id())),
                    lb.listeners());
            resources.add(ResourceFlattener.loadBalancer(full, lb.name().orElse(derivedName(stack, lb)), Optional.empty()));
        }
        for (LoadBalancer lb : stack.loadBalancers().values()) {
            for (Listener l : lb.listeners().values()) {
                Map<String, String> attributes = new LinkedHashMap<>(AttributeDefaults.listener(lb.type()));
                attributes.putAll(l.attributes().values());
                Listener full = new Listener(l.id(), l.port(), l.protocol(), l.certificates(), l.sslPolicy(), l.alpnPolicy(),
                        l.defaultAction(), l.rules(), Attributes.of(attributes),
                        tags(stack, l.tags(), Address.listener(lb.id(), l.id())));
                resources.add(ResourceFlattener.listener(lb.id(), full, Optional.empty()));
            }
        }
        for (LoadBalancer lb : stack.loadBalancers().values()) {
            for (Listener l : lb.listeners().values()) {
                for (Rule rule : l.rules().values()) {
                    Rule full = new Rule(rule.id(), rule.priority(), rule.conditions(), rule.action(),
                            tags(stack, rule.tags(), Address.rule(lb.id(), l.id(), rule.id())));
                    resources.add(ResourceFlattener.rule(lb.id(), l.id(), full, Optional.empty()));
                }
            }
        }
        resources.addAll(targets);
        return State.of(stack.name(), resources);
    }

    /** The name a target group gets when the spec gives none; it changes exactly when AWS must replace it. */
    public static String derivedName(Stack stack, TargetGroup tg) {
        return PhysicalNames.derive(stack.name(), tg.id(), List.of(tg.targetType().wireName(),
                tg.protocol().map(Enum::name).orElse(""), tg.protocolVersion().map(Enum::name).orElse(""),
                tg.port().isPresent() ? Integer.toString(tg.port().getAsInt()) : "", tg.ipAddressType().wireName(),
                tg.targetType() == TargetType.LAMBDA ? "" : stack.network().vpc().orElse("")));
    }

    public static String derivedName(Stack stack, LoadBalancer lb) {
        return PhysicalNames.derive(stack.name(), lb.id(), List.of(lb.type().wireName(), lb.scheme().wireName()));
    }

    private static Map<String, String> tags(Stack stack, Map<String, String> own, Address address) {
        Map<String, String> all = new LinkedHashMap<>(stack.tags());
        all.putAll(own);
        all.put(Ownership.STACK_TAG, stack.name());
        all.put(Ownership.RESOURCE_TAG, address.toString());
        return all;
    }
}
