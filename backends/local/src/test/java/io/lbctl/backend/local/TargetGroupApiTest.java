package io.lbctl.backend.local;

import static io.lbctl.backend.local.LoadBalancerApiTest.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateTargetGroupNameException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/** Target groups, targets and their health through the real SDK client, from the guide's commands. */
@SuppressWarnings("unchecked") // the SDK builders take Consumer varargs
class TargetGroupApiTest extends LocalRuntimeTestBase {



    @Test
    void theGuidesTcpGroupGetsNlbDefaultsForWhatItLeavesOut() {
        TargetGroup tg = local.elb.createTargetGroup(r -> r.name("my-tcp-targets").protocol("TCP").port(80)
                .vpcId("vpc-12345678").targetType("instance").healthCheckProtocol("TCP").healthCheckPort("80")
                .healthCheckIntervalSeconds(30).healthyThresholdCount(2).unhealthyThresholdCount(2)).targetGroups().get(0);
        assertThat(tg.targetGroupArn()).matches(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/my-tcp-targets/[0-9a-f]{16}");
        assertThat(tg.healthCheckTimeoutSeconds()).isEqualTo(10);
        assertThat(tg.healthCheckPort()).isEqualTo("80");
        assertThat(tg.healthyThresholdCount()).isEqualTo(2);
        assertThat(tg.matcher()).isNull();
        assertThat(tg.healthCheckPath()).isNull();
    }

    @Test
    void theGuidesHttpAndIpGroupsKeepTheirHealthChecks() {
        TargetGroup http = local.elb.createTargetGroup(r -> r.name("my-web-app-targets").protocol("HTTP").port(80)
                .vpcId("vpc-12345678").targetType("instance").healthCheckProtocol("HTTP").healthCheckPath("/health")
                .healthCheckIntervalSeconds(30).healthCheckTimeoutSeconds(10).healthyThresholdCount(2)
                .unhealthyThresholdCount(3).matcher(m -> m.httpCode("200"))).targetGroups().get(0);
        assertThat(http.healthCheckPath()).isEqualTo("/health");
        assertThat(http.matcher().httpCode()).isEqualTo("200");
        assertThat(http.protocolVersion()).isEqualTo("HTTP1");
        TargetGroup ip = local.elb.createTargetGroup(r -> r.name("my-ip-targets").protocol("HTTP").port(8080)
                .vpcId("vpc-12345678").targetType("ip").ipAddressType("ipv4").healthCheckProtocol("HTTP")
                .healthCheckPath("/api/health").healthCheckPort("8080").healthCheckIntervalSeconds(30)
                .matcher(m -> m.httpCode("200,201"))).targetGroups().get(0);
        assertThat(ip.matcher().httpCode()).isEqualTo("200,201");
        assertThat(ip.targetTypeAsString()).isEqualTo("ip");
        TargetGroup geneve = local.elb.createTargetGroup(r -> r.name("security-appliances").protocol("GENEVE").port(6081)
                .vpcId("vpc-12345678").targetType("instance").healthCheckProtocol("HTTP").healthCheckPath("/health")
                .healthCheckPort("80")).targetGroups().get(0);
        assertThat(geneve.healthCheckIntervalSeconds()).isEqualTo(10);
        assertThat(geneve.matcher().httpCode()).isEqualTo("200-399");
    }

    @Test
    void awsRulesRefuseBadGroupsAndChangeNothing() {
        assertThat(error(() -> local.elb.createTargetGroup(r -> r.name("g").protocol("GENEVE").port(6080)
                .vpcId("vpc-12345678")))).isEqualTo("ValidationError: Port must be 6081 for GENEVE target groups");
        assertThat(error(() -> local.elb.createTargetGroup(r -> r.name("h").protocol("HTTP").port(80)
                .vpcId("vpc-12345678").healthCheckTimeoutSeconds(40))))
                .isEqualTo("ValidationError: health-check timeout (40s) must be smaller than the interval (30s)");
        assertThat(error(() -> local.elb.createTargetGroup(r -> r.name("h").protocol("HTTP").port(80)
                .vpcId("vpc-99999999")))).isEqualTo("ValidationError: The VPC ID 'vpc-99999999' is not found");
        assertThat(error(() -> local.elb.createTargetGroup(r -> r.name("h").protocol("HTTP").vpcId("vpc-12345678"))))
                .contains("Value null at 'port'");
        assertThat(local.elb.describeTargetGroups().targetGroups()).isEmpty();
    }

    @Test
    void namesAreUniqueUnlessTheSettingsAreTheSame() {
        TargetGroup a = tcp("app");
        assertThat(tcp("app").targetGroupArn()).isEqualTo(a.targetGroupArn());
        assertThatThrownBy(() -> local.elb.createTargetGroup(r -> r.name("app").protocol("UDP").port(53)
                .vpcId("vpc-12345678"))).isInstanceOf(DuplicateTargetGroupNameException.class);
        assertThat(local.elb.describeTargetGroups(r -> r.names("app")).targetGroups()).hasSize(1);
        assertThatThrownBy(() -> local.elb.describeTargetGroups(r -> r.names("nope")))
                .isInstanceOf(TargetGroupNotFoundException.class);
    }

    @Test
    void modifyChangesTheHealthCheckWithTheNewProtocolsDefaults() {
        TargetGroup tg = tcp("app");
        TargetGroup after = local.elb.modifyTargetGroup(r -> r.targetGroupArn(tg.targetGroupArn())
                .healthCheckProtocol("HTTP").healthCheckPath("/health")).targetGroups().get(0);
        assertThat(after.healthCheckProtocolAsString()).isEqualTo("HTTP");
        assertThat(after.healthCheckTimeoutSeconds()).isEqualTo(6);
        assertThat(after.matcher().httpCode()).isEqualTo("200-399");
    }

    @Test
    void attributesFollowTheGuideAndTheSharedRules() {
        TargetGroup http = local.elb.createTargetGroup(r -> r.name("my-targets").protocol("HTTP").port(80)
                .vpcId("vpc-12345678")).targetGroups().get(0);
        String arn = http.targetGroupArn();
        local.elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(arn).attributes(
                a("stickiness.enabled", "true"), a("stickiness.type", "lb_cookie"),
                a("stickiness.lb_cookie.duration_seconds", "86400")));
        local.elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(arn)
                .attributes(a("load_balancing.algorithm.type", "least_outstanding_requests")));
        Map<String, String> attrs = attributes(arn);
        assertThat(attrs).containsEntry("stickiness.enabled", "true").containsEntry("stickiness.type", "lb_cookie")
                .containsEntry("load_balancing.algorithm.type", "least_outstanding_requests")
                .containsEntry("deregistration_delay.timeout_seconds", "300").doesNotContainKey("proxy_protocol_v2.enabled");
        assertThat(error(() -> local.elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(arn)
                .attributes(a("proxy_protocol_v2.enabled", "true")))))
                .isEqualTo("ValidationError: attribute proxy_protocol_v2.enabled does not apply to application load "
                        + "balancers' target groups");
        assertThat(error(() -> local.elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(arn)
                .attributes(a("slow_start.duration_seconds", "60")))))
                .isEqualTo("ValidationError: slow start cannot be combined with least_outstanding_requests");
        TargetGroup tcp = tcp("tcp");
        local.elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(tcp.targetGroupArn())
                .attributes(a("proxy_protocol_v2.enabled", "true")));
        assertThat(attributes(tcp.targetGroupArn())).containsEntry("proxy_protocol_v2.enabled", "true")
                .containsEntry("stickiness.type", "source_ip");
    }

    @Test
    void targetsRegisterDrainAndReportHealthWithReasons() {
        TargetGroup tg = local.elb.createTargetGroup(r -> r.name("my-ip-targets").protocol("HTTP").port(8080)
                .vpcId("vpc-12345678").targetType("ip")).targetGroups().get(0);
        String arn = tg.targetGroupArn();
        local.elb.registerTargets(r -> r.targetGroupArn(arn).targets(t -> t.id("10.0.1.100").port(8080),
                t -> t.id("10.0.2.150").port(8080), t -> t.id("192.168.1.50").port(9090).availabilityZone("us-east-1a"),
                t -> t.id("127.0.0.1").port(9001)));
        Map<String, String> health = health(arn);
        assertThat(health).containsEntry("10.0.1.100:8080", "unused Target.IpUnusable")
                .containsEntry("192.168.1.50:9090", "unused Target.IpUnusable")
                .containsEntry("127.0.0.1:9001", "unused Target.NotInUse");
        local.elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(arn)
                .attributes(a("deregistration_delay.timeout_seconds", "30")));
        local.elb.deregisterTargets(r -> r.targetGroupArn(arn).targets(t -> t.id("127.0.0.1").port(9001)));
        assertThat(health(arn)).containsEntry("127.0.0.1:9001", "draining Target.DeregistrationInProgress");
        local.clock.advance(Duration.ofSeconds(31));
        assertThat(health(arn)).doesNotContainKey("127.0.0.1:9001").hasSize(3);
        assertThat(error(() -> local.elb.registerTargets(r -> r.targetGroupArn(arn).targets(t -> t.id("8.8.8.8")))))
                .startsWith("InvalidTarget: '8.8.8.8' is publicly routable");
        assertThat(error(() -> local.elb.registerTargets(r -> r.targetGroupArn(arn)
                .targets(t -> t.id("10.0.0.9").availabilityZone("mars-1a")))))
                .isEqualTo("ValidationError: The Availability Zone 'mars-1a' is not valid");
        assertThat(error(() -> local.elb.deregisterTargets(r -> r.targetGroupArn(arn).targets(t -> t.id("10.9.9.9")))))
                .startsWith("InvalidTarget:");
    }

    @Test
    void deletingAGroupRemovesItAndItsTags() {
        TargetGroup tg = tcp("app");
        local.elb.addTags(r -> r.resourceArns(tg.targetGroupArn()).tags(t -> t.key("a").value("b")));
        local.elb.deleteTargetGroup(r -> r.targetGroupArn(tg.targetGroupArn()));
        local.elb.deleteTargetGroup(r -> r.targetGroupArn(tg.targetGroupArn()));
        assertThat(local.elb.describeTargetGroups().targetGroups()).isEmpty();
        assertThatThrownBy(() -> local.elb.describeTags(r -> r.resourceArns(tg.targetGroupArn())))
                .isInstanceOf(TargetGroupNotFoundException.class);
    }

    @Test
    void targetGroupsAndTargetsSurviveARestart() throws InterruptedException {
        TargetGroup tg = tcp("app");
        local.elb.registerTargets(r -> r.targetGroupArn(tg.targetGroupArn()).targets(t -> t.id("i-0123456789abcdef0")));
        local.restart();
        assertThat(local.elb.describeTargetGroups().targetGroups()).containsExactly(tg);
        assertThat(health(tg.targetGroupArn())).containsOnlyKeys("i-0123456789abcdef0:80");
    }

    private TargetGroup tcp(String name) {
        return local.elb.createTargetGroup(r -> r.name(name).protocol("TCP").port(80).vpcId("vpc-12345678"))
                .targetGroups().get(0);
    }

    private static TargetGroupAttribute a(String key, String value) {
        return TargetGroupAttribute.builder().key(key).value(value).build();
    }

    private Map<String, String> attributes(String arn) {
        return local.elb.describeTargetGroupAttributes(r -> r.targetGroupArn(arn)).attributes().stream()
                .collect(Collectors.toMap(TargetGroupAttribute::key, TargetGroupAttribute::value));
    }

    private Map<String, String> health(String arn) {
        return local.elb.describeTargetHealth(r -> r.targetGroupArn(arn)).targetHealthDescriptions().stream()
                .collect(Collectors.toMap((TargetHealthDescription d) -> d.target().id() + ":" + d.target().port(),
                        d -> d.targetHealth().stateAsString() + " " + d.targetHealth().reasonAsString()));
    }
}
