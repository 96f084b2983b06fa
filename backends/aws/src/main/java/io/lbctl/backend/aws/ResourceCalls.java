package io.lbctl.backend.aws;

import io.lbctl.model.Address;
import io.lbctl.model.Listener;
import io.lbctl.model.LoadBalancer;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.Rule;
import io.lbctl.model.TargetGroup;
import io.lbctl.planner.Change;
import io.lbctl.planner.FieldChange;
import io.lbctl.planner.Ownership;
import io.lbctl.planner.Resource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Certificate;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateListenerException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.PriorityInUseException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;

/**
 * The API calls for one change of one resource: create (tags included), update (only the calls
 * whose fields changed, only the attributes that changed), delete. ARNs of created resources go
 * into the shared map so later changes can point at them.
 */
final class ResourceCalls {
    private static final Set<String> LISTENER_FIELDS = Set.of("protocol", "port", "certificate", "sslPolicy", "alpnPolicy",
            "defaultAction");

    private final ElasticLoadBalancingV2Client client;
    private final Waiters waiters;
    private final Map<Address, String> arns;

    ResourceCalls(ElasticLoadBalancingV2Client client, Waiters waiters, Map<Address, String> arns) {
        this.client = client;
        this.waiters = waiters;
        this.arns = arns;
    }

    void targetGroup(Change c, TargetGroup tg) {
        Resource after = after(c);
        if (c instanceof Change.Update u) {
            String arn = arns.get(c.address());
            if (u.fields().stream().anyMatch(f -> f.field().startsWith("healthCheck."))) {
                waiters.retryNotFound(() -> client.modifyTargetGroup(ApiRequests.modifyHealthCheck(arn, tg)));
            }
            Map<String, String> attributes = changedAttributes(u.fields());
            if (!attributes.isEmpty()) {
                waiters.retryNotFound(() -> client.modifyTargetGroupAttributes(b -> b.targetGroupArn(arn)
                        .attributes(ApiRequests.tgAttributes(attributes))));
            }
            tags(arn, u.fields());
            return;
        }
        String arn = client.createTargetGroup(ApiRequests.createTargetGroup(tg, after.name().orElseThrow(), after.field("vpc"),
                tags(after))).targetGroups().get(0).targetGroupArn();
        arns.put(c.address(), arn);
        if (!tg.attributes().values().isEmpty()) {
            waiters.retryNotFound(() -> client.modifyTargetGroupAttributes(b -> b.targetGroupArn(arn)
                    .attributes(ApiRequests.tgAttributes(tg.attributes().values()))));
        }
    }

    void loadBalancer(Change c, LoadBalancer lb) {
        Resource after = after(c);
        if (c instanceof Change.Update u) {
            String arn = arns.get(c.address());
            for (FieldChange f : u.fields()) {
                switch (f.field()) {
                    case "subnets" -> waiters.retryNotFound(() -> client.setSubnets(b -> b.loadBalancerArn(arn).subnets(lb.subnets())));
                    case "securityGroups" -> waiters.retryNotFound(() -> client.setSecurityGroups(b -> b.loadBalancerArn(arn)
                            .securityGroups(lb.securityGroups())));
                    case "ipAddressType" -> waiters.retryNotFound(() -> client.setIpAddressType(b -> b.loadBalancerArn(arn)
                            .ipAddressType(lb.ipAddressType().wireName())));
                    default -> {
                    }
                }
            }
            Map<String, String> attributes = changedAttributes(u.fields());
            if (!attributes.isEmpty()) {
                waiters.retryNotFound(() -> client.modifyLoadBalancerAttributes(b -> b.loadBalancerArn(arn)
                        .attributes(ApiRequests.lbAttributes(attributes))));
            }
            tags(arn, u.fields());
            return;
        }
        var created = client.createLoadBalancer(b -> {
            b.name(after.name().orElseThrow()).type(lb.type().wireName()).subnets(lb.subnets()).tags(ApiRequests.tags(tags(after)))
                    .ipAddressType(lb.ipAddressType().wireName());
            if (lb.type() != LoadBalancerType.GATEWAY) {
                b.scheme(lb.scheme().wireName());
            }
            if (!lb.securityGroups().isEmpty()) {
                b.securityGroups(lb.securityGroups());
            }
        }).loadBalancers().get(0);
        arns.put(c.address(), created.loadBalancerArn());
        if (!lb.attributes().values().isEmpty()) {
            waiters.retryNotFound(() -> client.modifyLoadBalancerAttributes(b -> b.loadBalancerArn(created.loadBalancerArn())
                    .attributes(ApiRequests.lbAttributes(lb.attributes().values()))));
        }
    }

    void listener(Change c, Listener l) {
        Resource after = after(c);
        List<String> extras = l.certificates().stream().skip(1).toList();
        if (c instanceof Change.Update u) {
            String arn = arns.get(c.address());
            boolean repoint = u.reason().isPresent();
            if (repoint || u.fields().stream().anyMatch(f -> LISTENER_FIELDS.contains(f.field()))) {
                waiters.retryNotFound(() -> client.modifyListener(b -> {
                    b.listenerArn(arn).defaultActions(ApiRequests.action(l.defaultAction(), this::targetGroupArn));
                    l.protocol().ifPresent(p -> b.protocol(p.name()));
                    l.port().ifPresent(b::port);
                    l.sslPolicy().ifPresent(b::sslPolicy);
                    l.alpnPolicy().ifPresent(a -> b.alpnPolicy(a.wireName()));
                    if (!l.certificates().isEmpty()) {
                        b.certificates(Certificate.builder().certificateArn(l.certificates().get(0)).build());
                    }
                }));
            }
            for (FieldChange f : u.fields()) {
                if (f.field().equals("extraCertificates")) {
                    List<String> before = items(f.before().orElse("[]"));
                    List<String> add = extras.stream().filter(x -> !before.contains(x)).toList();
                    List<String> remove = before.stream().filter(x -> !extras.contains(x)).toList();
                    if (!add.isEmpty()) {
                        waiters.retryNotFound(() -> client.addListenerCertificates(b -> b.listenerArn(arn).certificates(certificates(add))));
                    }
                    if (!remove.isEmpty()) {
                        waiters.retryNotFound(() -> client.removeListenerCertificates(b -> b.listenerArn(arn)
                                .certificates(certificates(remove))));
                    }
                }
            }
            Map<String, String> attributes = changedAttributes(u.fields());
            if (!attributes.isEmpty()) {
                waiters.retryNotFound(() -> client.modifyListenerAttributes(b -> b.listenerArn(arn)
                        .attributes(ApiRequests.listenerAttributes(attributes))));
            }
            tags(arn, u.fields());
            return;
        }
        String lbArn = arns.get(c.address().parentOf(2));
        String arn;
        try {
            arn = waiters.retryNotFound(() -> client.createListener(b -> {
                b.loadBalancerArn(lbArn).defaultActions(ApiRequests.action(l.defaultAction(), this::targetGroupArn))
                        .tags(ApiRequests.tags(tags(after)));
                l.protocol().ifPresent(p -> b.protocol(p.name()));
                l.port().ifPresent(b::port);
                l.sslPolicy().ifPresent(b::sslPolicy);
                l.alpnPolicy().ifPresent(a -> b.alpnPolicy(a.wireName()));
                if (!l.certificates().isEmpty()) {
                    b.certificates(Certificate.builder().certificateArn(l.certificates().get(0)).build());
                }
            }).listeners().get(0).listenerArn());
        } catch (DuplicateListenerException e) {
            arn = ownCreation(e, after, client.describeListenersPaginator(b -> b.loadBalancerArn(lbArn)).listeners().stream()
                    .filter(x -> l.port().isPresent() && Integer.valueOf(l.port().getAsInt()).equals(x.port()))
                    .map(x -> x.listenerArn()).toList());
        }
        arns.put(c.address(), arn);
        String created = arn;
        if (!extras.isEmpty()) {
            waiters.retryNotFound(() -> client.addListenerCertificates(b -> b.listenerArn(created).certificates(certificates(extras))));
        }
        if (!l.attributes().values().isEmpty()) {
            waiters.retryNotFound(() -> client.modifyListenerAttributes(b -> b.listenerArn(created)
                    .attributes(ApiRequests.listenerAttributes(l.attributes().values()))));
        }
    }

    void rule(Change c, String listenerArn, Rule rule) {
        Resource after = after(c);
        if (c instanceof Change.Update u) {
            String arn = arns.get(c.address());
            boolean body = u.reason().isPresent() || u.fields().stream().anyMatch(f -> f.field().equals("action")
                    || f.field().startsWith("conditions["));
            if (body) {
                waiters.retryNotFound(() -> client.modifyRule(b -> b.ruleArn(arn).conditions(ApiRequests.conditions(rule.conditions()))
                        .actions(ApiRequests.action(rule.action(), this::targetGroupArn))));
            }
            tags(arn, u.fields());
            return;
        }
        String arn;
        try {
            arn = waiters.retryNotFound(() -> client.createRule(b -> b.listenerArn(listenerArn).priority(rule.priority())
                    .conditions(ApiRequests.conditions(rule.conditions()))
                    .actions(ApiRequests.action(rule.action(), this::targetGroupArn)).tags(ApiRequests.tags(tags(after))))
                    .rules().get(0).ruleArn());
        } catch (PriorityInUseException e) {
            arn = ownCreation(e, after, client.describeRulesPaginator(b -> b.listenerArn(listenerArn)).rules().stream()
                    .filter(x -> String.valueOf(rule.priority()).equals(x.priority())).map(x -> x.ruleArn()).toList());
        }
        arns.put(c.address(), arn);
    }

    TargetDescription target(Resource t) {
        String id = t.field("id").orElseThrow();
        var b = TargetDescription.builder().id(id.startsWith("loadBalancers.") ? arns.get(new Address(Arrays.asList(id.split("\\.")))) : id);
        t.field("port").ifPresent(p -> b.port(Integer.parseInt(p)));
        t.field("availabilityZone").ifPresent(b::availabilityZone);
        return b.build();
    }

    static TargetDescription liveTarget(Resource t) {
        var b = TargetDescription.builder().id(t.field("id").orElseThrow());
        t.field("port").ifPresent(p -> b.port(Integer.parseInt(p)));
        t.field("availabilityZone").ifPresent(b::availabilityZone);
        return b.build();
    }

    /** Deletes a live resource; a target group is drained first when {@code drain} is set. */
    void delete(Resource r, boolean drain) {
        String arn = r.arn().orElseThrow(() -> new ApplyException(r.address() + " has no ARN to delete"));
        switch (r.kind()) {
            case TARGET_GROUP -> {
                if (drain) {
                    var targets = client.describeTargetHealth(b -> b.targetGroupArn(arn)).targetHealthDescriptions().stream()
                            .map(d -> d.target()).toList();
                    if (!targets.isEmpty()) {
                        client.deregisterTargets(b -> b.targetGroupArn(arn).targets(targets));
                        waiters.drained(r.address(), arn, PlanExecutor.drainDelay(r));
                    }
                }
                waiters.retryInUse(() -> alreadyGoneIsDeleted(() -> client.deleteTargetGroup(b -> b.targetGroupArn(arn))));
            }
            case LOAD_BALANCER -> alreadyGoneIsDeleted(() -> client.deleteLoadBalancer(b -> b.loadBalancerArn(arn)));
            case LISTENER -> alreadyGoneIsDeleted(() -> client.deleteListener(b -> b.listenerArn(arn)));
            case RULE -> alreadyGoneIsDeleted(() -> client.deleteRule(b -> b.ruleArn(arn)));
            case TARGET -> throw new IllegalStateException("targets are deregistered in batches");
        }
    }

    /**
     * A create the API refused as a duplicate (DuplicateListener, PriorityInUse) is this apply's
     * own when its first attempt was carried out but its answer was lost and the SDK sent it
     * again: then the one resource in the way carries this resource's ownership tags, and it is
     * taken as created. Anything else in the way, including any resource that existed when this
     * apply read the live state, is not ours, and the refusal stands.
     */
    private String ownCreation(ElasticLoadBalancingV2Exception refused, Resource after, List<String> inTheWay) {
        Map<String, String> ownership = new LinkedHashMap<>();
        tags(after).forEach((k, v) -> {
            if (k.equals(Ownership.STACK_TAG) || k.equals(Ownership.RESOURCE_TAG)) {
                ownership.put(k, v);
            }
        });
        if (inTheWay.size() != 1 || ownership.size() != 2 || arns.containsValue(inTheWay.get(0))) {
            throw refused;
        }
        Map<String, String> found = new LinkedHashMap<>();
        client.describeTags(b -> b.resourceArns(inTheWay)).tagDescriptions().forEach(d -> d.tags()
                .forEach(t -> found.put(t.key(), t.value())));
        if (!ownership.entrySet().stream().allMatch(e -> e.getValue().equals(found.get(e.getKey())))) {
            throw refused;
        }
        return inTheWay.get(0);
    }

    /**
     * Runs a delete; a resource the API no longer knows counts as deleted: the SDK sent the call
     * again after its first answer was lost, or someone deleted it since the plan was made.
     */
    private static <T> T alreadyGoneIsDeleted(java.util.function.Supplier<T> delete) {
        try {
            return delete.get();
        } catch (ElasticLoadBalancingV2Exception e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (code != null && code.endsWith("NotFound")) {
                return null;
            }
            throw e;
        }
    }

    private String targetGroupArn(String id) {
        String arn = arns.get(Address.targetGroup(id));
        if (arn == null) {
            throw new ApplyException("target group " + Address.targetGroup(id) + " has no ARN yet");
        }
        return arn;
    }

    private void tags(String arn, List<FieldChange> fields) {
        Map<String, String> add = new LinkedHashMap<>();
        List<String> remove = new ArrayList<>();
        for (FieldChange f : fields) {
            if (f.field().startsWith("tags.")) {
                String key = f.field().substring("tags.".length());
                f.after().ifPresentOrElse(v -> add.put(key, v), () -> remove.add(key));
            }
        }
        if (!add.isEmpty()) {
            waiters.retryNotFound(() -> client.addTags(b -> b.resourceArns(arn).tags(ApiRequests.tags(add))));
        }
        if (!remove.isEmpty()) {
            waiters.retryNotFound(() -> client.removeTags(b -> b.resourceArns(arn).tagKeys(remove)));
        }
    }

    private static Map<String, String> tags(Resource r) {
        Map<String, String> tags = new LinkedHashMap<>();
        r.fields().forEach((k, v) -> {
            if (k.startsWith("tags.")) {
                tags.put(k.substring("tags.".length()), v);
            }
        });
        return tags;
    }

    private static Map<String, String> changedAttributes(List<FieldChange> fields) {
        Map<String, String> out = new LinkedHashMap<>();
        for (FieldChange f : fields) {
            if (f.field().startsWith("attributes.") && f.after().isPresent()) {
                out.put(f.field().substring("attributes.".length()), f.after().get());
            }
        }
        return out;
    }

    private static Resource after(Change c) {
        return switch (c) {
            case Change.Create x -> x.after();
            case Change.Update x -> x.after();
            case Change.Replace x -> x.after();
            case Change.Delete x -> throw new IllegalStateException("a delete has no after");
        };
    }

    private static List<Certificate> certificates(List<String> arns) {
        return arns.stream().map(a -> Certificate.builder().certificateArn(a).build()).toList();
    }

    private static List<String> items(String list) {
        String inner = list.substring(1, list.length() - 1);
        return inner.isEmpty() ? List.of() : Arrays.asList(inner.split(", "));
    }
}
