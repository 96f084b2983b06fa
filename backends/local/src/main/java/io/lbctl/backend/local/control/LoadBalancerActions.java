package io.lbctl.backend.local.control;

import io.lbctl.backend.local.Topology;
import io.lbctl.backend.local.api.ApiActions;
import io.lbctl.backend.local.api.ApiError;
import io.lbctl.backend.local.api.QueryRequest;
import io.lbctl.backend.local.api.Xml;
import io.lbctl.backend.local.store.Arns;
import io.lbctl.backend.local.store.LoadBalancerRecord;
import io.lbctl.backend.local.store.ResourceStore;
import io.lbctl.backend.local.store.ZoneNode;
import io.lbctl.model.IpAddressType;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.Scheme;
import io.lbctl.model.aws.ElbLimits;
import io.lbctl.model.aws.ElbNames;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** CreateLoadBalancer, DescribeLoadBalancers, DeleteLoadBalancer and the Set* calls. */
final class LoadBalancerActions {
    static final int MAX_LOAD_BALANCERS = 50;
    private static final Set<String> GATEWAY_ADDRESS_TYPES = Set.of("ipv4", "dualstack");

    private final ResourceStore store;

    LoadBalancerActions(ResourceStore store) {
        this.store = store;
    }

    void register(Map<String, ApiActions.Action> actions) {
        actions.put("CreateLoadBalancer", this::create);
        actions.put("DescribeLoadBalancers", this::describe);
        actions.put("DeleteLoadBalancer", this::delete);
        actions.put("SetSubnets", this::setSubnets);
        actions.put("SetSecurityGroups", this::setSecurityGroups);
        actions.put("SetIpAddressType", this::setIpAddressType);
    }

    private void create(QueryRequest request, Xml result) {
        String name = request.required("Name");
        ApiError.check(ElbNames.checkLoadBalancerName(name));
        LoadBalancerType type = Enums.parse(LoadBalancerType.class, request.get("Type"), "type")
                .orElse(LoadBalancerType.APPLICATION);
        Optional<Scheme> requestedScheme = Enums.parse(Scheme.class, request.get("Scheme"), "scheme");
        if (type == LoadBalancerType.GATEWAY && requestedScheme.isPresent()) {
            throw ApiError.validation("A scheme cannot be specified for Gateway Load Balancers");
        }
        Scheme scheme = requestedScheme.orElse(type == LoadBalancerType.GATEWAY ? Scheme.INTERNAL : Scheme.INTERNET_FACING);
        IpAddressType addressType = ipAddressType(request, type, scheme).orElse(IpAddressType.IPV4);
        List<ZoneNode> zones = zones(request, type, true);
        List<String> groups = securityGroups(request, type);
        Map<String, String> tags = TagRules.read(request);
        TagRules.merged(Map.of(), tags);
        Optional<LoadBalancerRecord> existing = byName(name);
        LoadBalancerRecord lb;
        if (existing.isPresent()) {
            LoadBalancerRecord e = existing.get();
            if (e.type() != type || e.scheme() != scheme || !e.zones().equals(zones)) {
                throw ApiError.of("DuplicateLoadBalancerName", "A load balancer with the same name '" + name
                        + "' exists, but with different settings");
            }
            lb = e; // CreateLoadBalancer is idempotent for identical settings
        } else {
            if (store.state().loadBalancers().size() >= MAX_LOAD_BALANCERS) {
                throw ApiError.of("TooManyLoadBalancers", "The quota for the number of load balancers ("
                        + MAX_LOAD_BALANCERS + ") has been reached");
            }
            String id = Arns.newId();
            Arns arns = store.arns();
            lb = new LoadBalancerRecord(arns.loadBalancer(type, name, id), name, type, scheme, addressType,
                    store.topology().vpcId(), zones, groups, arns.dnsName(type, scheme == Scheme.INTERNAL, name, id),
                    store.clock().instant().truncatedTo(ChronoUnit.MILLIS), Map.of());
            LoadBalancerRecord created = lb;
            store.update(s -> s.withLoadBalancer(created).withTags(created.arn(), tags));
        }
        result.start("LoadBalancers");
        write(lb, result);
        result.end();
    }

    private void describe(QueryRequest request, Xml result) {
        List<String> arns = request.list("LoadBalancerArns");
        List<String> names = request.list("Names");
        if (!arns.isEmpty() && !names.isEmpty()) {
            throw ApiError.validation("Load balancer names and load balancer ARNs cannot be specified at the same time");
        }
        List<LoadBalancerRecord> found = new ArrayList<>();
        if (!arns.isEmpty()) {
            arns.forEach(arn -> found.add(find(arn)));
        } else if (!names.isEmpty()) {
            names.forEach(n -> found.add(byName(n).orElseThrow(() -> ApiError.of("LoadBalancerNotFound",
                    "Load balancers '[" + n + "]' not found"))));
        } else {
            found.addAll(store.state().loadBalancers().values());
        }
        Paging<LoadBalancerRecord> page = Paging.of(found, request);
        result.start("LoadBalancers");
        page.page().forEach(lb -> write(lb, result));
        result.end();
        page.nextMarker().ifPresent(m -> result.element("NextMarker", m));
    }

    private void delete(QueryRequest request, Xml result) {
        String arn = request.required("LoadBalancerArn");
        Optional<LoadBalancerRecord> lb = Optional.ofNullable(store.state().loadBalancers().get(arn));
        if (lb.isEmpty()) {
            checkArn(arn);
            return; // AWS: deleting a load balancer that is already gone succeeds
        }
        if ("true".equals(lb.get().attributes().get("deletion_protection.enabled"))) {
            throw ApiError.of("OperationNotPermitted", "Load balancer '" + arn
                    + "' cannot be deleted because deletion protection is enabled");
        }
        store.update(s -> s.withoutLoadBalancer(arn));
    }

    private void setSubnets(QueryRequest request, Xml result) {
        LoadBalancerRecord lb = find(request.required("LoadBalancerArn"));
        List<ZoneNode> zones = zones(request, lb.type(), true);
        if (lb.type() == LoadBalancerType.NETWORK) {
            Set<String> kept = new HashSet<>(zones.stream().map(ZoneNode::subnet).toList());
            if (!kept.containsAll(lb.zones().stream().map(ZoneNode::subnet).toList())) {
                throw ApiError.validation("Subnets cannot be removed from a Network Load Balancer");
            }
        }
        LoadBalancerRecord next = lb.withZones(zones);
        store.update(s -> s.withLoadBalancer(next));
        writeZones(next, result);
        result.element("IpAddressType", next.ipAddressType().wireName());
    }

    private void setSecurityGroups(QueryRequest request, Xml result) {
        LoadBalancerRecord lb = find(request.required("LoadBalancerArn"));
        List<String> groups = securityGroups(request, lb.type());
        if (lb.type() == LoadBalancerType.NETWORK && lb.securityGroups().isEmpty() && !groups.isEmpty()) {
            throw ApiError.validation("A Network Load Balancer created without security groups cannot have them added");
        }
        LoadBalancerRecord next = lb.withSecurityGroups(groups);
        store.update(s -> s.withLoadBalancer(next));
        result.start("SecurityGroupIds");
        groups.forEach(g -> result.element("member", g));
        result.end();
    }

    private void setIpAddressType(QueryRequest request, Xml result) {
        LoadBalancerRecord lb = find(request.required("LoadBalancerArn"));
        request.required("IpAddressType");
        IpAddressType type = ipAddressType(request, lb.type(), lb.scheme()).orElseThrow();
        LoadBalancerRecord next = lb.withIpAddressType(type);
        store.update(s -> s.withLoadBalancer(next));
        result.element("IpAddressType", type.wireName());
    }

    LoadBalancerRecord find(String arn) {
        LoadBalancerRecord lb = store.state().loadBalancers().get(arn);
        if (lb == null) {
            checkArn(arn);
            throw ApiError.of("LoadBalancerNotFound", "Load balancer '" + arn + "' not found");
        }
        return lb;
    }

    private Optional<LoadBalancerRecord> byName(String name) {
        return store.state().loadBalancers().values().stream().filter(lb -> lb.name().equals(name)).findFirst();
    }

    private static void checkArn(String arn) {
        if (!arn.matches("arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\\d{12}:loadbalancer/(app|net|gwy)/[^/]+/[0-9a-f]+")) {
            throw ApiError.validation("'" + arn + "' is not a valid load balancer ARN");
        }
    }

    private Optional<IpAddressType> ipAddressType(QueryRequest request, LoadBalancerType type, Scheme scheme) {
        Optional<IpAddressType> t = Enums.parse(IpAddressType.class, request.get("IpAddressType"), "ipAddressType");
        if (t.filter(v -> v == IpAddressType.IPV6).isPresent()) {
            throw ApiError.validation("1 validation error detected: Value 'ipv6' at 'ipAddressType' failed to satisfy "
                    + "constraint: Member must satisfy enum value set: [ipv4, dualstack, dualstack-without-public-ipv4]");
        }
        if (t.filter(v -> v == IpAddressType.DUALSTACK_WITHOUT_PUBLIC_IPV4).isPresent()
                && (type != LoadBalancerType.APPLICATION || scheme != Scheme.INTERNET_FACING)) {
            throw ApiError.validation("IP address type 'dualstack-without-public-ipv4' is only for internet-facing "
                    + "Application Load Balancers");
        }
        if (type == LoadBalancerType.GATEWAY && t.isPresent() && !GATEWAY_ADDRESS_TYPES.contains(t.get().wireName())) {
            throw ApiError.validation("Gateway Load Balancers support IP address types ipv4 and dualstack");
        }
        return t;
    }

    /** Subnets (or SubnetMappings) resolved against the runtime's topology, with AWS's zone rules. */
    private List<ZoneNode> zones(QueryRequest request, LoadBalancerType type, boolean required) {
        List<String> subnets = new ArrayList<>(request.list("Subnets"));
        request.structs("SubnetMappings").forEach(m -> {
            if (m.get("SubnetId") != null) {
                subnets.add(m.get("SubnetId"));
            }
        });
        if (subnets.isEmpty() && required) {
            throw ApiError.validation("At least one subnet must be specified");
        }
        List<ZoneNode> zones = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String subnet : subnets) {
            Topology.Subnet s = store.topology().subnet(subnet).orElseThrow(() -> ApiError.of("SubnetNotFound",
                    "The subnet ID '" + subnet + "' is not valid"));
            if (!seen.add(s.zone())) {
                throw ApiError.of("InvalidConfigurationRequest",
                        "A load balancer cannot be attached to multiple subnets in the same Availability Zone");
            }
            zones.add(new ZoneNode(subnet, s.zone(), s.address()));
        }
        if (type == LoadBalancerType.APPLICATION && zones.size() < 2) {
            throw ApiError.validation("At least two subnets in two different Availability Zones must be specified");
        }
        return zones;
    }

    private static List<String> securityGroups(QueryRequest request, LoadBalancerType type) {
        List<String> groups = request.list("SecurityGroups");
        if (type == LoadBalancerType.GATEWAY && !groups.isEmpty()) {
            throw ApiError.validation("Security groups are not supported for Gateway Load Balancers");
        }
        if (groups.size() > ElbLimits.MAX_SECURITY_GROUPS) {
            throw ApiError.of("TooManySecurityGroups", "A load balancer can have at most "
                    + ElbLimits.MAX_SECURITY_GROUPS + " security groups");
        }
        for (String g : groups) {
            if (!g.matches("sg-[0-9a-f]{8}([0-9a-f]{9})?")) {
                throw ApiError.of("InvalidSecurityGroup", "Invalid security group '" + g + "'");
            }
        }
        return groups;
    }


    void write(LoadBalancerRecord lb, Xml x) {
        x.start("member")
                .element("LoadBalancerArn", lb.arn())
                .element("DNSName", lb.dnsName())
                .element("CanonicalHostedZoneId", lb.type() == LoadBalancerType.APPLICATION ? "Z35SXDOTRQ7X7K" : "Z26RNL4JYFTOTI")
                .element("CreatedTime", lb.createdTime().toString())
                .element("LoadBalancerName", lb.name())
                .element("Scheme", lb.scheme().wireName())
                .element("VpcId", lb.vpcId())
                .start("State").element("Code", lb.state(Instant.now(store.clock()), store.provisioning())).end()
                .element("Type", lb.type().wireName());
        writeZones(lb, x);
        if (!lb.securityGroups().isEmpty()) {
            x.start("SecurityGroups");
            lb.securityGroups().forEach(g -> x.element("member", g));
            x.end();
        }
        x.element("IpAddressType", lb.ipAddressType().wireName()).end();
    }

    /** Each zone with its node's loopback address, where AWS reports node addresses. */
    private static void writeZones(LoadBalancerRecord lb, Xml x) {
        x.start("AvailabilityZones");
        for (ZoneNode z : lb.zones()) {
            x.start("member").element("ZoneName", z.zone()).element("SubnetId", z.subnet())
                    .start("LoadBalancerAddresses").start("member").element("IpAddress", z.address()).end().end()
                    .end();
        }
        x.end();
    }
}
