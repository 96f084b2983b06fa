package io.lbctl.cli;

import io.lbctl.backend.aws.ElbV2Backend;
import io.lbctl.backend.aws.ElbV2Clients;
import io.lbctl.backend.local.LocalCredentials;
import io.lbctl.backend.local.RuntimeFile;
import io.lbctl.backend.local.tls.CertificateRegistry;
import io.lbctl.backend.local.tls.CertificateStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * Where plan, apply and destroy act: {@code --target aws} (the default when a region or profile
 * is configured: flags, AWS_REGION, AWS_DEFAULT_REGION, AWS_PROFILE) or {@code --target local},
 * the running serve-local found through its state directory, with its own keys.
 */
final class TargetOptions {
    enum Kind { aws, local }

    @Option(names = "--target", paramLabel = "WHERE", description = "aws or local (default: aws when a region or profile is set, else local).")
    Kind target;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: the SDK's chain).")
    String region;

    @Option(names = "--profile", paramLabel = "NAME", description = "Profile in ~/.aws/config and credentials.")
    String profile;

    @Option(names = "--endpoint-url", paramLabel = "URL", description = "Send ELBv2 calls here instead of AWS's endpoint.")
    URI endpoint;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "The local runtime's state directory (default: $LBCTL_STATE_DIR or ~/.lbctl/local).")
    Path stateDir;

    Kind kind() {
        if (target != null) {
            return target;
        }
        boolean configured = region != null || profile != null || env("AWS_REGION") || env("AWS_DEFAULT_REGION") || env("AWS_PROFILE");
        return configured ? Kind.aws : Kind.local;
    }

    /** The backend, or a message saying why there is none. */
    ElbV2Backend open() {
        if (kind() == Kind.local) {
            Path dir = LocalStateDir.resolve(stateDir);
            RuntimeFile running = RuntimeFile.findRunning(dir).orElseThrow(() -> new CommandFailure(
                    "no local runtime is running from " + dir + "; start one with 'lbctl serve-local', or pass --target aws"));
            return local(dir, running.region(), endpoint != null ? endpoint : running.endpoint());
        }
        return new ElbV2Backend(ElbV2Clients.create(new ElbV2Clients.Target(Optional.ofNullable(region), Optional.ofNullable(profile),
                Optional.ofNullable(endpoint), Optional.empty())), Duration.ofSeconds(10), Duration.ofMinutes(10));
    }

    /** The local runtime serving from {@code dir}, with its own keys; waiters poll it briskly. */
    static ElbV2Backend local(Path dir, String region, URI endpoint) {
        LocalCredentials keys = LocalCredentials.loadOrCreate(dir);
        return new ElbV2Backend(ElbV2Clients.create(new ElbV2Clients.Target(Optional.of(region), Optional.empty(),
                Optional.of(endpoint), Optional.of(AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey())))),
                Duration.ofMillis(200), Duration.ofMinutes(2));
    }

    /**
     * On the local runtime an overlay's PEM files stand for its certificate ARNs (AWS keeps them
     * in ACM). They are checked here, so a bad file fails before anything is created, and recorded
     * in the runtime's state directory, where it finds them when a listener names the ARN.
     */
    void recordCertificates(SpecInput input) {
        if (kind() != Kind.local || input.overlay().certificates().isEmpty()) {
            return;
        }
        CertificateRegistry registry = new CertificateRegistry(LocalStateDir.resolve(stateDir));
        CertificateStore check = new CertificateStore();
        input.overlay().certificates().forEach((arn, files) -> {
            try {
                check.register(arn, files.certificate(), files.privateKey());
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(e.getMessage());
            }
            registry.record(arn, files.certificate(), files.privateKey());
        });
    }

    private static boolean env(String name) {
        String v = System.getenv(name);
        return v != null && !v.isBlank();
    }
}
