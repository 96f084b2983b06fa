package io.lbctl.backend.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * What a running serve-local leaves in its state directory for other commands: endpoint,
 * region and process id. {@link #findRunning} believes it only when that process is alive and
 * the endpoint answers, so a crashed runtime's leftover file is not mistaken for a running one.
 */
public record RuntimeFile(URI endpoint, String region, long pid) {
    public static final String FILE = "runtime.properties";

    public void write(Path stateDir) {
        Properties p = new Properties();
        p.setProperty("endpoint", endpoint.toString());
        p.setProperty("region", region);
        p.setProperty("pid", Long.toString(pid));
        Path file = stateDir.resolve(FILE);
        Path tmp = stateDir.resolve(FILE + ".tmp");
        try (var out = Files.newOutputStream(tmp)) {
            p.store(out, "written by lbctl serve-local; removed when it stops");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void delete(Path stateDir) {
        try {
            Files.deleteIfExists(stateDir.resolve(FILE));
        } catch (IOException e) {
            // a stale file is harmless: findRunning checks the process and the endpoint
        }
    }

    /** The runtime serving from {@code stateDir}, if one is running now. */
    public static Optional<RuntimeFile> findRunning(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (var in = Files.newInputStream(file)) {
            p.load(in);
            RuntimeFile found = new RuntimeFile(URI.create(p.getProperty("endpoint", "")), p.getProperty("region", ""),
                    Long.parseLong(p.getProperty("pid", "-1")));
            boolean alive = ProcessHandle.of(found.pid).map(ProcessHandle::isAlive).orElse(false);
            return alive && answers(found.endpoint) ? Optional.of(found) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean answers(URI endpoint) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 1000);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
