package io.lbctl.backend.local.store;

import io.lbctl.model.LoadBalancerType;
import java.security.SecureRandom;
import java.util.HexFormat;

/** ARNs and DNS names in AWS's formats, for one region and account. */
public record Arns(String region, String account) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** 16 lowercase hex digits, as AWS's resource ids are. */
    public static String newId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private String prefix() {
        return "arn:aws:elasticloadbalancing:" + region + ":" + account + ":";
    }

    public String loadBalancer(LoadBalancerType type, String name, String id) {
        return prefix() + "loadbalancer/" + type.arnSegment() + "/" + name + "/" + id;
    }

    public String targetGroup(String name, String id) {
        return prefix() + "targetgroup/" + name + "/" + id;
    }

    /** A listener ARN continues its load balancer's: listener/app/name/lbid/listenerid. */
    public String listener(String loadBalancerArn, String id) {
        return loadBalancerArn.replace(":loadbalancer/", ":listener/") + "/" + id;
    }

    public String rule(String listenerArn, String id) {
        return listenerArn.replace(":listener/", ":listener-rule/") + "/" + id;
    }

    /**
     * AWS's DNS name shapes: {@code name-123.region.elb.amazonaws.com} for application load
     * balancers (with {@code internal-} for internal ones), {@code name-hex.elb.region.amazonaws.com}
     * for network and gateway ones.
     */
    public String dnsName(LoadBalancerType type, boolean internal, String name, String id) {
        String host = (internal ? "internal-" : "") + name + "-";
        if (type == LoadBalancerType.APPLICATION) {
            return host + Long.parseUnsignedLong(id.substring(0, 9), 16) % 10_000_000_000L + "." + region
                    + ".elb.amazonaws.com";
        }
        return host + id + ".elb." + region + ".amazonaws.com";
    }
}
