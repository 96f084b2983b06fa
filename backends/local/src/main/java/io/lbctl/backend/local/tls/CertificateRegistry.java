package io.lbctl.backend.local.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * Which PEM files stand for which certificate ARN, kept in the state directory
 * ({@code certificates.properties}) so that it outlives a restart and reaches the runtime from
 * another process: {@code lbctl apply --target local --overlay} records an overlay's
 * certificates here before it creates the listeners that name them, and the running runtime
 * reads them when a listener names an ARN it has not seen.
 */
public final class CertificateRegistry {
    static final String FILE = "certificates.properties";

    /** The two files of one certificate, as absolute paths. */
    public record PemFiles(Path certificate, Path privateKey) {
    }

    private final Path file;

    public CertificateRegistry(Path stateDir) {
        this.file = stateDir.resolve(FILE);
    }

    public synchronized void record(String arn, Path certificate, Path privateKey) {
        Properties all = load();
        all.setProperty(arn + ".certificate", certificate.toAbsolutePath().normalize().toString());
        all.setProperty(arn + ".privateKey", privateKey.toAbsolutePath().normalize().toString());
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), FILE, ".tmp");
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                all.store(out, "certificate ARN -> PEM files, written by lbctl");
            }
            // Replaced whole, so a runtime reading it at the same moment sees the old file or the new, never half.
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record certificate " + arn + " in " + file, e);
        }
    }

    public synchronized Optional<PemFiles> lookup(String arn) {
        Properties all = load();
        String certificate = all.getProperty(arn + ".certificate");
        String key = all.getProperty(arn + ".privateKey");
        return certificate == null || key == null ? Optional.empty() : Optional.of(new PemFiles(Path.of(certificate), Path.of(key)));
    }

    /** Changes whenever the file is rewritten (or appears or goes), so a reader can tell it must look again. */
    public String stamp() {
        try {
            return Files.isRegularFile(file) ? Files.getLastModifiedTime(file).toMillis() + "/" + Files.size(file) : "none";
        } catch (IOException e) {
            return "unreadable";
        }
    }

    private Properties load() {
        Properties all = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                all.load(in);
            } catch (IOException | IllegalArgumentException e) {
                // An unreadable registry means no recorded certificates; the listener's error says which one is missing.
                return new Properties();
            }
        }
        return all;
    }
}
