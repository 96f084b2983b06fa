package io.lbctl.backend.local.tls;

import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The certificates the runtime knows, by ARN. AWS keeps certificates in ACM or IAM; locally an
 * overlay names the PEM files that stand for each ARN. Files are read and checked when they are
 * registered, so a wrong path or a key that does not fit fails at once with its reason rather
 * than at the first handshake.
 */
public final class CertificateStore {
    private final Map<String, ServerCertificate> byArn = new ConcurrentHashMap<>();
    private final Optional<CertificateRegistry> registry;
    /** ARNs whose files came from the registry: read again once it changes, since they may map elsewhere now. */
    private final java.util.Set<String> recorded = ConcurrentHashMap.newKeySet();

    /** Only what is registered in this process. */
    public CertificateStore() {
        this.registry = Optional.empty();
    }

    /** Also what {@code registry} records, read when an ARN is first asked for. */
    public CertificateStore(CertificateRegistry registry) {
        this.registry = Optional.of(registry);
    }

    /**
     * Reads and registers the PEM files for {@code arn}.
     *
     * @throws IllegalArgumentException with a reader's message when the files cannot serve TLS
     */
    public ServerCertificate register(String arn, Path certificateFile, Path privateKeyFile) {
        List<X509Certificate> chain = readChain(certificateFile);
        try {
            SslContextBuilder.forServer(certificateFile.toFile(), privateKeyFile.toFile()).build();
        } catch (Exception | Error e) {
            throw new IllegalArgumentException("certificate " + arn + ": " + privateKeyFile
                    + " is not a PKCS#8 PEM private key matching " + certificateFile
                    + " (convert a key with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key8.pem): " + reason(e));
        }
        ServerCertificate cert = new ServerCertificate(arn, certificateFile, privateKeyFile, chain, hostNames(chain.get(0)));
        byArn.put(arn, cert);
        return cert;
    }

    public Optional<ServerCertificate> find(String arn) {
        ServerCertificate known = byArn.get(arn);
        if (known != null || registry.isEmpty()) {
            return Optional.ofNullable(known);
        }
        return registry.get().lookup(arn).flatMap(files -> {
            try {
                ServerCertificate cert = register(arn, files.certificate(), files.privateKey());
                recorded.add(arn);
                return Optional.of(cert);
            } catch (IllegalArgumentException e) {
                // Files moved or broken since they were recorded: the listener reports the ARN as missing.
                return Optional.empty();
            }
        });
    }

    /** Forgets what was read from the registry, so that the next {@link #find} reads it as it is now. */
    public void forgetRecorded() {
        recorded.forEach(byArn::remove);
        recorded.clear();
    }

    private static List<X509Certificate> readChain(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> chain = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                chain.add((X509Certificate) c);
            }
            if (chain.isEmpty()) {
                throw new IllegalArgumentException(file + " holds no PEM certificate");
            }
            return chain;
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException(file + " is not a readable PEM certificate: " + reason(e));
        }
    }

    static List<String> hostNames(X509Certificate leaf) {
        List<String> names = new ArrayList<>();
        try {
            var sans = leaf.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(2).equals(san.get(0))) { // dNSName
                        names.add(san.get(1).toString().toLowerCase(java.util.Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // an unreadable extension leaves only the common name to match
        }
        if (names.isEmpty()) {
            try {
                for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
                    if (rdn.getType().equalsIgnoreCase("CN")) {
                        names.add(rdn.getValue().toString().toLowerCase(java.util.Locale.ROOT));
                    }
                }
            } catch (InvalidNameException e) {
                // no name at all: the certificate can still be a listener's default
            }
        }
        return names;
    }

    private static String reason(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
