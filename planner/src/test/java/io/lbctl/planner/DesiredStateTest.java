package io.lbctl.planner;

import static io.lbctl.planner.Specs.lambda;
import static io.lbctl.planner.Specs.lb;
import static io.lbctl.planner.Specs.listener;
import static io.lbctl.planner.Specs.rule;
import static io.lbctl.planner.Specs.target;
import static io.lbctl.planner.Specs.tg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.lbctl.model.Action;
import io.lbctl.model.Address;
import io.lbctl.model.Condition;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.Protocol;
import io.lbctl.model.ProtocolVersion;
import io.lbctl.model.Stack;
import io.lbctl.model.TargetType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** A spec as the live API would describe it once applied. */
class DesiredStateTest {
    private static final String FN = "arn:aws:lambda:us-east-1:123456789012:function:f";

    private static final Stack STACK = Specs.stack(Map.of("env", "prod", "owner", "platform"), Optional.of(Specs.VPC), List.of(
            tg(t -> {
                t.attributes.put("load_balancing.algorithm.type", "least_outstanding_requests");
                t.tags.put("env", "dev");
                t.tags.put(Ownership.STACK_TAG, "someone-else");
                t.targets = List.of(target("10.0.0.1", 8080), target("10.0.0.2"));
            }),
            lambda("fn", target(FN)),
            tg(t -> {
                t.id = "tcp";
                t.protocol = Optional.of(Protocol.TCP);
                t.protocolVersion = Optional.empty();
                t.port = OptionalInt.of(5000);
            }),
            tg(t -> {
                t.id = "vms";
                t.targetType = TargetType.INSTANCE;
                t.protocol = Optional.of(Protocol.HTTPS);
                t.protocolVersion = Optional.of(ProtocolVersion.HTTP2);
                t.port = OptionalInt.of(443);
                t.targets = List.of(target("i-0abc"));
            })), List.of(
            lb(l -> l.listeners = List.of(listener("http", Protocol.HTTP, 80, Action.Forward.to("api"),
                    rule("api", 10, Action.Forward.to("vms"), new Condition.PathPattern(List.of("/api/*")))))),
            lb(l -> {
                l.id = "edge";
                l.type = LoadBalancerType.NETWORK;
                l.listeners = List.of(listener("tcp", Protocol.TCP, 5000, Action.Forward.to("tcp")));
            })));
    private static final State DESIRED = DesiredState.of(STACK);

    private static Resource at(String address) {
        return DESIRED.get(new Address(List.of(address.split("/")))).orElseThrow();
    }

    @Test
    void listsResourcesInCreationOrderAtTheirAddresses() {
        assertThat(DESIRED.stack()).isEqualTo("shop");
        assertThat(DESIRED.resources().keySet()).extracting(Address::toString).containsExactly(
                "targetGroups.api", "targetGroups.fn", "targetGroups.tcp", "targetGroups.vms", "loadBalancers.web", "loadBalancers.edge",
                "loadBalancers.web.listeners.http", "loadBalancers.edge.listeners.tcp", "loadBalancers.web.listeners.http.rules.api",
                "targetGroups.api.targets.10.0.0.1:8080", "targetGroups.api.targets.10.0.0.2:80", "targetGroups.fn.targets." + FN,
                "targetGroups.vms.targets.i-0abc:443");
    }

    @ParameterizedTest(name = "{0} {1} = {2}")
    @CsvSource(delimiter = '|', nullValues = "absent", value = {
            "targetGroups/api | load_balancing.algorithm.type | least_outstanding_requests",
            "targetGroups/api | stickiness.type | lb_cookie",
            "targetGroups/api | deregistration_delay.timeout_seconds | 300",
            "targetGroups/api | slow_start.duration_seconds | 0",
            "targetGroups/api | proxy_protocol_v2.enabled | absent",
            "targetGroups/tcp | stickiness.type | source_ip",
            "targetGroups/tcp | preserve_client_ip.enabled | false",
            "targetGroups/tcp | proxy_protocol_v2.enabled | false",
            "targetGroups/tcp | deregistration_delay.connection_termination.enabled | false",
            "targetGroups/tcp | slow_start.duration_seconds | absent",
            "targetGroups/fn | lambda.multi_value_headers.enabled | false",
            "targetGroups/fn | stickiness.enabled | false",
            "targetGroups/fn | deregistration_delay.timeout_seconds | absent",
            "loadBalancers/web | idle_timeout.timeout_seconds | 60",
            "loadBalancers/web | routing.http2.enabled | true",
            "loadBalancers/web | load_balancing.cross_zone.enabled | absent",
            "loadBalancers/edge | load_balancing.cross_zone.enabled | false",
            "loadBalancers/edge | idle_timeout.timeout_seconds | absent",
            "loadBalancers/web/listeners/http | routing.http.response.server.enabled | true",
            "loadBalancers/edge/listeners/tcp | tcp.idle_timeout.seconds | 350",
    })
    void fillsInAwsAttributeDefaultsUnderTheSpecsOwnValues(String address, String attribute, String value) {
        assertThat(at(address).field("attributes." + attribute)).isEqualTo(Optional.ofNullable(value));
    }

    @Test
    void tagsEveryTaggableResourceWithStackTagsItsOwnAndOwnership() {
        assertThat(at("targetGroups/api").fields()).containsEntry("tags.env", "dev").containsEntry("tags.owner", "platform")
                .containsEntry("tags.lbctl:stack", "shop").containsEntry("tags.lbctl:resource", "targetGroups.api");
        for (Resource r : DESIRED.resources().values()) {
            Map<String, String> tags = new java.util.TreeMap<>();
            r.fields().forEach((k, v) -> {
                if (k.startsWith("tags.")) {
                    tags.put(k, v);
                }
            });
            if (r.kind() == ResourceKind.TARGET) {
                assertThat(tags).as(r.address().toString()).isEmpty();
            } else if (!r.address().equals(Address.targetGroup("api"))) {
                assertThat(tags).as(r.address().toString()).containsExactly(entry("tags.env", "prod"),
                        entry("tags.lbctl:resource", r.address().toString()), entry("tags.lbctl:stack", "shop"),
                        entry("tags.owner", "platform"));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "targetGroups/api/targets/10.0.0.1:8080 | 10.0.0.1 | 8080",
            "targetGroups/api/targets/10.0.0.2:80 | 10.0.0.2 | 80",
            "targetGroups/vms/targets/i-0abc:443 | i-0abc | 443",
            "targetGroups/fn/targets/" + FN + " | " + FN + " | none",
    })
    void registersTargetsAtTheirPortElseTheirGroupsPortAndLambdasAtNone(String address, String id, String port) {
        Resource t = at(address);

        assertThat(t.field("id")).contains(id);
        assertThat(t.field("port")).isEqualTo(Optional.ofNullable(port));
        assertThat(t.parent()).contains(new Address(List.of(address.split("/")).subList(0, 2)));
    }

    @Test
    void flattensGroupsWithTheirVpcExceptLambdas() {
        assertThat(at("targetGroups/api").fields()).containsEntry("vpc", Specs.VPC).containsEntry("protocol", "HTTP")
                .containsEntry("protocolVersion", "HTTP1").containsEntry("port", "80").containsEntry("ipAddressType", "ipv4")
                .containsEntry("targetType", "ip").containsEntry("healthCheck.path", "/health").doesNotContainKey("name");
        assertThat(at("targetGroups/fn").fields()).containsEntry("targetType", "lambda")
                .doesNotContainKeys("vpc", "protocol", "protocolVersion", "port", "ipAddressType", "name");
    }

    @Test
    void flattensLoadBalancersListenersAndRulesWithWhatTheyPointAt() {
        assertThat(at("loadBalancers/web").fields()).containsEntry("type", "application").containsEntry("scheme", "internet-facing")
                .containsEntry("subnets", "[subnet-a, subnet-b]").doesNotContainKeys("securityGroups", "name");
        Resource http = at("loadBalancers/web/listeners/http");
        assertThat(http.fields()).containsEntry("protocol", "HTTP").containsEntry("port", "80")
                .containsEntry("defaultAction", "forward to targetGroups.api");
        assertThat(http.references()).containsExactly(Address.targetGroup("api"));
        Resource rule = at("loadBalancers/web/listeners/http/rules/api");
        assertThat(rule.fields()).containsEntry("priority", "10").containsEntry("conditions[0]", "path-pattern = \"/api/*\"")
                .containsEntry("action", "forward to targetGroups.vms");
        assertThat(rule.references()).containsExactly(Address.targetGroup("vms"));
    }
}
