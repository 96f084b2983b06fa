package io.lbctl.backend.local;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * TLS over {@link LineClient}'s line protocol with the JDK's own TLS, independent of the
 * runtime's BoringSSL: server contexts for TLS targets from {@link TestCertificates}' PEM files,
 * and a client whose server name, protocol versions, ciphers and ALPN offer are each set or left
 * out, which trusts any certificate (the tests check which one came, not who signed it).
 */
final class TlsLines {
    /** A client connection after its handshake: what was negotiated, and the line protocol over it. */
    record Connection(LineClient lines, String protocol, String cipher, String certificateSubject, String alpn)
            implements AutoCloseable {
        @Override
        public void close() throws IOException {
            lines.close();
        }
    }

    private TlsLines() {
    }

    /** A server context presenting the certificate in {@code files}. */
    static SSLContext server(TestCertificates.PemFiles files) throws Exception {
        Certificate cert;
        try (InputStream in = Files.newInputStream(files.certificate())) {
            cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        String pem = Files.readString(files.privateKey()).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        var key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("target", key, new char[0], new Certificate[] {cert});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /**
     * Connects and shakes hands; {@code sni} null sends no server name, and {@code protocols},
     * {@code ciphers} (Java names) and {@code alpn} null leave the JDK's defaults (no ALPN at all).
     *
     * @throws IOException when the connection or the handshake fails
     */
    static Connection connect(String node, int port, String sni, List<String> protocols, List<String> ciphers,
                              List<String> alpn) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        try {
            socket.connect(new InetSocketAddress(node, port), 5_000);
            socket.setSoTimeout(5_000);
            SSLParameters params = socket.getSSLParameters();
            params.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
            if (protocols != null) {
                params.setProtocols(protocols.toArray(String[]::new));
            }
            if (ciphers != null) {
                params.setCipherSuites(ciphers.toArray(String[]::new));
            }
            if (alpn != null) {
                params.setApplicationProtocols(alpn.toArray(String[]::new));
            }
            socket.setSSLParameters(params);
            socket.startHandshake();
            var session = socket.getSession();
            String subject = ((X509Certificate) session.getPeerCertificates()[0]).getSubjectX500Principal().getName();
            String agreed = socket.getApplicationProtocol();
            return new Connection(new LineClient(socket), session.getProtocol(), session.getCipherSuite(), subject,
                    agreed == null || agreed.isEmpty() ? "-" : agreed);
        } catch (Exception e) {
            socket.close();
            throw e;
        }
    }
}
