package io.lbctl.model;

/** Address families of a load balancer ({@code ipv4}, {@code dualstack}, ...) or a target group ({@code ipv4}, {@code ipv6}). */
public enum IpAddressType implements WireEnum {
    IPV4("ipv4"), IPV6("ipv6"), DUALSTACK("dualstack"), DUALSTACK_WITHOUT_PUBLIC_IPV4("dualstack-without-public-ipv4");

    private final String wireName;

    IpAddressType(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
