package io.lbctl.model;

/** Listener, target-group and health-check protocols, as AWS's {@code ProtocolEnum} names them. */
public enum Protocol implements WireEnum {
    HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP, GENEVE;

    @Override
    public String wireName() {
        return name();
    }

    /** True for protocols that carry HTTP requests the load balancer parses (ALB protocols). */
    public boolean isHttp() {
        return this == HTTP || this == HTTPS;
    }

    /** True for protocols whose front end terminates TLS and therefore needs a certificate. */
    public boolean terminatesTls() {
        return this == HTTPS || this == TLS;
    }
}
