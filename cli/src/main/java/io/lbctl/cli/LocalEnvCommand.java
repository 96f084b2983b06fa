package io.lbctl.cli;

import io.lbctl.backend.local.LocalCredentials;
import io.lbctl.backend.local.RuntimeFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lbctl local-env}: shell exports that point the AWS CLI and SDKs at the running local
 * runtime, for {@code eval "$(lbctl local-env)"}, as {@code minikube docker-env} does for Docker.
 */
@Command(name = "local-env", mixinStandardHelpOptions = true,
        description = "Print shell exports that point the AWS CLI and SDKs at the running local runtime.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:exports printed", "1:no local runtime is running"})
final class LocalEnvCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "The runtime's state directory (default: $LBCTL_STATE_DIR or ~/.lbctl/local).")
    Path stateDir;

    @Override
    public Integer call() {
        Path dir = LocalStateDir.resolve(stateDir);
        Optional<RuntimeFile> running = RuntimeFile.findRunning(dir);
        if (running.isEmpty()) {
            spec.commandLine().getErr().println("lbctl: no local runtime is running from " + dir
                    + "; start one with 'lbctl serve-local'");
            return ExitCodes.ERROR;
        }
        LocalCredentials credentials = LocalCredentials.loadOrCreate(dir);
        String endpoint = running.get().endpoint().toString();
        PrintWriter out = spec.commandLine().getOut();
        out.println("export AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2=" + endpoint);
        out.println("export LBCTL_ENDPOINT=" + endpoint);
        out.println("export AWS_ACCESS_KEY_ID=" + credentials.accessKeyId());
        out.println("export AWS_SECRET_ACCESS_KEY=" + credentials.secretAccessKey());
        out.println("export AWS_DEFAULT_REGION=" + running.get().region());
        out.println("export AWS_REGION=" + running.get().region());
        out.println("unset AWS_SESSION_TOKEN AWS_PROFILE");
        out.println("# AWS CLI releases before 2.13 ignore AWS_ENDPOINT_URL_*: pass --endpoint-url " + endpoint);
        out.flush();
        return ExitCodes.OK;
    }
}
