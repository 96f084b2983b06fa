package io.lbctl.cli;

import java.nio.file.Path;

/** Where the local runtime keeps its state: --state-dir, else $LBCTL_STATE_DIR, else ~/.lbctl/local. */
final class LocalStateDir {
    private LocalStateDir() {
    }

    static Path resolve(Path flag) {
        if (flag != null) {
            return flag.toAbsolutePath();
        }
        String env = System.getenv("LBCTL_STATE_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".lbctl", "local");
    }
}
