package io.lbctl.backend.local.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the store on disk as one JSON file. A write goes to a temporary file that is forced to
 * disk and then renamed over the old one, so a crash leaves either the old state or the new one,
 * never half of either.
 */
public final class StatePersistence {
    public static final String FILE = "elbv2-state.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;

    public StatePersistence(Path stateDir) {
        this.file = stateDir.resolve(FILE);
    }

    public Optional<StoreState> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), StoreState.class));
        } catch (RuntimeException e) {
            throw new IllegalStateException("state file " + file + " is unreadable: " + e.getMessage(), e);
        }
    }

    public void save(StoreState state) {
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write state file " + file, e);
        }
    }
}
