package io.lbctl.backend.local.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.util.DomainWildcardMappingBuilder;
import io.netty.util.Mapping;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * SNI selection over a listener's certificates, as both ALB HTTPS and NLB TLS listeners do it: a
 * client's server name picks the certificate whose names match it (wildcards one label deep); no
 * name, or no match, gets the default certificate, the listener's first. The other certificates
 * are those AddListenerCertificates added. One builder serves both load-balancer types so that the
 * two can never select differently.
 */
public final class SniMappings {
    private static final Logger LOG = Logger.getLogger(SniMappings.class.getName());

    private SniMappings() {
    }

    /**
     * The mapping from server name to context for a listener's certificates (default first) under
     * {@code policy}, offering {@code alpn} (most preferred first, empty for none). A certificate
     * without PEM files is a problem only when it is the default; the others are left out and
     * logged, so one missing extra does not take a whole listener down.
     *
     * @throws IllegalArgumentException with the reason when the default certificate cannot serve
     */
    public static Mapping<String, SslContext> build(CertificateStore certificates, TlsContexts contexts, String listenerArn,
                                                    List<String> certificateArns, String policy, List<String> alpn) {
        List<String> missing = new ArrayList<>();
        List<ServerCertificate> known = new ArrayList<>();
        for (String arn : certificateArns) {
            certificates.find(arn).ifPresentOrElse(known::add, () -> missing.add(arn));
        }
        if (certificateArns.isEmpty() || !missing.isEmpty() && missing.get(0).equals(certificateArns.get(0))) {
            throw new IllegalArgumentException("certificate " + (missing.isEmpty() ? "(none)" : missing.get(0))
                    + " has no PEM files here: map it under certificates: in the overlay");
        }
        if (!missing.isEmpty()) {
            LOG.warning("listener " + listenerArn + " serves without certificates that have no PEM files: " + missing);
        }
        DomainWildcardMappingBuilder<SslContext> sni = new DomainWildcardMappingBuilder<>(
                contexts.server(known.get(0), policy, alpn));
        for (ServerCertificate cert : known.reversed()) {
            SslContext context = contexts.server(cert, policy, alpn);
            cert.hostNames().forEach(name -> sni.add(name, context)); // the earlier certificate wins a shared name
        }
        return sni.build();
    }
}
