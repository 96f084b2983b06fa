package io.lbctl.model;

/** Whether a load balancer's nodes face the internet or only the VPC. */
public enum Scheme implements WireEnum {
    INTERNET_FACING("internet-facing"), INTERNAL("internal");

    private final String wireName;

    Scheme(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
