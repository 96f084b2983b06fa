package io.lbctl.planner;

import io.lbctl.model.Address;

/** What apply reports as it goes: each change begun and finished, and each wait. */
public interface ApplyProgress {
    void started(Change change);

    void finished(Change change, String detail);

    void waiting(Address address, String what);

    ApplyProgress SILENT = new ApplyProgress() {
        @Override
        public void started(Change change) {
        }

        @Override
        public void finished(Change change, String detail) {
        }

        @Override
        public void waiting(Address address, String what) {
        }
    };
}
