package io.storefleet.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/** A live progress line: redrawn in place on a terminal, one line every few seconds in a log. */
final class Progress {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private Instant lastPrinted = Instant.EPOCH;
    private String last = "";

    Progress(PrintStream out) {
        this.out = out;
    }

    void show(int done, int total, String summary, Duration elapsed) {
        int filled = total == 0 ? WIDTH : Math.min(WIDTH, done * WIDTH / total);
        var line = "[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + summary
                + String.format("  %.1fs", elapsed.toMillis() / 1000.0);
        if (terminal) {
            out.print("\r" + line + "\033[K");
            out.flush();
        } else if (Duration.between(lastPrinted, Instant.now()).toSeconds() >= 2 && !line.equals(last)) {
            out.println(line);
            lastPrinted = Instant.now();
        }
        last = line;
    }

    void end() {
        if (terminal) {
            out.println();
        } else if (!last.isEmpty()) {
            out.println(last);
        }
        last = "";
        lastPrinted = Instant.EPOCH;
    }
}
