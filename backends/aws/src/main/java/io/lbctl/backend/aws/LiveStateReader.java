package io.lbctl.backend.aws;

import io.lbctl.model.Address;
import io.lbctl.model.AlpnPolicy;
import io.lbctl.model.Attributes;
import io.lbctl.model.HealthCheck;
import io.lbctl.model.IpAddressType;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.Protocol;
import io.lbctl.model.ProtocolVersion;
import io.lbctl.model.Rule;
import io.lbctl.model.Scheme;
import io.lbctl.model.Target;
import io.lbctl.model.TargetType;
import io.lbctl.planner.Ownership;
import io.lbctl.planner.Resource;
import io.lbctl.planner.ResourceFlattener;
import io.lbctl.planner.State;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Certificate;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TagDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * Reads a stack's live resources with as few calls as the API allows: every load balancer and
 * target group in pages of 400, their tags 20 ARNs a call (DescribeTags' limit), then per owned
 * resource the calls that take one ARN only (attributes, listeners, rules, target health).
 * Resources under an owned load balancer that carry no ownership tag were made outside lbctl
 * and are read too, so the plan shows them.
 */
final class LiveStateReader {
    private static final int TAGS_PER_CALL = 20;
    private static final int PAGE = 400;

    private final ElasticLoadBalancingV2Client client;

    LiveStateReader(ElasticLoadBalancingV2Client client) {
        this.client = client;
    }

    State read(String stack) {
        List<LoadBalancer> lbs = new ArrayList<>();
        client.describeLoadBalancersPaginator(b -> b.pageSize(PAGE)).loadBalancers().forEach(lbs::add);
        List<TargetGroup> tgs = new ArrayList<>();
        client.describeTargetGroupsPaginator(b -> b.pageSize(PAGE)).targetGroups().forEach(tgs::add);
        List<String> arns = new ArrayList<>(lbs.stream().map(LoadBalancer::loadBalancerArn).toList());
        arns.addAll(tgs.stream().map(TargetGroup::targetGroupArn).toList());
        Map<String, Map<String, String>> tags = tags(arns);

        Map<String, Address> owned = new HashMap<>();
        Map<String, Address> targetGroupIds = new LinkedHashMap<>();
        List<TargetGroup> ownedTgs = new ArrayList<>();
        for (TargetGroup tg : tgs) {
            address(stack, tags.get(tg.targetGroupArn()), "targetGroups", tg.targetGroupName(), owned).ifPresent(a -> {
                targetGroupIds.put(tg.targetGroupArn(), a);
                ownedTgs.add(tg);
            });
        }
        Map<String, Address> loadBalancerIds = new LinkedHashMap<>();
        List<LoadBalancer> ownedLbs = new ArrayList<>();
        for (LoadBalancer lb : lbs) {
            address(stack, tags.get(lb.loadBalancerArn()), "loadBalancers", lb.loadBalancerName(), owned).ifPresent(a -> {
                loadBalancerIds.put(lb.loadBalancerArn(), a);
                ownedLbs.add(lb);
            });
        }
        java.util.function.Function<String, String> tgId = arn -> Optional.ofNullable(targetGroupIds.get(arn))
                .map(a -> a.path().get(1)).orElse(arn);

        List<Resource> resources = new ArrayList<>();
        for (TargetGroup tg : ownedTgs) {
            resources.add(targetGroup(tg, targetGroupIds.get(tg.targetGroupArn()), tags.get(tg.targetGroupArn())));
        }
        Map<String, List<Listener>> listenersByLb = new LinkedHashMap<>();
        List<String> listenerArns = new ArrayList<>();
        for (LoadBalancer lb : ownedLbs) {
            resources.add(loadBalancer(lb, loadBalancerIds.get(lb.loadBalancerArn()), tags.get(lb.loadBalancerArn())));
            List<Listener> listeners = new ArrayList<>();
            client.describeListenersPaginator(b -> b.loadBalancerArn(lb.loadBalancerArn()).pageSize(PAGE)).listeners()
                    .forEach(listeners::add);
            listenersByLb.put(lb.loadBalancerArn(), listeners);
            listeners.forEach(l -> listenerArns.add(l.listenerArn()));
        }
        Map<String, Map<String, String>> listenerTags = tags(listenerArns);
        Map<String, List<software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule>> rulesByListener = new LinkedHashMap<>();
        List<String> ruleArns = new ArrayList<>();
        List<Resource> listenerResources = new ArrayList<>();
        Map<String, Address> listenerIds = new HashMap<>();
        for (LoadBalancer lb : ownedLbs) {
            Address lbAddress = loadBalancerIds.get(lb.loadBalancerArn());
            for (Listener l : listenersByLb.get(lb.loadBalancerArn())) {
                Address address = childAddress(tags(listenerTags, l.listenerArn()), lbAddress, "listeners", "port-" + l.port(), owned);
                listenerIds.put(l.listenerArn(), address);
                listenerResources.add(listener(l, address, listenerTags.get(l.listenerArn()), tgId));
                if (lb.type() == software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum.APPLICATION) {
                    var rules = new ArrayList<software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule>();
                    client.describeRulesPaginator(b -> b.listenerArn(l.listenerArn()).pageSize(PAGE)).rules().forEach(r -> {
                        if (!Boolean.TRUE.equals(r.isDefault())) {
                            rules.add(r);
                            ruleArns.add(r.ruleArn());
                        }
                    });
                    rulesByListener.put(l.listenerArn(), rules);
                }
            }
        }
        resources.addAll(listenerResources);
        Map<String, Map<String, String>> ruleTags = tags(ruleArns);
        rulesByListener.forEach((listenerArn, rules) -> {
            Address listener = listenerIds.get(listenerArn);
            for (var r : rules) {
                Address address = childAddress(tags(ruleTags, r.ruleArn()), listener, "rules", "priority-" + r.priority(), owned);
                Rule rule = new Rule(address.path().get(address.path().size() - 1), Integer.parseInt(r.priority()),
                        ModelFromApi.conditions(r.conditions()), ModelFromApi.action(r.actions(), tgId),
                        ModelFromApi.userTags(tags(ruleTags, r.ruleArn())));
                resources.add(ResourceFlattener.rule(listener.path().get(1), listener.path().get(3), rule, Optional.of(r.ruleArn())));
            }
        });
        for (TargetGroup tg : ownedTgs) {
            String id = targetGroupIds.get(tg.targetGroupArn()).path().get(1);
            for (TargetHealthDescription d : client.describeTargetHealth(b -> b.targetGroupArn(tg.targetGroupArn()))
                    .targetHealthDescriptions()) {
                if (d.targetHealth() != null && d.targetHealth().state() == TargetHealthStateEnum.DRAINING) {
                    continue; // on its way out: a spec that still wants it registers it again
                }
                var t = d.target();
                Target.TargetId targetId = Optional.ofNullable(loadBalancerIds.get(t.id()))
                        .<Target.TargetId>map(a -> new Target.LoadBalancerRef(a.path().get(1)))
                        .orElse(new Target.Literal(t.id()));
                resources.add(ResourceFlattener.target(id, new Target(targetId,
                        t.port() == null ? OptionalInt.empty() : OptionalInt.of(t.port()), Optional.ofNullable(t.availabilityZone())
                                .filter(z -> !z.isEmpty()))));
            }
        }
        return State.of(stack, resources);
    }

    private Resource targetGroup(TargetGroup tg, Address address, Map<String, String> tags) {
        Map<String, String> attributes = new LinkedHashMap<>();
        client.describeTargetGroupAttributes(b -> b.targetGroupArn(tg.targetGroupArn())).attributes()
                .forEach(a -> attributes.put(a.key(), a.value()));
        Optional<String> matcher = Optional.ofNullable(tg.matcher())
                .flatMap(m -> Optional.ofNullable(m.httpCode()).or(() -> Optional.ofNullable(m.grpcCode())));
        HealthCheck hc = new HealthCheck(Boolean.TRUE.equals(tg.healthCheckEnabled()),
                ModelFromApi.wire(Protocol.class, tg.healthCheckProtocolAsString() == null ? "HTTP" : tg.healthCheckProtocolAsString()),
                tg.healthCheckPort() == null ? HealthCheck.TRAFFIC_PORT : tg.healthCheckPort(),
                Optional.ofNullable(tg.healthCheckPath()), value(tg.healthCheckIntervalSeconds()), value(tg.healthCheckTimeoutSeconds()),
                value(tg.healthyThresholdCount()), value(tg.unhealthyThresholdCount()), matcher);
        var model = new io.lbctl.model.TargetGroup(address.path().get(1), Optional.empty(),
                ModelFromApi.wire(TargetType.class, tg.targetTypeAsString()),
                Optional.ofNullable(tg.protocolAsString()).map(p -> ModelFromApi.wire(Protocol.class, p)),
                Optional.ofNullable(tg.protocolVersion()).map(v -> ModelFromApi.wire(ProtocolVersion.class, v)),
                tg.port() == null ? OptionalInt.empty() : OptionalInt.of(tg.port()),
                tg.ipAddressTypeAsString() == null ? IpAddressType.IPV4 : ModelFromApi.wire(IpAddressType.class, tg.ipAddressTypeAsString()),
                hc, Attributes.of(attributes), List.of(), ModelFromApi.userTags(tags));
        return ResourceFlattener.targetGroup(model, Optional.ofNullable(tg.vpcId()), tg.targetGroupName(), Optional.of(tg.targetGroupArn()));
    }

    private Resource loadBalancer(LoadBalancer lb, Address address, Map<String, String> tags) {
        Map<String, String> attributes = new LinkedHashMap<>();
        client.describeLoadBalancerAttributes(b -> b.loadBalancerArn(lb.loadBalancerArn())).attributes()
                .forEach(a -> attributes.put(a.key(), a.value()));
        var model = new io.lbctl.model.LoadBalancer(address.path().get(1), Optional.empty(),
                ModelFromApi.wire(LoadBalancerType.class, lb.typeAsString()),
                lb.schemeAsString() == null ? Scheme.INTERNET_FACING : ModelFromApi.wire(Scheme.class, lb.schemeAsString()),
                ModelFromApi.wire(IpAddressType.class, lb.ipAddressTypeAsString()),
                lb.availabilityZones().stream().map(z -> z.subnetId()).toList(),
                lb.hasSecurityGroups() ? lb.securityGroups() : List.of(), Attributes.of(attributes), ModelFromApi.userTags(tags), Map.of());
        return ResourceFlattener.loadBalancer(model, lb.loadBalancerName(), Optional.of(lb.loadBalancerArn()));
    }

    private Resource listener(Listener l, Address address, Map<String, String> tags,
                              java.util.function.Function<String, String> tgId) {
        Map<String, String> attributes = new LinkedHashMap<>();
        client.describeListenerAttributes(b -> b.listenerArn(l.listenerArn())).attributes()
                .forEach(a -> attributes.put(a.key(), a.value()));
        List<String> certificates = new ArrayList<>();
        if (l.hasCertificates() && !l.certificates().isEmpty()) {
            l.certificates().stream().filter(c -> !Boolean.FALSE.equals(c.isDefault())).map(Certificate::certificateArn)
                    .findFirst().ifPresent(certificates::add);
            client.describeListenerCertificatesPaginator(b -> b.listenerArn(l.listenerArn())).certificates().forEach(c -> {
                if (!Boolean.TRUE.equals(c.isDefault()) && !certificates.contains(c.certificateArn())) {
                    certificates.add(c.certificateArn());
                }
            });
        }
        Optional<AlpnPolicy> alpn = l.hasAlpnPolicy() && !l.alpnPolicy().isEmpty()
                ? io.lbctl.model.WireEnum.parse(AlpnPolicy.class, l.alpnPolicy().get(0)) : Optional.empty();
        var model = new io.lbctl.model.Listener(address.path().get(3),
                l.port() == null ? OptionalInt.empty() : OptionalInt.of(l.port()),
                Optional.ofNullable(l.protocolAsString()).map(p -> ModelFromApi.wire(Protocol.class, p)), certificates,
                Optional.ofNullable(l.sslPolicy()), alpn, ModelFromApi.action(l.defaultActions(), tgId), Map.of(),
                Attributes.of(attributes), ModelFromApi.userTags(tags == null ? Map.of() : tags));
        return ResourceFlattener.listener(address.path().get(1), model, Optional.of(l.listenerArn()));
    }

    /** Tags by ARN, 20 ARNs a call. */
    private Map<String, Map<String, String>> tags(List<String> arns) {
        Map<String, Map<String, String>> out = new HashMap<>();
        for (int i = 0; i < arns.size(); i += TAGS_PER_CALL) {
            List<String> chunk = arns.subList(i, Math.min(arns.size(), i + TAGS_PER_CALL));
            for (TagDescription d : client.describeTags(b -> b.resourceArns(chunk)).tagDescriptions()) {
                Map<String, String> tags = new LinkedHashMap<>();
                for (Tag t : d.tags()) {
                    tags.put(t.key(), t.value() == null ? "" : t.value());
                }
                out.put(d.resourceArn(), tags);
            }
        }
        return out;
    }

    private static Map<String, String> tags(Map<String, Map<String, String>> byArn, String arn) {
        return byArn.getOrDefault(arn, Map.of());
    }

    /**
     * The address a top-level resource's tags give it, if it is the stack's. A second resource
     * claiming an address already taken (left by an apply that stopped half-way) gets its own
     * address, which no spec has, so the plan deletes it.
     */
    private static Optional<Address> address(String stack, Map<String, String> tags, String kind, String name,
                                             Map<String, Address> owned) {
        if (tags == null || !stack.equals(tags.get(Ownership.STACK_TAG))) {
            return Optional.empty();
        }
        Address tagged = Optional.ofNullable(tags.get(Ownership.RESOURCE_TAG)).map(LiveStateReader::parse)
                .filter(a -> a.path().size() == 2 && a.path().get(0).equals(kind)).orElse(Address.of(kind, "~" + name));
        return Optional.of(unique(tagged, name, owned));
    }

    private static Address childAddress(Map<String, String> tags, Address parent, String kind, String fallback,
                                        Map<String, Address> owned) {
        Address tagged = Optional.ofNullable(tags.get(Ownership.RESOURCE_TAG)).map(LiveStateReader::parse)
                .filter(a -> a.path().size() == parent.path().size() + 2 && a.path().subList(0, parent.path().size()).equals(parent.path())
                        && a.path().get(parent.path().size()).equals(kind))
                .orElse(parent.child(kind, "~" + fallback));
        return unique(tagged, fallback, owned);
    }

    private static Address unique(Address address, String name, Map<String, Address> owned) {
        String key = address.toString();
        if (owned.containsKey(key)) {
            List<String> path = new ArrayList<>(address.path());
            path.set(path.size() - 1, path.get(path.size() - 1) + "~" + name);
            address = new Address(path);
        }
        owned.put(address.toString(), address);
        return address;
    }

    private static Address parse(String text) {
        return new Address(List.of(text.split("\\.")));
    }

    private static int value(Integer n) {
        return n == null ? 0 : n;
    }
}
