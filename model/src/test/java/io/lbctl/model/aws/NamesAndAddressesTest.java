package io.lbctl.model.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamesAndAddressesTest {

    @ParameterizedTest(name = "load balancer name ''{0}'' -> {1}")
    @CsvSource(nullValues = "ok", value = {
            "my-alb, ok", "a, ok", "abcdefghijabcdefghijabcdefghij12, ok",
            "abcdefghijabcdefghijabcdefghij123, name.length", "'', name.length", "-alb, name.hyphen",
            "alb-, name.hyphen", "my_alb, name.characters", "internal-web, name.reserved-prefix"})
    void loadBalancerNamesFollowAws(String name, String code) {
        assertThat(ElbNames.checkLoadBalancerName(name).map(Violation::code).orElse(null)).isEqualTo(code);
    }

    @ParameterizedTest(name = "''{0}'' is an IP: {1}")
    @CsvSource({"10.0.1.10, true", "10.0.1, false", "10.0.1.256, false", "010.0.0.1, false", "::1, true",
            "2001:db8::1, true", "fe80::1%eth0, false", "example.com, false", "1.2.3.4.5, false", "'', false"})
    void ipLiteralsParseWithoutNameResolution(String text, boolean ip) {
        assertThat(IpAddresses.parse(text)).as(text).matches(o -> o.isPresent() == ip);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "ok", value = {
            "INSTANCE, i-0123456789abcdef0, ok", "INSTANCE, i-12345678, ok", "INSTANCE, i-123, target.id.instance",
            "IP, 10.0.1.10, ok", "IP, 192.168.1.50, ok", "IP, 100.64.0.1, ok", "IP, 127.0.0.1, target.id.unroutable",
            "IP, 8.8.8.8, target.id.public", "IP, 2001:db8::1, target.id.family", "IP, web, target.id.ip",
            "LAMBDA, arn:aws:lambda:us-east-1:123456789012:function:my-fn, ok", "LAMBDA, my-fn, target.id.lambda",
            "ALB, arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1234567890abcdef, ok"})
    void targetIdsMatchTheirTargetType(io.lbctl.model.TargetType type, String id, String code) {
        assertThat(TargetRules.checkId(type, io.lbctl.model.IpAddressType.IPV4, id).map(Violation::code).orElse(null))
                .isEqualTo(code);
    }
}
