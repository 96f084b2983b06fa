package io.lbctl.backend.local;

import java.nio.file.Path;
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
}
