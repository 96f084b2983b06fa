package io.lbctl.model.aws;

/** AWS's numeric limits for ELBv2 resources, as its quotas page and API reference give them. */
public final class ElbLimits {
    public static final int MIN_PRIORITY = 1;
    public static final int MAX_PRIORITY = 50_000;
    public static final int MAX_VALUES_PER_CONDITION = 3;
    public static final int MAX_SOURCE_IP_VALUES = 5;
    public static final int MAX_VALUES_PER_RULE = 5;
    public static final int MAX_WILDCARDS_PER_RULE = 5;
    public static final int MAX_CONDITION_VALUE_LENGTH = 128;
    public static final int MAX_HEADER_NAME_LENGTH = 40;
    public static final int MAX_METHOD_LENGTH = 40;
    public static final int MAX_TARGET_GROUPS_PER_ACTION = 5;
    public static final int MAX_TARGET_GROUP_WEIGHT = 999;
    public static final int MAX_STICKINESS_SECONDS = 604_800;
    public static final int MAX_FIXED_RESPONSE_BODY = 1024;
    public static final int MAX_REDIRECT_PART_LENGTH = 128;
    public static final int MAX_SECURITY_GROUPS = 5;
    public static final int MAX_TAGS = 50;
    public static final int MAX_TAG_KEY_LENGTH = 128;
    public static final int MAX_TAG_VALUE_LENGTH = 256;
    public static final int MAX_RULES_PER_LOAD_BALANCER = 100;
    public static final int MAX_LISTENERS_PER_LOAD_BALANCER = 50;
    public static final int MAX_CERTIFICATES_PER_LISTENER = 25;
    public static final int MAX_TARGETS_PER_TARGET_GROUP = 1000;
    public static final int GENEVE_PORT = 6081;

    private ElbLimits() {
    }
}
