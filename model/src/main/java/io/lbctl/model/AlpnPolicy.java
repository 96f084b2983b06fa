package io.lbctl.model;

import java.util.List;

/** A TLS listener's ALPN policy and the protocol preference list it stands for. */
public enum AlpnPolicy implements WireEnum {
    HTTP1_ONLY("HTTP1Only", List.of("http/1.1", "http/1.0")),
    HTTP2_ONLY("HTTP2Only", List.of("h2")),
    HTTP2_OPTIONAL("HTTP2Optional", List.of("http/1.1", "http/1.0", "h2")),
    HTTP2_PREFERRED("HTTP2Preferred", List.of("h2", "http/1.1", "http/1.0")),
    NONE("None", List.of());

    private final String wireName;
    private final List<String> protocols;

    AlpnPolicy(String wireName, List<String> protocols) {
        this.wireName = wireName;
        this.protocols = protocols;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The ALPN protocol ids offered, most preferred first; empty for {@link #NONE}. */
    public List<String> protocols() {
        return protocols;
    }
}
