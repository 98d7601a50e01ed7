package dev.auris.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress line on standard error: redrawn in place on a terminal, one line per tenth otherwise
 * (so logs of background runs stay readable). Thread-safe.
 */
final class ProgressBar {

    private final String label;
    private final PrintStream err;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private int lastTenth = -1;
    private long lastDraw;

    ProgressBar(String label) {
        this(label, System.err, STDERR_IS_TERMINAL);
    }

    /**
     * Whether standard error is a terminal. System.console() says no as soon as standard output is
     * redirected ({@code transcribe a.wav > a.txt}), so on Linux the descriptor's link is read instead.
     */
    static final boolean STDERR_IS_TERMINAL = stderrIsTerminal();

    private static boolean stderrIsTerminal() {
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    ProgressBar(String label, PrintStream err, boolean terminal) {
        this.label = label;
        this.err = err;
        this.terminal = terminal;
    }

    synchronized void update(long done, long total, String detail) {
        double fraction = total == 0 ? 1 : done / (double) total;
        double elapsed = (System.nanoTime() - start) / 1e9;
        String eta = done == 0 ? "?" : duration(elapsed / fraction - elapsed);
        String text = String.format(Locale.ROOT, "%s %s %d/%d %s, elapsed %s, ETA %s", label, bar(fraction), done, total,
                detail, duration(elapsed), eta);
        if (terminal) {
            long now = System.nanoTime();
            if (now - lastDraw > 100_000_000L || done == total) {
                err.print("\r" + text + "   ");
                if (done == total) {
                    err.println();
                }
                err.flush();
                lastDraw = now;
            }
        } else {
            int tenth = (int) Math.floor(fraction * 10);
            if (tenth != lastTenth) {
                lastTenth = tenth;
                err.println(text);
            }
        }
    }

    private static String bar(double f) {
        int filled = (int) Math.round(f * 24);
        return "[" + "#".repeat(filled) + ".".repeat(24 - filled) + "]";
    }

    static String duration(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
