package io.lbctl.model;

/** The three ELBv2 load-balancer types; classic load balancers are a separate resource. */
public enum LoadBalancerType implements WireEnum {
    APPLICATION("application", "app"),
    NETWORK("network", "net"),
    GATEWAY("gateway", "gwy");

    private final String wireName;
    private final String arnSegment;

    LoadBalancerType(String wireName, String arnSegment) {
        this.wireName = wireName;
        this.arnSegment = arnSegment;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The type's segment in a load-balancer ARN: {@code loadbalancer/app/...}. */
    public String arnSegment() {
        return arnSegment;
    }
}
