package io.lbctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbctl.backend.local.LocalRuntime;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's own {@code aws elbv2} commands, run unchanged by the real AWS CLI v2 against a
 * local runtime (scripts/guide-aws-cli.sh). Skipped, saying why, where no AWS CLI v2 is
 * installed (Debian: apt-get install awscli). The transcript is kept in
 * target/guide-aws-cli.txt.
 */
class GuideAwsCliTest {
    private static final Path SCRIPT = Path.of("../scripts/guide-aws-cli.sh");

    @TempDir
    Path state;

    @Test
    void theGuidesAwsCliCommandsRunAgainstTheLocalRuntime() throws Exception {
        Optional<String> cli = awsCliV2();
        Assumptions.assumeTrue(cli.isPresent(), "no AWS CLI v2 on this machine (Debian: apt-get install awscli)");
        try (LocalRuntime runtime = LocalRuntime.start(LocalRuntime.Settings.defaults(state.resolve("runtime")))) {
            ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("AWS_"));
            env.put("AWS_CLI", cli.get());
            env.put("LBCTL_ENDPOINT", runtime.endpoint().toString());
            env.put("AWS_ACCESS_KEY_ID", runtime.credentials().accessKeyId());
            env.put("AWS_SECRET_ACCESS_KEY", runtime.credentials().secretAccessKey());
            env.put("AWS_DEFAULT_REGION", runtime.region());
            env.put("AWS_CONFIG_FILE", state.resolve("no-config").toString());
            env.put("AWS_SHARED_CREDENTIALS_FILE", state.resolve("no-credentials").toString());
            env.put("AWS_PAGER", "");
            Process p = pb.start();
            boolean done = p.waitFor(180, TimeUnit.SECONDS);
            String transcript = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Files.writeString(Path.of("target/guide-aws-cli.txt"), transcript);
            if (!done) {
                p.destroyForcibly();
            }
            assertThat(done).as("the script finished").isTrue();
            assertThat(p.exitValue()).as(transcript).isZero();
            assertThat(transcript).as(transcript).contains("guide commands: all ran");
        }
    }

    /** The first {@code aws} on PATH (or /usr/bin/aws) that says it is version 2. */
    static Optional<String> awsCliV2() {
        List<String> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            candidates.add(Path.of(dir, "aws").toString());
        }
        candidates.add("/usr/bin/aws");
        for (String c : candidates) {
            if (!Files.isExecutable(Path.of(c))) {
                continue;
            }
            try {
                Process p = new ProcessBuilder(c, "--version").redirectErrorStream(true).start();
                if (p.waitFor(30, TimeUnit.SECONDS)
                        && new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).startsWith("aws-cli/2")) {
                    return Optional.of(c);
                }
            } catch (java.io.IOException e) {
                // not runnable: try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
