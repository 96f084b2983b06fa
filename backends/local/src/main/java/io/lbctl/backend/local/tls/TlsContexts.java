package io.lbctl.backend.local.tls;

import io.lbctl.model.aws.SslPolicyCatalog;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.CipherSuiteConverter;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * Builds TLS contexts the way ELB negotiates, for ALB HTTPS and NLB TLS listeners alike: a
 * listener offers exactly its SSL policy's protocol versions and ciphers, and the server's cipher
 * order wins. BoringSSL (netty-tcnative) is used when it loads, since it speaks OpenSSL's cipher
 * names and is faster than the JDK; the JDK provider stands in otherwise. Contexts are cached,
 * because routes are rebuilt on every store change and a handshake context is costly to make.
 */
public final class TlsContexts {
    private static final SslProvider PROVIDER = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    private static final boolean BORINGSSL = OpenSsl.isAvailable() && OpenSsl.versionString().contains("BoringSSL");
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(TlsContexts.class.getName());
    private static final java.util.Set<String> WARNED = ConcurrentHashMap.newKeySet();
    private static volatile SslContext targetClient;

    /**
     * What an NLB uses towards TLS targets when its listener's policy allows TLS 1.3
     * (elbv2-semantics.md section 5, after the current NLB guide; the 2023 guide named 2016-08 for all).
     */
    static final String NLB_TARGET_POLICY_TLS13 = "ELBSecurityPolicy-TLS13-1-0-2021-06";
    /** ... and otherwise, AWS's long-standing back-end policy. */
    static final String NLB_TARGET_POLICY = "ELBSecurityPolicy-2016-08";

    private final Map<String, SslContext> servers = new ConcurrentHashMap<>();
    private final Map<String, SslContext> nlbTargets = new ConcurrentHashMap<>();

    /**
     * The server context for one certificate under one policy; {@code alpn} lists the
     * application protocols offered, most preferred first (empty for none).
     *
     * @throws IllegalArgumentException when the policy is unknown or the provider refuses it
     */
    public SslContext server(ServerCertificate cert, String policyName, List<String> alpn) {
        String key = cert.arn() + "|" + cert.certificateFile() + "|" + policyName + "|" + alpn;
        return servers.computeIfAbsent(key, k -> build(cert, policyName, alpn));
    }

    private static SslContext build(ServerCertificate cert, String policyName, List<String> alpn) {
        SslPolicyCatalog.SslPolicy policy = SslPolicyCatalog.find(policyName)
                .orElseThrow(() -> new IllegalArgumentException("unknown SSL policy " + policyName));
        List<String> ciphers = ciphers(policy);
        try {
            SslContextBuilder b = SslContextBuilder.forServer(cert.certificateFile().toFile(), cert.privateKeyFile().toFile())
                    .sslProvider(PROVIDER)
                    .protocols(policy.sslProtocols())
                    .ciphers(ciphers, SupportedCipherSuiteFilter.INSTANCE);
            if (!alpn.isEmpty()) {
                b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn));
            }
            SslContext context = b.build();
            List<String> missing = ciphers.stream().filter(c -> !context.cipherSuites().contains(c)).toList();
            if (!missing.isEmpty() && WARNED.add(policyName)) {
                LOG.warning("SSL policy " + policyName + ": this TLS library (" + PROVIDER + ") lacks " + missing
                        + "; clients that offer only those are refused here though AWS would serve them");
            }
            return context;
        } catch (SSLException e) {
            throw new IllegalArgumentException("SSL policy " + policyName + " with certificate " + cert.arn()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * The policy's ciphers in its order, in Java's names: Netty filters and orders by those for
     * either provider, and a name it does not know would silently fall back to its defaults.
     */
    static List<String> ciphers(SslPolicyCatalog.SslPolicy policy) {
        return policy.ciphers().stream().map(c -> c.startsWith("TLS_") ? c : CipherSuiteConverter.toJava(c, "TLS"))
                .filter(java.util.Objects::nonNull).toList();
    }

    /**
     * The context for a network load balancer's connections to a TLS target group, under the
     * back-end policy AWS picks from the listener's ({@link #nlbTargetPolicy}). Like AWS it does
     * not check the target's certificate. It offers {@code alpn} by ALPN: the protocol agreed with
     * the client, so a target speaks what the client expects, or nothing when none was agreed.
     */
    public SslContext nlbTarget(String listenerPolicy, List<String> alpn) {
        String policyName = nlbTargetPolicy(listenerPolicy);
        return nlbTargets.computeIfAbsent(policyName + "|" + alpn, k -> {
            SslPolicyCatalog.SslPolicy policy = SslPolicyCatalog.find(policyName).orElseThrow();
            try {
                SslContextBuilder b = SslContextBuilder.forClient().sslProvider(PROVIDER)
                        .trustManager(InsecureTrustManagerFactory.INSTANCE)
                        .protocols(policy.sslProtocols()).ciphers(ciphers(policy), SupportedCipherSuiteFilter.INSTANCE);
                if (!alpn.isEmpty()) {
                    b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn));
                }
                return b.build();
            } catch (SSLException e) {
                throw new IllegalStateException("no TLS client context for " + policyName + ": " + e.getMessage(), e);
            }
        });
    }

    /** TLS13-1-0-2021-06 when the listener's policy allows TLS 1.3, else 2016-08 (AWS offers no choice). */
    public static String nlbTargetPolicy(String listenerPolicy) {
        boolean tls13 = SslPolicyCatalog.find(listenerPolicy).map(p -> p.sslProtocols().contains("TLSv1.3")).orElse(false);
        return tls13 ? NLB_TARGET_POLICY_TLS13 : NLB_TARGET_POLICY;
    }

    /** ALPN names for an ALB HTTPS listener: HTTP/2 first when the load balancer allows it. */
    public static List<String> albAlpn(boolean http2) {
        return http2 ? List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1)
                : List.of(ApplicationProtocolNames.HTTP_1_1);
    }

    /** The OpenSSL name of a negotiated cipher, as ALB's x-amzn-tls-cipher-suite header gives it. */
    public static String openSslCipherName(String negotiated) {
        if (negotiated.startsWith("TLS_AES_") || negotiated.startsWith("TLS_CHACHA20_")) {
            return negotiated; // TLS 1.3 suites have one name in both worlds
        }
        String name = CipherSuiteConverter.toOpenSsl(negotiated, BORINGSSL);
        return name == null ? negotiated : name;
    }

    /**
     * The context for connections to HTTPS targets and HTTPS health checks. ALB does not check
     * a target's certificate, so neither does this; it offers HTTP/1.1 only.
     */
    public static SslContext targetClient() {
        SslContext c = targetClient;
        if (c == null) {
            synchronized (TlsContexts.class) {
                if (targetClient == null) {
                    try {
                        targetClient = SslContextBuilder.forClient().sslProvider(PROVIDER)
                                .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
                    } catch (SSLException e) {
                        throw new IllegalStateException("no TLS client context: " + e.getMessage(), e);
                    }
                }
                c = targetClient;
            }
        }
        return c;
    }
}
