package io.lbctl.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateLoadBalancerNameException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.OperationNotPermittedException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.SubnetNotFoundException;

/** Load balancers through the real SDK client: create, describe, page, delete, set, and the errors. */
@SuppressWarnings("unchecked") // the SDK builders take Consumer varargs
class LoadBalancerApiTest extends LocalRuntimeTestBase {



    private LoadBalancer createAlb(String name) {
        return local.elb.createLoadBalancer(r -> r.name(name).subnets("subnet-12345678", "subnet-87654321")
                .securityGroups("sg-12345678")).loadBalancers().get(0);
    }

    @Test
    void aNewApplicationLoadBalancerIsProvisioningThenActive() {
        LoadBalancer lb = createAlb("web");
        assertThat(lb.loadBalancerArn()).matches(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/[0-9a-f]{16}");
        assertThat(lb.dnsName()).matches("web-\\d+\\.us-east-1\\.elb\\.amazonaws\\.com");
        assertThat(lb.type()).isEqualTo(LoadBalancerTypeEnum.APPLICATION);
        assertThat(lb.scheme()).isEqualTo(LoadBalancerSchemeEnum.INTERNET_FACING);
        assertThat(lb.state().code()).isEqualTo(LoadBalancerStateEnum.PROVISIONING);
        assertThat(lb.securityGroups()).containsExactly("sg-12345678");
        local.clock.advance(Duration.ofSeconds(3));
        LoadBalancer later = local.elb.describeLoadBalancers(r -> r.names("web")).loadBalancers().get(0);
        assertThat(later.state().code()).isEqualTo(LoadBalancerStateEnum.ACTIVE);
    }

    @Test
    void eachZoneReportsItsNodesLoopbackAddress() {
        LoadBalancer lb = local.elb.createLoadBalancer(r -> r.name("my-network-load-balancer").type("network")
                .scheme("internet-facing").subnets("subnet-12345678", "subnet-87654321")).loadBalancers().get(0);
        assertThat(lb.availabilityZones()).extracting(z -> z.zoneName() + " " + z.subnetId() + " "
                        + z.loadBalancerAddresses().get(0).ipAddress())
                .containsExactly("us-east-1a subnet-12345678 127.0.0.2", "us-east-1b subnet-87654321 127.0.0.3");
        assertThat(lb.dnsName()).matches("my-network-load-balancer-[0-9a-f]{16}\\.elb\\.us-east-1\\.amazonaws\\.com");
    }

    @Test
    void describeFindsByNameAndArnAndPagesWithMarkers() {
        createAlb("a");
        createAlb("b");
        LoadBalancer c = createAlb("c");
        var first = local.elb.describeLoadBalancers(r -> r.pageSize(2));
        assertThat(first.loadBalancers()).extracting(LoadBalancer::loadBalancerName).containsExactly("a", "b");
        assertThat(first.nextMarker()).isNotBlank();
        var second = local.elb.describeLoadBalancers(r -> r.pageSize(2).marker(first.nextMarker()));
        assertThat(second.loadBalancers()).extracting(LoadBalancer::loadBalancerName).containsExactly("c");
        assertThat(second.nextMarker()).isNull();
        assertThat(local.elb.describeLoadBalancersPaginator(r -> r.pageSize(1)).loadBalancers())
                .extracting(LoadBalancer::loadBalancerName).containsExactly("a", "b", "c");
        assertThat(local.elb.describeLoadBalancers(r -> r.loadBalancerArns(c.loadBalancerArn())).loadBalancers())
                .extracting(LoadBalancer::loadBalancerName).containsExactly("c");
        assertThatThrownBy(() -> local.elb.describeLoadBalancers(r -> r.names("nope")))
                .isInstanceOf(LoadBalancerNotFoundException.class);
        assertThatThrownBy(() -> local.elb.describeLoadBalancers(r -> r.marker("garbage")))
                .satisfies(e -> assertThat(code(e)).isEqualTo("ValidationError"));
    }

    @Test
    void createIsIdempotentButADifferentLoadBalancerCannotTakeTheName() {
        LoadBalancer first = createAlb("web");
        assertThat(createAlb("web").loadBalancerArn()).isEqualTo(first.loadBalancerArn());
        assertThatThrownBy(() -> local.elb.createLoadBalancer(r -> r.name("web").type("network")
                .subnets("subnet-12345678"))).isInstanceOf(DuplicateLoadBalancerNameException.class);
    }

    @Test
    void awsRulesForPlacementAndNamesAreEnforced() {
        assertThat(error(() -> local.elb.createLoadBalancer(r -> r.name("web").subnets("subnet-12345678"))))
                .isEqualTo("ValidationError: At least two subnets in two different Availability Zones must be specified");
        assertThatThrownBy(() -> local.elb.createLoadBalancer(r -> r.name("web").type("network").subnets("subnet-99999999")))
                .isInstanceOf(SubnetNotFoundException.class);
        assertThat(error(() -> local.elb.createLoadBalancer(r -> r.name("-web").type("network").subnets("subnet-12345678"))))
                .isEqualTo("ValidationError: load balancer name '-web' must not begin or end with a hyphen");
        assertThat(error(() -> local.elb.createLoadBalancer(r -> r.name("gw").type("gateway").scheme("internal")
                .subnets("subnet-12345678"))))
                .isEqualTo("ValidationError: A scheme cannot be specified for Gateway Load Balancers");
        assertThat(error(() -> local.elb.createLoadBalancer(r -> r.name("web").type("classic")
                .subnets("subnet-12345678")))).startsWith("ValidationError: 1 validation error detected: Value 'classic'");
        assertThat(local.elb.describeLoadBalancers().loadBalancers()).isEmpty();
    }

    @Test
    void deleteIsIdempotentAndRespectsDeletionProtection() {
        LoadBalancer lb = createAlb("web");
        local.elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(lb.loadBalancerArn())
                .attributes(a -> a.key("deletion_protection.enabled").value("true")));
        assertThatThrownBy(() -> local.elb.deleteLoadBalancer(r -> r.loadBalancerArn(lb.loadBalancerArn())))
                .isInstanceOf(OperationNotPermittedException.class);
        local.elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(lb.loadBalancerArn())
                .attributes(a -> a.key("deletion_protection.enabled").value("false")));
        local.elb.deleteLoadBalancer(r -> r.loadBalancerArn(lb.loadBalancerArn()));
        local.elb.deleteLoadBalancer(r -> r.loadBalancerArn(lb.loadBalancerArn()));
        assertThat(local.elb.describeLoadBalancers().loadBalancers()).isEmpty();
    }

    @Test
    void attributesRoundTripWithAwsDefaultsAndTheSharedRules() {
        LoadBalancer nlb = local.elb.createLoadBalancer(r -> r.name("nlb").type("network").subnets("subnet-12345678"))
                .loadBalancers().get(0);
        var modified = local.elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(nlb.loadBalancerArn())
                .attributes(a -> a.key("load_balancing.cross_zone.enabled").value("true")));
        assertThat(modified.attributes()).anySatisfy(a -> {
            assertThat(a.key()).isEqualTo("load_balancing.cross_zone.enabled");
            assertThat(a.value()).isEqualTo("true");
        });
        var described = local.elb.describeLoadBalancerAttributes(r -> r.loadBalancerArn(nlb.loadBalancerArn()));
        assertThat(described.attributes()).anySatisfy(a -> {
            assertThat(a.key()).isEqualTo("deletion_protection.enabled");
            assertThat(a.value()).isEqualTo("false");
        });
        assertThat(error(() -> local.elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(nlb.loadBalancerArn())
                .attributes(a -> a.key("idle_timeout.timeout_seconds").value("60")))))
                .isEqualTo("ValidationError: attribute idle_timeout.timeout_seconds does not apply to network load balancers");
        assertThat(error(() -> local.elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(nlb.loadBalancerArn())
                .attributes(a -> a.key("load_balancing.cross_zone.enabled").value("yes")))))
                .isEqualTo("ValidationError: attribute load_balancing.cross_zone.enabled is 'yes'; it must be true or false");
    }

    @Test
    void setSubnetsSecurityGroupsAndAddressTypeChangeTheLoadBalancer() {
        LoadBalancer lb = local.elb.createLoadBalancer(r -> r.name("web").subnets("subnet-12345678", "subnet-87654321"))
                .loadBalancers().get(0);
        String arn = lb.loadBalancerArn();
        local.elb.setSubnets(r -> r.loadBalancerArn(arn).subnets("subnet-12345678", "subnet-87654321", "subnet-11111111"));
        local.elb.setSecurityGroups(r -> r.loadBalancerArn(arn).securityGroups("sg-87654321"));
        local.elb.setIpAddressType(r -> r.loadBalancerArn(arn).ipAddressType("dualstack"));
        LoadBalancer after = local.elb.describeLoadBalancers(r -> r.loadBalancerArns(arn)).loadBalancers().get(0);
        assertThat(after.availabilityZones()).hasSize(3);
        assertThat(after.securityGroups()).containsExactly("sg-87654321");
        assertThat(after.ipAddressTypeAsString()).isEqualTo("dualstack");
    }

    @Test
    void tagsAreAddedRemovedAndDescribed() {
        LoadBalancer lb = local.elb.createLoadBalancer(r -> r.name("web").subnets("subnet-12345678", "subnet-87654321")
                .tags(t -> t.key("Environment").value("Production"))).loadBalancers().get(0);
        String arn = lb.loadBalancerArn();
        local.elb.addTags(r -> r.resourceArns(arn).tags(t -> t.key("Application").value("WebApp")));
        local.elb.removeTags(r -> r.resourceArns(arn).tagKeys("Environment"));
        var tags = local.elb.describeTags(r -> r.resourceArns(arn)).tagDescriptions().get(0).tags();
        assertThat(tags).extracting(t -> t.key() + "=" + t.value()).containsExactly("Application=WebApp");
        List<software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag> many = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            many.add(software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag.builder().key("k" + n).value("v").build());
        }
        assertThat(error(() -> local.elb.addTags(r -> r.resourceArns(arn).tags(many)))).startsWith("TooManyTags:");
        assertThat(local.elb.describeTags(r -> r.resourceArns(arn)).tagDescriptions().get(0).tags()).hasSize(1);
    }

    @Test
    void aRestartKeepsEverything() throws InterruptedException {
        LoadBalancer lb = local.elb.createLoadBalancer(r -> r.name("web").subnets("subnet-12345678", "subnet-87654321")
                .tags(t -> t.key("team").value("edge"))).loadBalancers().get(0);
        local.elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(lb.loadBalancerArn())
                .attributes(a -> a.key("idle_timeout.timeout_seconds").value("120")));
        String key = local.runtime.credentials().accessKeyId();
        local.restart();
        assertThat(local.runtime.credentials().accessKeyId()).isEqualTo(key);
        LoadBalancer after = local.elb.describeLoadBalancers().loadBalancers().get(0);
        assertThat(after).isEqualTo(lb.toBuilder().state(after.state()).build());
        assertThat(local.elb.describeLoadBalancerAttributes(r -> r.loadBalancerArn(lb.loadBalancerArn())).attributes())
                .anySatisfy(a -> assertThat(a.key() + "=" + a.value()).isEqualTo("idle_timeout.timeout_seconds=120"));
        assertThat(local.elb.describeTags(r -> r.resourceArns(lb.loadBalancerArn())).tagDescriptions().get(0).tags())
                .extracting(t -> t.key()).containsExactly("team");
    }

    @Test
    void accountLimitsAreAwsDefaults() {
        assertThat(local.elb.describeAccountLimits().limits())
                .anySatisfy(l -> assertThat(l.name() + "=" + l.max()).isEqualTo("rules-per-application-load-balancer=100"));
    }

    static String code(Throwable e) {
        return ((ElasticLoadBalancingV2Exception) e).awsErrorDetails().errorCode();
    }

    static String error(Runnable call) {
        try {
            call.run();
        } catch (ElasticLoadBalancingV2Exception e) {
            return e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
        }
        throw new AssertionError("expected an error");
    }
}
