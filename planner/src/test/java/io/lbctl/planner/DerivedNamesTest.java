package io.lbctl.planner;

import static io.lbctl.planner.Specs.lambda;
import static io.lbctl.planner.Specs.lb;
import static io.lbctl.planner.Specs.stack;
import static io.lbctl.planner.Specs.tg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.lbctl.model.Address;
import io.lbctl.model.HealthCheck;
import io.lbctl.model.IpAddressType;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.Protocol;
import io.lbctl.model.ProtocolVersion;
import io.lbctl.model.Scheme;
import io.lbctl.model.Stack;
import io.lbctl.model.TargetType;
import io.lbctl.model.aws.ElbNames;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Names of unnamed resources: new exactly when the planner replaces the resource, so the new one can exist beside the old. */
class DerivedNamesTest {
    private static final Address API = Address.targetGroup("api");
    private static final Address WEB = Address.loadBalancer("web");

    private static Optional<Change> changeOf(Address address, Stack now, Stack next) {
        return Planner.plan(DesiredState.of(next), Specs.applied(now)).changes().stream()
                .filter(c -> c.address().equals(address)).findFirst();
    }

    private static String nameOf(Address address, Stack stack) {
        return DesiredState.of(stack).get(address).orElseThrow().name().orElseThrow();
    }

    static Stream<Arguments> targetGroupEdits() {
        return Stream.of(
                arguments("port", (Consumer<Specs.Tg>) t -> t.port = OptionalInt.of(8080), true),
                arguments("protocol", (Consumer<Specs.Tg>) t -> t.protocol = Optional.of(Protocol.HTTPS), true),
                arguments("protocolVersion", (Consumer<Specs.Tg>) t -> t.protocolVersion = Optional.of(ProtocolVersion.GRPC), true),
                arguments("targetType", (Consumer<Specs.Tg>) t -> t.targetType = TargetType.INSTANCE, true),
                arguments("ipAddressType", (Consumer<Specs.Tg>) t -> t.ipAddressType = IpAddressType.IPV6, true),
                arguments("healthCheck", (Consumer<Specs.Tg>) t -> t.healthCheck = new HealthCheck(true, Protocol.HTTP, "8081",
                        Optional.of("/ready"), 10, 5, 3, 3, Optional.of("200-299")), false),
                arguments("attributes", (Consumer<Specs.Tg>) t -> t.attributes.put("slow_start.duration_seconds", "30"), false),
                arguments("tags", (Consumer<Specs.Tg>) t -> t.tags.put("team", "web"), false),
                arguments("targets", (Consumer<Specs.Tg>) t -> t.targets = List.of(Specs.target("10.0.0.9")), false));
    }

    @ParameterizedTest(name = "{0}: replaced and renamed = {2}")
    @MethodSource("targetGroupEdits")
    void targetGroupNameChangesExactlyWhenTheGroupIsReplaced(String what, Consumer<Specs.Tg> edit, boolean forceNew) {
        Stack before = stack(List.of(tg(t -> { })), List.of());
        Stack after = stack(List.of(tg(edit)), List.of());

        assertThat(nameOf(API, after).equals(nameOf(API, before))).isEqualTo(!forceNew);
        assertThat(changeOf(API, before, after).filter(Change.Replace.class::isInstance).isPresent()).isEqualTo(forceNew);
    }

    @Test
    void aVpcChangeRenamesAndReplacesVpcGroupsButNotLambdaGroups() {
        Stack before = stack(Map.of(), Optional.of("vpc-1"), List.of(tg(t -> { }), lambda("fn")), List.of());
        Stack after = stack(Map.of(), Optional.of("vpc-2"), List.of(tg(t -> { }), lambda("fn")), List.of());

        assertThat(nameOf(API, after)).isNotEqualTo(nameOf(API, before));
        assertThat(changeOf(API, before, after)).get().isInstanceOf(Change.Replace.class);
        assertThat(nameOf(Address.targetGroup("fn"), after)).isEqualTo(nameOf(Address.targetGroup("fn"), before));
        assertThat(changeOf(Address.targetGroup("fn"), before, after)).isEmpty();
    }

    static Stream<Arguments> loadBalancerEdits() {
        return Stream.of(
                arguments("type", (Consumer<Specs.Lb>) l -> l.type = LoadBalancerType.NETWORK, true),
                arguments("scheme", (Consumer<Specs.Lb>) l -> l.scheme = Scheme.INTERNAL, true),
                arguments("ipAddressType", (Consumer<Specs.Lb>) l -> l.ipAddressType = IpAddressType.DUALSTACK, false),
                arguments("subnets", (Consumer<Specs.Lb>) l -> l.subnets = List.of("subnet-a"), false),
                arguments("securityGroups", (Consumer<Specs.Lb>) l -> l.securityGroups = List.of("sg-1"), false),
                arguments("attributes", (Consumer<Specs.Lb>) l -> l.attributes.put("idle_timeout.timeout_seconds", "120"), false));
    }

    @ParameterizedTest(name = "{0}: replaced and renamed = {2}")
    @MethodSource("loadBalancerEdits")
    void loadBalancerNameChangesExactlyWhenTheLoadBalancerIsReplaced(String what, Consumer<Specs.Lb> edit, boolean forceNew) {
        Stack before = stack(List.of(), List.of(lb(l -> { })));
        Stack after = stack(List.of(), List.of(lb(edit)));

        assertThat(nameOf(WEB, after).equals(nameOf(WEB, before))).isEqualTo(!forceNew);
        assertThat(changeOf(WEB, before, after).filter(Change.Replace.class::isInstance).isPresent()).isEqualTo(forceNew);
    }

    @Test
    void derivedNamesAreStableValidAndTheResourcesPhysicalName() {
        String longId = "a".repeat(63);
        Stack s = stack(List.of(tg(t -> t.id = longId)), List.of(lb(l -> l.id = longId)));

        String tgName = DesiredState.derivedName(s, s.targetGroups().get(longId));
        String lbName = DesiredState.derivedName(s, s.loadBalancers().get(longId));

        assertThat(nameOf(Address.targetGroup(longId), s)).isEqualTo(tgName).startsWith("shop-aaaa").hasSize(32);
        assertThat(nameOf(Address.loadBalancer(longId), s)).isEqualTo(lbName).startsWith("shop-aaaa").hasSize(32);
        assertThat(ElbNames.checkTargetGroupName(tgName)).isEmpty();
        assertThat(ElbNames.checkLoadBalancerName(lbName)).isEmpty();
        assertThat(DesiredState.derivedName(s, s.targetGroups().get(longId))).isEqualTo(tgName);
        assertThat(tgName).isNotEqualTo(lbName);
    }

    @Test
    void aNameTheSpecPinsIsUsedAsIsAndCompared() {
        Stack s = stack(List.of(tg(t -> t.name = Optional.of("api-tg"))), List.of(lb(l -> l.name = Optional.of("web-lb"))));

        assertThat(DesiredState.of(s).get(API).orElseThrow()).satisfies(r -> {
            assertThat(r.name()).contains("api-tg");
            assertThat(r.field("name")).contains("api-tg");
        });
        assertThat(DesiredState.of(s).get(WEB).orElseThrow()).satisfies(r -> {
            assertThat(r.name()).contains("web-lb");
            assertThat(r.field("name")).contains("web-lb");
        });
    }
}
