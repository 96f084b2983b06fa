package io.lbctl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches a spec and its overlay by content, polled. Polling rather than a WatchService because
 * editors save by writing a new file and renaming it over the old one, which some platforms
 * report late or as a delete; and comparing content means a save that changed nothing (or only
 * the timestamp) is no change. A change is taken once it reads the same two rounds running, and a
 * file that cannot be read mid-save is tried again next round.
 */
final class SpecWatcher implements AutoCloseable {
    /** Called with the new text of both files, on the watcher's own thread, one change at a time. */
    interface Listener {
        void changed(String specText, Optional<String> overlayText);
    }

    private final Path spec;
    private final Optional<Path> overlay;
    private final Listener listener;
    private final PrintWriter err;
    private final ScheduledExecutorService thread;
    private Snapshot last;
    private Snapshot pending;
    private String lastProblem;

    private record Snapshot(String spec, Optional<String> overlay) {
    }

    private SpecWatcher(Path spec, Optional<Path> overlay, Listener listener, PrintWriter err, Snapshot loaded) {
        this.spec = spec;
        this.overlay = overlay;
        this.listener = listener;
        this.err = err;
        this.last = loaded;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lbctl-spec-watcher");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts watching from the text the caller loaded (not the files as they are now), so an edit
     * saved while the first load ran is still seen as a change.
     */
    static SpecWatcher start(SpecInput loaded, Path spec, Optional<Path> overlay, Duration interval, Listener listener,
                             PrintWriter err) {
        SpecWatcher watcher = new SpecWatcher(spec, overlay, listener, err, new Snapshot(loaded.specText(), loaded.overlayText()));
        watcher.thread.scheduleWithFixedDelay(watcher::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return watcher;
    }

    private Snapshot read() throws IOException {
        return new Snapshot(Files.readString(spec, StandardCharsets.UTF_8),
                overlay.isPresent() ? Optional.of(Files.readString(overlay.get(), StandardCharsets.UTF_8)) : Optional.empty());
    }

    private void poll() {
        Snapshot now;
        try {
            now = read();
        } catch (IOException | RuntimeException e) {
            problem("cannot read " + e.getMessage() + "; still serving the last spec loaded");
            return;
        }
        lastProblem = null;
        if (now.equals(last)) {
            pending = null;
            return;
        }
        // A save caught half-written would be reported as invalid: act once a change held still for a round.
        if (!now.equals(pending)) {
            pending = now;
            return;
        }
        pending = null;
        last = now;
        try {
            listener.changed(now.spec(), now.overlay());
        } catch (RuntimeException e) {
            // Whatever one change did, the next one must still be picked up.
            err.println("lbctl: could not apply the change: " + Objects.requireNonNullElse(e.getMessage(), e.toString()));
            err.flush();
        }
    }

    /** A lasting problem (a file deleted, say) is said once, not every round. */
    private void problem(String message) {
        if (!message.equals(lastProblem)) {
            err.println("lbctl: " + message);
            err.flush();
            lastProblem = message;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
