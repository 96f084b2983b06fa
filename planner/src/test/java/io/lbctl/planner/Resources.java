package io.lbctl.planner;

import io.lbctl.model.Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hand-made {@link Resource}s for planner tests: one small resource of each kind, spelled as
 * {@link ResourceFlattener} spells them, and copies with one thing changed.
 */
final class Resources {
    static final String STACK = "shop";

    private Resources() {
    }

    static Map<String, String> fields(String... keysAndValues) {
        Map<String, String> f = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            f.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return f;
    }

    /** An HTTP target group {@code id} on port 80, owned by lbctl. */
    static Resource targetGroup(String id) {
        Address a = Address.targetGroup(id);
        return new Resource(a, ResourceKind.TARGET_GROUP, fields("targetType", "ip", "protocol", "HTTP", "port", "80",
                "vpc", "vpc-1", "ipAddressType", "ipv4", "healthCheck.path", "/health",
                "attributes.deregistration_delay.timeout_seconds", "300", "tags.lbctl:resource", a.toString()),
                Optional.of("shop-" + id + "-0000"), Optional.empty(), List.of());
    }

    /** A load balancer {@code id} of {@code type} in subnets a and b. */
    static Resource loadBalancer(String id, String type) {
        Address a = Address.loadBalancer(id);
        return new Resource(a, ResourceKind.LOAD_BALANCER, fields("type", type, "scheme", "internet-facing",
                "ipAddressType", "ipv4", "subnets", "[subnet-a, subnet-b]", "tags.lbctl:resource", a.toString()),
                Optional.of("shop-" + id + "-0000"), Optional.empty(), List.of());
    }

    static Resource web() {
        return loadBalancer("web", "application");
    }

    /** Listener {@code http} of load balancer web, forwarding to target group {@code tg}. */
    static Resource listener(String tg) {
        Address a = Address.listener("web", "http");
        return new Resource(a, ResourceKind.LISTENER, fields("protocol", "HTTP", "port", "80",
                "defaultAction", "forward to targetGroups." + tg, "tags.lbctl:resource", a.toString()),
                Optional.empty(), Optional.empty(), List.of(Address.targetGroup(tg)));
    }

    /** Rule {@code id} of listener web/http, forwarding /api/* to target group {@code tg}. */
    static Resource rule(String id, String tg) {
        Address a = Address.rule("web", "http", id);
        return new Resource(a, ResourceKind.RULE, fields("priority", "10", "conditions[0]", "path-pattern = \"/api/*\"",
                "action", "forward to targetGroups." + tg, "tags.lbctl:resource", a.toString()),
                Optional.empty(), Optional.empty(), List.of(Address.targetGroup(tg)));
    }

    /** Target 10.0.0.1:80 of target group {@code tg}. */
    static Resource target(String tg) {
        return new Resource(Address.targetGroup(tg).child("targets", "10.0.0.1:80"), ResourceKind.TARGET,
                fields("id", "10.0.0.1", "port", "80"), Optional.empty(), Optional.empty(), List.of());
    }

    /** The ALB-type target of target group {@code tg} that is load balancer {@code lb} of the same spec. */
    static Resource albTarget(String tg, String lb) {
        Address a = Address.loadBalancer(lb);
        return new Resource(Address.targetGroup(tg).child("targets", a + ":80"), ResourceKind.TARGET,
                fields("id", a.toString(), "port", "80"), Optional.empty(), Optional.empty(), List.of(a));
    }

    /** The resource as the live API reports it: with an ARN. */
    static Resource live(Resource r) {
        return r.withArn("arn:test:" + r.address());
    }

    static Resource with(Resource r, String key, String value) {
        Map<String, String> f = new LinkedHashMap<>(r.fields());
        f.put(key, value);
        return new Resource(r.address(), r.kind(), f, r.name(), r.arn(), r.references());
    }

    static Resource without(Resource r, String key) {
        Map<String, String> f = new LinkedHashMap<>(r.fields());
        f.remove(key);
        return new Resource(r.address(), r.kind(), f, r.name(), r.arn(), r.references());
    }

    static Resource named(Resource r, String physicalName) {
        return new Resource(r.address(), r.kind(), r.fields(), Optional.of(physicalName), r.arn(), r.references());
    }

    static State desired(Resource... resources) {
        return State.of(STACK, List.of(resources));
    }

    /** A live state: every resource with its ARN. */
    static State liveState(Resource... resources) {
        List<Resource> live = new ArrayList<>();
        for (Resource r : resources) {
            live.add(live(r));
        }
        return State.of(STACK, live);
    }
}
