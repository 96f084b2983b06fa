package io.lbctl.planner;

import static io.lbctl.planner.Resources.live;
import static io.lbctl.planner.Resources.listener;
import static io.lbctl.planner.Resources.named;
import static io.lbctl.planner.Resources.targetGroup;
import static io.lbctl.planner.Resources.web;
import static io.lbctl.planner.Resources.with;
import static io.lbctl.planner.Resources.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.lbctl.model.Address;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StateTest {
    private static final Resource GROUP = live(targetGroup("api"));

    private static String fingerprint(Resource... resources) {
        return State.of("shop", List.of(resources)).fingerprint();
    }

    @Test
    void fingerprintOfNothingIsTheSha256OfNothing() {
        assertThat(State.of("shop", List.of()).fingerprint())
                .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void fingerprintIgnoresTheOrderResourcesAndFieldsWereAddedIn() {
        Map<String, String> reversed = new LinkedHashMap<>();
        List.copyOf(GROUP.fields().keySet()).reversed().forEach(k -> reversed.put(k, GROUP.fields().get(k)));
        Resource shuffled = new Resource(GROUP.address(), GROUP.kind(), reversed, GROUP.name(), GROUP.arn(), GROUP.references());

        assertThat(fingerprint(shuffled, live(web()), live(listener("api"))))
                .isEqualTo(fingerprint(live(listener("api")), GROUP, live(web())))
                .matches("sha256:[0-9a-f]{64}");
    }

    static Stream<Arguments> edits() {
        return Stream.of(
                arguments("a field's value", (UnaryOperator<Resource>) r -> with(r, "port", "81")),
                arguments("a field added", (UnaryOperator<Resource>) r -> with(r, "tags.team", "web")),
                arguments("a field removed", (UnaryOperator<Resource>) r -> without(r, "healthCheck.path")),
                arguments("a field renamed", (UnaryOperator<Resource>) r -> with(without(r, "port"), "porta", "80")),
                arguments("its ARN", (UnaryOperator<Resource>) r -> r.withArn("arn:test:other")),
                arguments("no ARN", (UnaryOperator<Resource>) r -> targetGroup("api")),
                arguments("its physical name", (UnaryOperator<Resource>) r -> named(r, "shop-api-9999")),
                arguments("its address", (UnaryOperator<Resource>) r -> new Resource(Address.targetGroup("api2"), r.kind(),
                        r.fields(), r.name(), r.arn(), r.references())),
                arguments("its kind", (UnaryOperator<Resource>) r -> new Resource(r.address(), ResourceKind.LOAD_BALANCER,
                        r.fields(), r.name(), r.arn(), r.references())),
                arguments("a reference", (UnaryOperator<Resource>) r -> new Resource(r.address(), r.kind(), r.fields(), r.name(),
                        r.arn(), List.of(Address.targetGroup("other")))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edits")
    void fingerprintChangesWithAnythingAboutAResource(String what, UnaryOperator<Resource> edit) {
        assertThat(fingerprint(edit.apply(GROUP), live(web()))).isNotEqualTo(fingerprint(GROUP, live(web())));
    }

    @Test
    void fingerprintChangesWhenAResourceAppearsOrGoes() {
        assertThat(fingerprint(GROUP)).isNotEqualTo(fingerprint(GROUP, live(web()))).isNotEqualTo(fingerprint());
    }

    @Test
    void findsResourcesByAddressInInsertionOrder() {
        State state = State.of("shop", List.of(live(web()), GROUP));

        assertThat(state.get(Address.targetGroup("api"))).contains(GROUP);
        assertThat(state.get(Address.targetGroup("nope"))).isEmpty();
        assertThat(state.resources().keySet()).containsExactly(Address.loadBalancer("web"), Address.targetGroup("api"));
        assertThat(state.isEmpty()).isFalse();
        assertThat(State.of("shop", List.of()).isEmpty()).isTrue();
    }

    @Test
    void aResourceBelongsToItsLoadBalancerListenerOrTargetGroup() {
        assertThat(listener("api").parent()).contains(Address.loadBalancer("web"));
        assertThat(Resources.rule("r", "api").parent()).contains(Address.listener("web", "http"));
        assertThat(Resources.target("api").parent()).contains(Address.targetGroup("api"));
        assertThat(web().parent()).isEmpty();
        assertThat(GROUP.parent()).isEmpty();
    }
}
