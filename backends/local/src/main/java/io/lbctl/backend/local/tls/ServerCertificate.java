package io.lbctl.backend.local.tls;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate a listener can present: the ARN it stands for, its PEM files, the chain read from
 * them (leaf first), and the host names it serves (DNS subject alternative names, or the
 * subject's common name when it has none), which SNI selection matches against.
 */
public record ServerCertificate(String arn, Path certificateFile, Path privateKeyFile, List<X509Certificate> chain,
                                List<String> hostNames) {
    public ServerCertificate {
        chain = List.copyOf(chain);
        hostNames = List.copyOf(hostNames);
    }
}
