package io.lbctl.cli;

import io.lbctl.model.Address;
import io.lbctl.planner.ApplyProgress;
import io.lbctl.planner.Change;
import java.io.PrintWriter;

/** Apply's progress, a line per step, flushed at once so a CI log shows where a long apply is. */
final class ProgressPrinter implements ApplyProgress {
    private final PrintWriter out;
    private long startedAt;

    ProgressPrinter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void started(Change change) {
        startedAt = System.nanoTime();
        out.println(change.address() + ": " + verb(change) + "...");
        out.flush();
    }

    @Override
    public void finished(Change change, String detail) {
        long ms = (System.nanoTime() - startedAt) / 1_000_000;
        out.println(change.address() + ": done" + (detail.isEmpty() ? "" : " (" + detail + ")") + " [" + ms + " ms]");
        out.flush();
    }

    @Override
    public void waiting(Address address, String what) {
        out.println(address + ": waiting for " + what + "...");
        out.flush();
    }

    private static String verb(Change c) {
        return switch (c) {
            case Change.Create x -> "creating";
            case Change.Update x -> "updating";
            case Change.Replace x -> "replacing";
            case Change.Delete x -> "deleting";
        };
    }
}
