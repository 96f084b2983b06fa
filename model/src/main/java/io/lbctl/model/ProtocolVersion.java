package io.lbctl.model;

/** The HTTP version an ALB target group speaks to its targets. */
public enum ProtocolVersion implements WireEnum {
    HTTP1, HTTP2, GRPC;

    @Override
    public String wireName() {
        return name();
    }
}
