package io.lbctl.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every action, fed parameters that are missing, of the wrong type, oversized, or garbage (a
 * fixed seed, a bounded number of requests): each answer is an AWS-shaped 4xx error or a success,
 * never a 500, and nothing a rejected request carried shows up in the state.
 */
@SuppressWarnings("unchecked") // the SDK builders take Consumer varargs
class ApiRobustnessTest extends LocalRuntimeTestBase {
    private static final List<String> ACTIONS = List.of("CreateLoadBalancer", "DescribeLoadBalancers",
            "DeleteLoadBalancer", "DescribeLoadBalancerAttributes", "ModifyLoadBalancerAttributes", "SetSecurityGroups",
            "SetSubnets", "SetIpAddressType", "CreateTargetGroup", "DeleteTargetGroup", "DescribeTargetGroups",
            "ModifyTargetGroup", "DescribeTargetGroupAttributes", "ModifyTargetGroupAttributes", "RegisterTargets",
            "DeregisterTargets", "DescribeTargetHealth", "CreateListener", "DeleteListener", "DescribeListeners",
            "ModifyListener", "DescribeListenerAttributes", "ModifyListenerAttributes", "AddListenerCertificates",
            "RemoveListenerCertificates", "DescribeListenerCertificates", "CreateRule", "DeleteRule", "DescribeRules",
            "ModifyRule", "SetRulePriorities", "AddTags", "RemoveTags", "DescribeTags", "DescribeSSLPolicies",
            "DescribeAccountLimits");
    private static final List<String> NAMES = List.of("Name", "Names.member.1", "LoadBalancerArn", "LoadBalancerArns.member.1",
            "TargetGroupArn", "ListenerArn", "RuleArn", "Type", "Scheme", "Protocol", "Port", "VpcId", "Priority",
            "Subnets.member.1", "Subnets.member.2", "SecurityGroups.member.1", "IpAddressType", "PageSize", "Marker",
            "Attributes.member.1.Key", "Attributes.member.1.Value", "Targets.member.1.Id", "Targets.member.1.Port",
            "Targets.member.1.AvailabilityZone", "Conditions.member.1.Field", "Conditions.member.1.Values.member.1",
            "Conditions.member.1.HttpHeaderConfig.HttpHeaderName", "Conditions.member.1.QueryStringConfig.Values.member.1.Value",
            "Actions.member.1.Type", "Actions.member.1.TargetGroupArn", "Actions.member.1.Order",
            "Actions.member.1.ForwardConfig.TargetGroups.member.1.Weight", "Actions.member.1.RedirectConfig.StatusCode",
            "Actions.member.1.FixedResponseConfig.StatusCode", "DefaultActions.member.1.Type",
            "DefaultActions.member.1.TargetGroupArn", "Certificates.member.1.CertificateArn", "SslPolicy",
            "AlpnPolicy.member.1", "RulePriorities.member.1.RuleArn", "RulePriorities.member.1.Priority",
            "ResourceArns.member.1", "Tags.member.1.Key", "Tags.member.1.Value", "TagKeys.member.1", "TargetType",
            "HealthCheckIntervalSeconds", "HealthCheckPort", "Matcher.HttpCode", "HealthCheckEnabled", "ProtocolVersion");

    final List<String> values = new ArrayList<>();

    @BeforeEach
    void createBaseResources() {
        String lb = local.elb.createLoadBalancer(r -> r.name("web").subnets("subnet-12345678", "subnet-87654321"))
                .loadBalancers().get(0).loadBalancerArn();
        String tg = local.elb.createTargetGroup(r -> r.name("app").protocol("HTTP").port(80).vpcId("vpc-12345678")
                .targetType("ip")).targetGroups().get(0).targetGroupArn();
        String listener = local.elb.createListener(r -> r.loadBalancerArn(lb).protocol("HTTP").port(80)
                .defaultActions(a -> a.type("forward").targetGroupArn(tg))).listeners().get(0).listenerArn();
        values.addAll(List.of(lb, tg, listener, lb + "x", "arn:aws:elasticloadbalancing:us-east-1:123456789012:",
                "", "-1", "0", "1", "80", "65536", "99999999999999999999", "true", "maybe", "forward", "redirect",
                "fixed-response", "HTTP", "TCP", "GENEVE", "ip", "lambda", "path-pattern", "http-header", "query-string",
                "subnet-12345678", "subnet-87654321", "vpc-12345678", "sg-12345678", "HTTP_301", "200", "x".repeat(2000),
                "%00", "\u0000\u0001", "ünïcødé", "*", "/api/*", "10.0.0.1", "127.0.0.1", "300", "ipv4", "dualstack"));
    }


    @Test
    void noInputMakesTheApiFailWithA500() throws Exception {
        Random random = new Random(20261124);
        int ok = 0;
        for (String action : ACTIONS) {
            for (int i = 0; i < 25; i++) {
                StringBuilder body = new StringBuilder("Action=" + action + "&Version=2015-12-01");
                int params = random.nextInt(6);
                for (int p = 0; p < params; p++) {
                    body.append('&').append(NAMES.get(random.nextInt(NAMES.size()))).append('=')
                            .append(URLEncoder.encode(values.get(random.nextInt(values.size())), StandardCharsets.UTF_8));
                }
                var r = SignedHttp.post(local.runtime, body.toString().getBytes(StandardCharsets.UTF_8), local.clock.instant());
                assertThat(r.status()).as(body + " -> " + r.body()).isIn(200, 400, 403, 413);
                assertThat(r.body()).as(body.toString()).startsWith("<?xml").doesNotContain("Exception").doesNotContain("\tat ");
                if (r.status() == 200) {
                    ok++;
                }
            }
        }
        assertThat(ok).as("some random requests are valid and succeed").isPositive();
        assertThat(local.elb.describeLoadBalancers().loadBalancers()).allSatisfy(lb ->
                assertThat(lb.loadBalancerName()).doesNotContain("\u0000").hasSizeLessThanOrEqualTo(32));
    }
}
