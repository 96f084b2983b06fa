package io.lbctl.model.aws;

import io.lbctl.model.IpAddressType;
import io.lbctl.model.TargetType;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;
import java.util.regex.Pattern;

/** What a target id must look like for each target type, and which IP addresses AWS accepts. */
public final class TargetRules {
    private static final Pattern INSTANCE = Pattern.compile("i-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Pattern LAMBDA = Pattern.compile(
            "arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?");
    private static final Pattern ALB = Pattern.compile(
            "arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\\d{12}:loadbalancer/app/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}");

    private TargetRules() {
    }

    /** Problems with a literal target id; {@code familyType} is the group's IP address type. */
    public static Optional<Violation> checkId(TargetType type, IpAddressType family, String id) {
        return switch (type) {
            case INSTANCE -> INSTANCE.matcher(id).matches() ? Optional.empty() : Optional.of(Violation.of(
                    "target.id.instance", "'" + id + "' is not an EC2 instance id", "instance ids look like i-0123456789abcdef0"));
            case LAMBDA -> LAMBDA.matcher(id).matches() ? Optional.empty() : Optional.of(Violation.of(
                    "target.id.lambda", "'" + id + "' is not a Lambda function ARN"));
            case ALB -> ALB.matcher(id).matches() ? Optional.empty() : Optional.of(Violation.of(
                    "target.id.alb", "'" + id + "' is not an application load balancer ARN",
                    "name a load balancer of this spec with 'loadBalancer: <id>' instead"));
            case IP -> checkIp(family, id);
        };
    }

    private static Optional<Violation> checkIp(IpAddressType family, String id) {
        Optional<InetAddress> parsed = IpAddresses.parse(id);
        if (parsed.isEmpty()) {
            return Optional.of(Violation.of("target.id.ip", "'" + id + "' is not an IP address"));
        }
        InetAddress address = parsed.get();
        boolean v6 = address instanceof Inet6Address;
        if (v6 != (family == IpAddressType.IPV6)) {
            return Optional.of(Violation.of("target.id.family", "'" + id + "' is an IPv" + (v6 ? 6 : 4)
                    + " address but the target group's ipAddressType is " + family.wireName()));
        }
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isMulticastAddress()) {
            return Optional.of(Violation.of("target.id.unroutable", "AWS cannot register '" + id + "' as a target",
                    "keep the AWS address here and point it at a local one in an overlay (README, Overlays)"));
        }
        if (!v6 && !IpAddresses.isPrivateV4(address)) {
            return Optional.of(Violation.of("target.id.public", "'" + id
                    + "' is publicly routable; AWS takes IP targets only from the VPC's subnets, 10.0.0.0/8, "
                    + "100.64.0.0/10, 172.16.0.0/12 and 192.168.0.0/16"));
        }
        return Optional.empty();
    }
}
