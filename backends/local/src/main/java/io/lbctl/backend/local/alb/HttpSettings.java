package io.lbctl.backend.local.alb;

import java.util.Map;

/**
 * The load-balancer attributes the data plane reads on every request or connection, parsed once
 * per configuration rather than looked up and parsed per request. Missing attributes take AWS's
 * defaults.
 */
record HttpSettings(
        int idleTimeoutSeconds,
        int clientKeepAliveSeconds,
        boolean http2,
        String desyncMitigationMode,
        boolean dropInvalidHeaderFields,
        boolean tlsVersionAndCipherHeaders,
        boolean preserveHostHeader,
        boolean xffClientPort,
        String xffMode) {

    static HttpSettings of(Map<String, String> attributes) {
        return new HttpSettings(
                Integer.parseInt(attributes.getOrDefault("idle_timeout.timeout_seconds", "60")),
                Integer.parseInt(attributes.getOrDefault("client_keep_alive.seconds", "3600")),
                enabled(attributes, "routing.http2.enabled", true),
                attributes.getOrDefault("routing.http.desync_mitigation_mode", "defensive"),
                enabled(attributes, "routing.http.drop_invalid_header_fields.enabled", false),
                enabled(attributes, "routing.http.x_amzn_tls_version_and_cipher_suite.enabled", false),
                enabled(attributes, "routing.http.preserve_host_header.enabled", false),
                enabled(attributes, "routing.http.xff_client_port.enabled", false),
                attributes.getOrDefault("routing.http.xff_header_processing.mode", "append"));
    }

    /** Whether a client connection opened at {@code openedAtMillis} has outlived the keep-alive duration. */
    boolean keepAliveOver(long openedAtMillis, long nowMillis) {
        return nowMillis - openedAtMillis >= clientKeepAliveSeconds * 1000L;
    }

    private static boolean enabled(Map<String, String> attributes, String key, boolean fallback) {
        return Boolean.parseBoolean(attributes.getOrDefault(key, Boolean.toString(fallback)));
    }
}
