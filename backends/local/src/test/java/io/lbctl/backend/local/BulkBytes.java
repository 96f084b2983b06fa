package io.lbctl.backend.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** 64 MB written and read in bulk, for the backpressure tests: far more than any buffer on the way holds. */
final class BulkBytes {
    static final int TOTAL = 64 * 1024 * 1024;

    private BulkBytes() {
    }

    static void send(OutputStream out) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        for (int sent = 0; sent < TOTAL; sent += chunk.length) {
            out.write(chunk);
        }
        out.flush();
    }

    /** Reads until {@link #TOTAL} bytes came or the stream ended; returns how many came. */
    static int receive(InputStream in) throws IOException {
        byte[] buf = new byte[256 * 1024];
        int total = 0;
        for (int n; total < TOTAL && (n = in.read(buf)) > 0; ) {
            total += n;
        }
        return total;
    }
}
