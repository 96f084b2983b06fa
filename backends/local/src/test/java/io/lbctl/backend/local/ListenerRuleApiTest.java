package io.lbctl.backend.local;

import static io.lbctl.backend.local.LoadBalancerApiTest.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateListenerException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ListenerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.PriorityInUseException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ResourceInUseException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAssociationLimitException;

/** Listeners, rules, certificates and SSL policies through the real SDK client. */
@SuppressWarnings("unchecked") // the SDK builders take Consumer varargs
class ListenerRuleApiTest extends LocalRuntimeTestBase {
    private static final String CERT = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012";

    String alb;
    String api;
    String web;

    @BeforeEach
    void createBaseResources() {
        alb = local.elb.createLoadBalancer(r -> r.name("my-alb").subnets("subnet-12345678", "subnet-87654321"))
                .loadBalancers().get(0).loadBalancerArn();
        api = group("api");
        web = group("web");
    }


    private String group(String name) {
        return local.elb.createTargetGroup(r -> r.name(name).protocol("HTTP").port(80).vpcId("vpc-12345678")
                .targetType("ip")).targetGroups().get(0).targetGroupArn();
    }

    private Listener http() {
        return local.elb.createListener(r -> r.loadBalancerArn(alb).protocol("HTTP").port(80)
                .defaultActions(a -> a.type("forward").targetGroupArn(web))).listeners().get(0);
    }

    @Test
    void theGuidesHttpsListenerGetsItsPolicyAndCertificate() {
        Listener l = local.elb.createListener(r -> r.loadBalancerArn(alb).protocol("HTTPS").port(443)
                .certificates(c -> c.certificateArn(CERT)).sslPolicy("ELBSecurityPolicy-TLS-1-2-2017-01")
                .defaultActions(a -> a.type("forward").targetGroupArn(web))).listeners().get(0);
        assertThat(l.listenerArn()).startsWith(alb.replace(":loadbalancer/", ":listener/") + "/");
        assertThat(l.sslPolicy()).isEqualTo("ELBSecurityPolicy-TLS-1-2-2017-01");
        assertThat(l.certificates()).extracting(c -> c.certificateArn()).containsExactly(CERT);
        assertThat(l.defaultActions().get(0).forwardConfig().targetGroups().get(0).targetGroupArn()).isEqualTo(web);
        assertThat(local.elb.describeTargetGroups(r -> r.targetGroupArns(web)).targetGroups().get(0).loadBalancerArns())
                .containsExactly(alb);
        assertThat(local.elb.describeTargetGroups(r -> r.loadBalancerArn(alb)).targetGroups())
                .extracting(t -> t.targetGroupName()).containsExactly("web");
    }

    @Test
    void listenerRulesFollowAwsOnPortsProtocolsAndCertificates() {
        String first = http().listenerArn();
        assertThat(http().listenerArn()).as("CreateListener is idempotent: the same settings answer with the same listener")
                .isEqualTo(first);
        assertThat(local.elb.describeListeners(r -> r.loadBalancerArn(alb)).listeners()).hasSize(1);
        assertThatThrownBy(() -> local.elb.createListener(r -> r.loadBalancerArn(alb).protocol("HTTP").port(80)
                .defaultActions(a -> a.type("forward").targetGroupArn(api)))).isInstanceOf(DuplicateListenerException.class);
        assertThat(error(() -> local.elb.createListener(r -> r.loadBalancerArn(alb).protocol("TCP").port(81)
                .defaultActions(a -> a.type("forward").targetGroupArn(web)))))
                .isEqualTo("UnsupportedProtocol: Protocol 'TCP' is not supported by application load balancers");
        assertThat(error(() -> local.elb.createListener(r -> r.loadBalancerArn(alb).protocol("HTTPS").port(443)
                .defaultActions(a -> a.type("forward").targetGroupArn(web)))))
                .isEqualTo("CertificateNotFound: A certificate must be specified for HTTPS listeners");
        assertThat(error(() -> local.elb.createListener(r -> r.loadBalancerArn(alb).protocol("HTTPS").port(443)
                .certificates(c -> c.certificateArn(CERT)).sslPolicy("ELBSecurityPolicy-Nope")
                .defaultActions(a -> a.type("forward").targetGroupArn(web))))).startsWith("SSLPolicyNotFound:");
        assertThat(local.elb.describeListeners(r -> r.loadBalancerArn(alb)).listeners()).hasSize(1);
    }

    @Test
    void anSslRedirectAndAFixedResponseRoundTrip() {
        Listener l = local.elb.createListener(r -> r.loadBalancerArn(alb).protocol("HTTP").port(80)
                .defaultActions(a -> a.type("redirect").redirectConfig(c -> c.protocol("HTTPS").port("443")
                        .statusCode("HTTP_301")))).listeners().get(0);
        var redirect = l.defaultActions().get(0).redirectConfig();
        assertThat(redirect.protocol() + " " + redirect.port() + " " + redirect.host() + " " + redirect.path() + " "
                + redirect.query() + " " + redirect.statusCodeAsString())
                .isEqualTo("HTTPS 443 #{host} /#{path} #{query} HTTP_301");
        Rule rule = local.elb.createRule(r -> r.listenerArn(l.listenerArn()).priority(5)
                .conditions(c -> c.field("path-pattern").pathPatternConfig(p -> p.values("/health")))
                .actions(a -> a.type("fixed-response").fixedResponseConfig(f -> f.statusCode("200")
                        .contentType("text/plain").messageBody("ok")))).rules().get(0);
        assertThat(rule.actions().get(0).fixedResponseConfig().messageBody()).isEqualTo("ok");
        assertThat(error(() -> local.elb.createRule(r -> r.listenerArn(l.listenerArn()).priority(6)
                .conditions(c -> c.field("path-pattern").values("/x"))
                .actions(a -> a.type("fixed-response").fixedResponseConfig(f -> f.statusCode("302"))))))
                .startsWith("ValidationError: Fixed-response status code '302'");
    }

    @Test
    void rulesHaveUniquePrioritiesAndTheDefaultRuleComesLast() {
        Listener l = http();
        Rule a = rule(l, 10, "/api/*");
        Rule b = rule(l, 20, "/admin/*");
        assertThatThrownBy(() -> rule(l, 10, "/other")).isInstanceOf(PriorityInUseException.class);
        List<Rule> rules = local.elb.describeRules(r -> r.listenerArn(l.listenerArn())).rules();
        assertThat(rules).extracting(Rule::priority).containsExactly("10", "20", "default");
        assertThat(rules.get(2).isDefault()).isTrue();
        assertThat(rules.get(0).conditions().get(0).pathPatternConfig().values()).containsExactly("/api/*");
        local.elb.setRulePriorities(r -> r.rulePriorities(p -> p.ruleArn(a.ruleArn()).priority(20),
                p -> p.ruleArn(b.ruleArn()).priority(10)));
        assertThat(local.elb.describeRules(r -> r.listenerArn(l.listenerArn())).rules())
                .filteredOn(r -> !r.isDefault())
                .extracting(r -> r.priority() + " " + r.conditions().get(0).values().get(0))
                .containsExactly("10 /admin/*", "20 /api/*");
        assertThatThrownBy(() -> local.elb.setRulePriorities(r -> r.rulePriorities(p -> p.ruleArn(a.ruleArn()).priority(10))))
                .isInstanceOf(PriorityInUseException.class);
        assertThat(error(() -> local.elb.deleteRule(r -> r.ruleArn(rules.get(2).ruleArn()))))
                .startsWith("OperationNotPermitted:");
        local.elb.deleteRule(r -> r.ruleArn(a.ruleArn()));
        assertThat(local.elb.describeRules(r -> r.listenerArn(l.listenerArn())).rules()).hasSize(2);
    }

    @Test
    void everyConditionTypeRoundTripsAndIsCheckedByTheSharedRules() {
        Listener l = http();
        Rule rule = local.elb.createRule(r -> r.listenerArn(l.listenerArn()).priority(1).conditions(
                        RuleCondition.builder().field("host-header").hostHeaderConfig(h -> h.values("*.example.com")).build(),
                        RuleCondition.builder().field("http-header").httpHeaderConfig(h -> h.httpHeaderName("X-User-Type")
                                .values("premium")).build(),
                        RuleCondition.builder().field("query-string").queryStringConfig(q -> q.values(v -> v.key("v")
                                .value("1"))).build(),
                        RuleCondition.builder().field("source-ip").sourceIpConfig(s -> s.values("192.0.2.0/24")).build())
                .actions(a -> a.type("forward").targetGroupArn(api))).rules().get(0);
        assertThat(rule.conditions()).extracting(RuleCondition::field)
                .containsExactly("host-header", "http-header", "query-string", "source-ip");
        assertThat(rule.conditions().get(2).queryStringConfig().values().get(0).key()).isEqualTo("v");
        assertThat(error(() -> local.elb.createRule(r -> r.listenerArn(l.listenerArn()).priority(2)
                .conditions(c -> c.field("http-request-method").httpRequestMethodConfig(m -> m.values("get")))
                .actions(a -> a.type("forward").targetGroupArn(api)))))
                .isEqualTo("ValidationError: HTTP method 'get' may contain only A-Z, '-' and '_'");
        assertThat(error(() -> local.elb.createRule(r -> r.listenerArn(l.listenerArn()).priority(2)
                .conditions(c -> c.field("path-pattern").values("/a", "/b", "/c", "/d"))
                .actions(a -> a.type("forward").targetGroupArn(api)))))
                .isEqualTo("ValidationError: path-pattern condition has 4 values; AWS allows at most 3");
    }

    @Test
    void weightedForwardsAndTargetGroupsOfOneLoadBalancerOnly() {
        Listener l = local.elb.createListener(r -> r.loadBalancerArn(alb).protocol("HTTP").port(80)
                .defaultActions(Action.builder().type("forward").forwardConfig(f -> f.targetGroups(
                        t -> t.targetGroupArn(api).weight(10), t -> t.targetGroupArn(web).weight(20))
                        .targetGroupStickinessConfig(s -> s.enabled(true).durationSeconds(3600))).build())).listeners().get(0);
        var forward = l.defaultActions().get(0).forwardConfig();
        assertThat(forward.targetGroups()).extracting(t -> t.weight()).containsExactly(10, 20);
        assertThat(forward.targetGroupStickinessConfig().durationSeconds()).isEqualTo(3600);
        String other = local.elb.createLoadBalancer(r -> r.name("other").subnets("subnet-12345678", "subnet-87654321"))
                .loadBalancers().get(0).loadBalancerArn();
        assertThatThrownBy(() -> local.elb.createListener(r -> r.loadBalancerArn(other).protocol("HTTP").port(80)
                .defaultActions(a -> a.type("forward").targetGroupArn(api))))
                .isInstanceOf(TargetGroupAssociationLimitException.class);
        assertThatThrownBy(() -> local.elb.deleteTargetGroup(r -> r.targetGroupArn(api)))
                .isInstanceOf(ResourceInUseException.class);
        local.elb.deleteLoadBalancer(r -> r.loadBalancerArn(alb));
        assertThatThrownBy(() -> local.elb.describeListeners(r -> r.listenerArns(l.listenerArn())))
                .isInstanceOf(ListenerNotFoundException.class);
        local.elb.deleteTargetGroup(r -> r.targetGroupArn(api));
    }

    @Test
    void nlbListenersPairProtocolsAndGatewayListenersTakeNoPort() {
        String nlb = local.elb.createLoadBalancer(r -> r.name("nlb").type("network").subnets("subnet-12345678"))
                .loadBalancers().get(0).loadBalancerArn();
        String udp = local.elb.createTargetGroup(r -> r.name("udp").protocol("UDP").port(53).vpcId("vpc-12345678"))
                .targetGroups().get(0).targetGroupArn();
        assertThat(error(() -> local.elb.createListener(r -> r.loadBalancerArn(nlb).protocol("TCP").port(53)
                .defaultActions(a -> a.type("forward").targetGroupArn(udp)))))
                .startsWith("IncompatibleProtocols: TCP listeners cannot forward to UDP target groups");
        local.elb.createListener(r -> r.loadBalancerArn(nlb).protocol("UDP").port(53)
                .defaultActions(a -> a.type("forward").targetGroupArn(udp)));
        String gwlb = local.elb.createLoadBalancer(r -> r.name("gw").type("gateway").subnets("subnet-12345678"))
                .loadBalancers().get(0).loadBalancerArn();
        String geneve = local.elb.createTargetGroup(r -> r.name("appliances").protocol("GENEVE").port(6081)
                .vpcId("vpc-12345678")).targetGroups().get(0).targetGroupArn();
        assertThat(error(() -> local.elb.createListener(r -> r.loadBalancerArn(gwlb).port(6081)
                .defaultActions(a -> a.type("forward").targetGroupArn(geneve)))))
                .isEqualTo("ValidationError: A port cannot be specified for gateway listeners");
        Listener gw = local.elb.createListener(r -> r.loadBalancerArn(gwlb)
                .defaultActions(a -> a.type("forward").targetGroupArn(geneve))).listeners().get(0);
        assertThat(gw.port()).isNull();
    }

    @Test
    void extraCertificatesAttributesAndPoliciesAreServed() {
        Listener l = local.elb.createListener(r -> r.loadBalancerArn(alb).protocol("HTTPS").port(443)
                .certificates(c -> c.certificateArn(CERT)).defaultActions(a -> a.type("forward").targetGroupArn(web)))
                .listeners().get(0);
        assertThat(l.sslPolicy()).isEqualTo("ELBSecurityPolicy-2016-08");
        String second = CERT.replace("12345678-1234", "87654321-4321");
        local.elb.addListenerCertificates(r -> r.listenerArn(l.listenerArn()).certificates(c -> c.certificateArn(second)));
        assertThat(local.elb.describeListenerCertificates(r -> r.listenerArn(l.listenerArn())).certificates())
                .extracting(c -> c.certificateArn() + " " + c.isDefault()).containsExactly(CERT + " true", second + " false");
        local.elb.modifyListenerAttributes(r -> r.listenerArn(l.listenerArn())
                .attributes(a -> a.key("routing.http.response.server.enabled").value("false")));
        assertThat(local.elb.describeListenerAttributes(r -> r.listenerArn(l.listenerArn())).attributes())
                .extracting(a -> a.key() + "=" + a.value()).containsExactly("routing.http.response.server.enabled=false");
        var policy = local.elb.describeSSLPolicies(r -> r.names("ELBSecurityPolicy-TLS13-1-2-2021-06")).sslPolicies().get(0);
        assertThat(policy.sslProtocols()).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(policy.ciphers().get(0).name()).isEqualTo("TLS_AES_128_GCM_SHA256");
        assertThat(policy.ciphers().get(0).priority()).isEqualTo(1);
        var page1 = local.elb.describeSSLPolicies(r -> r.pageSize(5));
        assertThat(page1.sslPolicies()).hasSize(5);
        var page2 = local.elb.describeSSLPolicies(r -> r.pageSize(5).marker(page1.nextMarker()));
        assertThat(page2.sslPolicies()).hasSize(5).doesNotContainAnyElementsOf(page1.sslPolicies());
    }

    @Test
    void listenersAndRulesSurviveARestart() throws InterruptedException {
        Listener l = http();
        Rule r1 = rule(l, 7, "/api/*");
        local.restart();
        assertThat(local.elb.describeListeners(r -> r.loadBalancerArn(alb)).listeners()).containsExactly(l);
        assertThat(local.elb.describeRules(r -> r.ruleArns(r1.ruleArn())).rules()).containsExactly(r1);
    }

    private Rule rule(Listener l, int priority, String path) {
        return local.elb.createRule(r -> r.listenerArn(l.listenerArn()).priority(priority)
                .conditions(c -> c.field("path-pattern").values(path))
                .actions(a -> a.type("forward").targetGroupArn(api))).rules().get(0);
    }
}
