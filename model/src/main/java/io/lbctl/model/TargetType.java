package io.lbctl.model;

/** What a target group's target ids name: instances, IP addresses, a Lambda function or an ALB. */
public enum TargetType implements WireEnum {
    INSTANCE("instance"), IP("ip"), LAMBDA("lambda"), ALB("alb");

    private final String wireName;

    TargetType(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
