package io.lbctl.backend.local.control;

import io.lbctl.backend.local.api.ApiActions;
import io.lbctl.backend.local.api.ApiError;
import io.lbctl.backend.local.api.QueryRequest;
import io.lbctl.backend.local.api.Xml;
import io.lbctl.backend.local.store.Arns;
import io.lbctl.backend.local.store.ResourceStore;
import io.lbctl.backend.local.store.TargetGroupRecord;
import io.lbctl.model.HealthCheck;
import io.lbctl.model.IpAddressType;
import io.lbctl.model.Protocol;
import io.lbctl.model.ProtocolVersion;
import io.lbctl.model.TargetType;
import io.lbctl.model.aws.ElbLimits;
import io.lbctl.model.aws.ElbNames;
import io.lbctl.model.aws.HealthCheckRules;
import io.lbctl.model.aws.ProtocolRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Create/Describe/Modify/Delete TargetGroups, with AWS's defaults and rules from {@link io.lbctl.model.aws}. */
final class TargetGroupActions {
    static final int MAX_TARGET_GROUPS = 3000;

    private final ResourceStore store;
    private final Usage usage;

    TargetGroupActions(ResourceStore store, Usage usage) {
        this.store = store;
        this.usage = usage;
    }

    void register(Map<String, ApiActions.Action> actions) {
        actions.put("CreateTargetGroup", this::create);
        actions.put("DescribeTargetGroups", this::describe);
        actions.put("ModifyTargetGroup", this::modify);
        actions.put("DeleteTargetGroup", this::delete);
    }

    private void create(QueryRequest request, Xml result) {
        String name = request.required("Name");
        ApiError.check(ElbNames.checkTargetGroupName(name));
        TargetType targetType = Enums.parse(TargetType.class, request.get("TargetType"), "targetType")
                .orElse(TargetType.INSTANCE);
        Optional<Protocol> protocol = Enums.parse(Protocol.class, request.get("Protocol"), "protocol");
        Optional<ProtocolVersion> version = Enums.parse(ProtocolVersion.class, request.get("ProtocolVersion"), "protocolVersion");
        ApiError.check(ProtocolRules.checkTargetGroup(targetType, protocol, version));
        OptionalInt port = request.integer("Port");
        Optional<String> vpc = request.get("VpcId");
        if (targetType != TargetType.LAMBDA) {
            if (port.isEmpty()) {
                request.required("Port");
            }
            checkPort(port.getAsInt(), "port");
            if (protocol.filter(p -> p == Protocol.GENEVE).isPresent() && port.getAsInt() != ElbLimits.GENEVE_PORT) {
                throw ApiError.validation("Port must be " + ElbLimits.GENEVE_PORT + " for GENEVE target groups");
            }
            String vpcId = request.required("VpcId");
            if (!vpcId.equals(store.topology().vpcId())) {
                throw ApiError.validation("The VPC ID '" + vpcId + "' is not found");
            }
        } else if (port.isPresent() || vpc.isPresent()) {
            throw ApiError.validation("Port and VPC ID cannot be specified for target groups with target type 'lambda'");
        }
        IpAddressType family = Enums.parse(IpAddressType.class, request.get("IpAddressType"), "ipAddressType")
                .orElse(IpAddressType.IPV4);
        if (family != IpAddressType.IPV4 && family != IpAddressType.IPV6) {
            throw ApiError.validation("A target group's IP address type is ipv4 or ipv6");
        }
        HealthCheck check = healthCheck(request, HealthCheckRules.defaults(targetType, protocol, version,
                Enums.parse(Protocol.class, request.get("HealthCheckProtocol"), "healthCheckProtocol")), targetType,
                protocol, version);
        Map<String, String> tags = TagRules.read(request);
        TagRules.merged(Map.of(), tags);
        Optional<TargetGroupRecord> existing = byName(name);
        TargetGroupRecord tg;
        if (existing.isPresent()) {
            TargetGroupRecord e = existing.get();
            if (e.targetType() != targetType || !e.protocol().equals(protocol) || !e.port().equals(port)) {
                throw ApiError.of("DuplicateTargetGroupName", "A target group with the same name '" + name
                        + "' exists, but with different settings");
            }
            tg = e;
        } else {
            if (store.state().targetGroups().size() >= MAX_TARGET_GROUPS) {
                throw ApiError.of("TooManyTargetGroups", "The quota for the number of target groups ("
                        + MAX_TARGET_GROUPS + ") has been reached");
            }
            tg = new TargetGroupRecord(store.arns().targetGroup(name, Arns.newId()), name, targetType, protocol,
                    targetType == TargetType.LAMBDA ? Optional.empty() : version.or(() -> protocol
                            .filter(Protocol::isHttp).map(p -> ProtocolVersion.HTTP1)), port,
                    targetType == TargetType.LAMBDA ? Optional.empty() : vpc, family, check, Map.of(), List.of());
            TargetGroupRecord created = tg;
            store.update(s -> s.withTargetGroup(created).withTags(created.arn(), tags));
        }
        result.start("TargetGroups");
        write(tg, result);
        result.end();
    }

    private void describe(QueryRequest request, Xml result) {
        List<String> arns = request.list("TargetGroupArns");
        List<String> names = request.list("Names");
        Optional<String> lb = request.get("LoadBalancerArn");
        if ((arns.isEmpty() ? 0 : 1) + (names.isEmpty() ? 0 : 1) + (lb.isEmpty() ? 0 : 1) > 1) {
            throw ApiError.validation("Only one of target group ARNs, names and a load balancer ARN can be specified");
        }
        List<TargetGroupRecord> found = new ArrayList<>();
        if (!arns.isEmpty()) {
            arns.forEach(arn -> found.add(find(arn)));
        } else if (!names.isEmpty()) {
            names.forEach(n -> found.add(byName(n).orElseThrow(() -> ApiError.of("TargetGroupNotFound",
                    "Target groups '[" + n + "]' not found"))));
        } else if (lb.isPresent()) {
            if (!store.state().loadBalancers().containsKey(lb.get())) {
                throw ApiError.of("LoadBalancerNotFound", "Load balancer '" + lb.get() + "' not found");
            }
            store.state().targetGroups().values().stream()
                    .filter(tg -> usage.loadBalancersOf(tg.arn()).contains(lb.get())).forEach(found::add);
        } else {
            found.addAll(store.state().targetGroups().values());
        }
        Paging<TargetGroupRecord> page = Paging.of(found, request);
        result.start("TargetGroups");
        page.page().forEach(tg -> write(tg, result));
        result.end();
        page.nextMarker().ifPresent(m -> result.element("NextMarker", m));
    }

    private void modify(QueryRequest request, Xml result) {
        TargetGroupRecord tg = find(request.required("TargetGroupArn"));
        HealthCheck base = tg.healthCheck();
        Optional<Protocol> checkProtocol = Enums.parse(Protocol.class, request.get("HealthCheckProtocol"), "healthCheckProtocol");
        if (checkProtocol.isPresent() && checkProtocol.get() != base.protocol()) {
            // A new check protocol brings that protocol's path, timeout and matcher defaults.
            HealthCheck defaults = HealthCheckRules.defaults(tg.targetType(), tg.protocol(), tg.protocolVersion(), checkProtocol);
            base = new HealthCheck(base.enabled(), defaults.protocol(), base.port(), defaults.path(), base.intervalSeconds(),
                    defaults.timeoutSeconds(), base.healthyThreshold(), base.unhealthyThreshold(), defaults.matcher());
        }
        HealthCheck check = healthCheck(request, base, tg.targetType(), tg.protocol(), tg.protocolVersion());
        TargetGroupRecord next = tg.withHealthCheck(check);
        store.update(s -> s.withTargetGroup(next));
        result.start("TargetGroups");
        write(next, result);
        result.end();
    }

    private void delete(QueryRequest request, Xml result) {
        String arn = request.required("TargetGroupArn");
        if (!store.state().targetGroups().containsKey(arn)) {
            checkArn(arn);
            return;
        }
        if (!usage.loadBalancersOf(arn).isEmpty()) {
            throw ApiError.of("ResourceInUse", "Target group '" + arn + "' is currently in use by a listener or a rule");
        }
        store.update(s -> s.withoutTargetGroup(arn));
    }

    TargetGroupRecord find(String arn) {
        TargetGroupRecord tg = store.state().targetGroups().get(arn);
        if (tg == null) {
            checkArn(arn);
            throw ApiError.of("TargetGroupNotFound", "Target group '" + arn + "' not found");
        }
        return tg;
    }

    private Optional<TargetGroupRecord> byName(String name) {
        return store.state().targetGroups().values().stream().filter(tg -> tg.name().equals(name)).findFirst();
    }

    static void checkArn(String arn) {
        if (!arn.matches("arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\\d{12}:targetgroup/[^/]+/[0-9a-f]+")) {
            throw ApiError.validation("'" + arn + "' is not a valid target group ARN");
        }
    }

    private static void checkPort(int port, String member) {
        if (port < 1 || port > 65535) {
            throw ApiError.validation("1 validation error detected: Value '" + port + "' at '" + member
                    + "' failed to satisfy constraint: Member must have value between 1 and 65535");
        }
    }

    /** The request's health-check settings over {@code base}, checked by AWS's rules. */
    private static HealthCheck healthCheck(QueryRequest request, HealthCheck base, TargetType targetType,
                                           Optional<Protocol> protocol, Optional<ProtocolVersion> version) {
        request.get("HealthCheckPort").filter(p -> !p.equals(HealthCheck.TRAFFIC_PORT))
                .ifPresent(p -> checkPort(request.integer("HealthCheckPort").getAsInt(), "healthCheckPort"));
        Optional<String> matcher = request.get("Matcher.HttpCode").or(() -> request.get("Matcher.GrpcCode"));
        HealthCheck check = new HealthCheck(
                request.bool("HealthCheckEnabled").orElse(base.enabled()),
                Enums.parse(Protocol.class, request.get("HealthCheckProtocol"), "healthCheckProtocol").orElse(base.protocol()),
                request.get("HealthCheckPort").orElse(base.port()),
                request.get("HealthCheckPath").or(base::path),
                request.integer("HealthCheckIntervalSeconds").orElse(base.intervalSeconds()),
                request.integer("HealthCheckTimeoutSeconds").orElse(base.timeoutSeconds()),
                request.integer("HealthyThresholdCount").orElse(base.healthyThreshold()),
                request.integer("UnhealthyThresholdCount").orElse(base.unhealthyThreshold()),
                matcher.or(base::matcher));
        HealthCheckRules.check(check, targetType, protocol, version).stream().findFirst().ifPresent(v -> {
            throw ApiError.validation(v.violation().message());
        });
        return check;
    }

    void write(TargetGroupRecord tg, Xml x) {
        HealthCheck hc = tg.healthCheck();
        boolean grpc = tg.protocolVersion().filter(v -> v == ProtocolVersion.GRPC).isPresent();
        x.start("member")
                .element("TargetGroupArn", tg.arn())
                .element("TargetGroupName", tg.name())
                .element("Protocol", tg.protocol().map(Protocol::name).orElse(null))
                .element("Port", tg.port().isPresent() ? tg.port().getAsInt() : null)
                .element("VpcId", tg.vpcId().orElse(null))
                .element("HealthCheckProtocol", tg.targetType() == TargetType.LAMBDA ? null : hc.protocol().name())
                .element("HealthCheckPort", tg.targetType() == TargetType.LAMBDA ? null : hc.port())
                .element("HealthCheckEnabled", hc.enabled())
                .element("HealthCheckIntervalSeconds", hc.intervalSeconds())
                .element("HealthCheckTimeoutSeconds", hc.timeoutSeconds())
                .element("HealthyThresholdCount", hc.healthyThreshold())
                .element("UnhealthyThresholdCount", hc.unhealthyThreshold())
                .element("HealthCheckPath", hc.path().orElse(null));
        hc.matcher().ifPresent(m -> x.start("Matcher").element(grpc ? "GrpcCode" : "HttpCode", m).end());
        x.start("LoadBalancerArns");
        usage.loadBalancersOf(tg.arn()).forEach(arn -> x.element("member", arn));
        x.end()
                .element("TargetType", tg.targetType().wireName())
                .element("ProtocolVersion", tg.protocolVersion().map(ProtocolVersion::name).orElse(null))
                .element("IpAddressType", tg.targetType() == TargetType.LAMBDA ? null : tg.ipAddressType().wireName())
                .end();
    }
}
