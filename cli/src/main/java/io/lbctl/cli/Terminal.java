package io.lbctl.cli;

import java.io.Console;

/** Whether output may carry colours: not with --no-color, not with NO_COLOR set, not when stdout is not a terminal. */
final class Terminal {
    private Terminal() {
    }

    static boolean colors(boolean noColorFlag) {
        String noColor = System.getenv("NO_COLOR");
        return !noColorFlag && (noColor == null || noColor.isEmpty()) && isTerminal();
    }

    /**
     * From JDK 22 a console exists even when output is redirected, and {@code Console.isTerminal()}
     * tells the two apart; the build targets JDK 21, which lacks the method, so it is looked up.
     */
    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only for a terminal
        }
    }
}
