package io.lbctl.backend.local;

import static io.lbctl.backend.local.LoadBalancerApiTest.error;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;

/** Every describe pages with Marker/PageSize, and every kind of ARN has its own not-found code. */
@SuppressWarnings("unchecked") // the SDK builders take Consumer varargs
class PagingAndLookupApiTest extends LocalRuntimeTestBase {

    @Test
    void everyDescribePagesWithMarkers() {
        String lb = local.elb.createLoadBalancer(r -> r.name("web").subnets("subnet-12345678", "subnet-87654321"))
                .loadBalancers().get(0).loadBalancerArn();
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            groups.add(local.elb.createTargetGroup(r -> r.name("g" + n).protocol("HTTP").port(80)
                    .vpcId("vpc-12345678")).targetGroups().get(0).targetGroupArn());
        }
        List<Listener> listeners = new ArrayList<>();
        for (int port = 80; port < 83; port++) {
            int p = port;
            listeners.add(local.elb.createListener(r -> r.loadBalancerArn(lb).protocol("HTTP").port(p)
                    .defaultActions(a -> a.type("fixed-response").fixedResponseConfig(f -> f.statusCode("404"))))
                    .listeners().get(0));
        }
        String first = listeners.get(0).listenerArn();
        for (int priority = 1; priority <= 3; priority++) {
            int p = priority;
            local.elb.createRule(r -> r.listenerArn(first).priority(p).conditions(c -> c.field("path-pattern")
                    .values("/" + p)).actions(a -> a.type("forward").targetGroupArn(groups.get(0))));
        }
        assertThat(local.elb.describeTargetGroupsPaginator(r -> r.pageSize(2)).targetGroups()).hasSize(3);
        assertThat(local.elb.describeListenersPaginator(r -> r.loadBalancerArn(lb).pageSize(2)).listeners())
                .extracting(Listener::port).containsExactly(80, 81, 82);
        var page1 = local.elb.describeRules(r -> r.listenerArn(first).pageSize(2));
        var page2 = local.elb.describeRules(r -> r.listenerArn(first).pageSize(2).marker(page1.nextMarker()));
        assertThat(page1.rules()).extracting(Rule::priority).containsExactly("1", "2");
        assertThat(page2.rules()).extracting(Rule::priority).containsExactly("3", "default");
        assertThat(page2.nextMarker()).isNull();
        var limits = local.elb.describeAccountLimits(r -> r.pageSize(5));
        assertThat(limits.limits()).hasSize(5);
        assertThat(limits.nextMarker()).isNotNull();
        assertThat(error(() -> local.elb.describeTargetGroups(r -> r.pageSize(401))))
                .contains("Member must have value between 1 and 400");
    }

    @Test
    void eachKindOfArnHasItsOwnNotFoundCode() {
        String prefix = "arn:aws:elasticloadbalancing:us-east-1:123456789012:";
        assertThat(error(() -> local.elb.describeLoadBalancers(r -> r.loadBalancerArns(prefix
                + "loadbalancer/app/gone/0123456789abcdef")))).startsWith("LoadBalancerNotFound:");
        assertThat(error(() -> local.elb.describeTargetGroups(r -> r.targetGroupArns(prefix
                + "targetgroup/gone/0123456789abcdef")))).startsWith("TargetGroupNotFound:");
        assertThat(error(() -> local.elb.describeListeners(r -> r.listenerArns(prefix
                + "listener/app/gone/0123456789abcdef/0123456789abcdef")))).startsWith("ListenerNotFound:");
        assertThat(error(() -> local.elb.describeRules(r -> r.ruleArns(prefix
                + "listener-rule/app/gone/0123456789abcdef/0123456789abcdef/0123456789abcdef")))).startsWith("RuleNotFound:");
        assertThat(error(() -> local.elb.describeTags(r -> r.resourceArns(prefix
                + "listener-rule/app/gone/0123456789abcdef/0123456789abcdef/0123456789abcdef")))).startsWith("RuleNotFound:");
        assertThat(error(() -> local.elb.describeLoadBalancers(r -> r.loadBalancerArns("not-an-arn"))))
                .startsWith("ValidationError:");
    }

    @Test
    void listenersRulesAndDefaultRulesCarryTags() {
        String lb = local.elb.createLoadBalancer(r -> r.name("web").subnets("subnet-12345678", "subnet-87654321"))
                .loadBalancers().get(0).loadBalancerArn();
        Listener l = local.elb.createListener(r -> r.loadBalancerArn(lb).protocol("HTTP").port(80)
                .defaultActions(a -> a.type("fixed-response").fixedResponseConfig(f -> f.statusCode("404")))
                .tags(t -> t.key("tier").value("edge"))).listeners().get(0);
        String defaultRule = local.elb.describeRules(r -> r.listenerArn(l.listenerArn())).rules().get(0).ruleArn();
        local.elb.addTags(r -> r.resourceArns(defaultRule).tags(t -> t.key("kind").value("default")));
        var tags = local.elb.describeTags(r -> r.resourceArns(l.listenerArn(), defaultRule)).tagDescriptions();
        assertThat(tags).extracting(d -> d.tags().get(0).key() + "=" + d.tags().get(0).value())
                .containsExactly("tier=edge", "kind=default");
    }
}
