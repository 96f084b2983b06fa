package io.lbctl.backend.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh local runtime per test, on a free loopback port, with its own state directory. */
abstract class LocalRuntimeTestBase {
    @TempDir
    Path state;
    RuntimeFixture local;

    @BeforeEach
    void startRuntime() throws InterruptedException {
        local = new RuntimeFixture(state);
    }

    @AfterEach
    void stopRuntime() {
        local.close();
    }

    /** Waits for {@code condition}, checking every 100 ms; the bound is AWS's pace, not a speed target. */
    static void await(Supplier<Boolean> condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + seconds + " s");
            }
            Thread.sleep(100);
        }
    }
}
