package io.lbctl.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns SIGINT and SIGTERM into a callback, so a long-running command can stop its work and
 * exit 0 as documented; left to the JVM, a signal would end the process with 130 or 143.
 * Uses the JDK's {@code sun.misc.Signal} (module jdk.unsupported), as servers on the JVM do.
 */
final class SignalStop {
    private static final Logger LOG = Logger.getLogger(SignalStop.class.getName());

    private SignalStop() {
    }

    static void onTermination(Runnable stop) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stop.run());
            } catch (IllegalArgumentException e) {
                // the platform does not have this signal, or the JVM reserves it: the shutdown hook still stops
                LOG.log(Level.FINE, "cannot handle SIG" + name, e);
            }
        }
    }
}
