package gallery.admin;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress bar on stderr: redrawn in place on a terminal, plain periodic lines otherwise (a log
 * file or CI must not fill with carriage returns). Thread-safe; counts photos and, when a byte
 * total is known, bytes.
 */
public final class Progress implements AutoCloseable {
    private static final int WIDTH = 28;
    private final PrintWriter err;
    private final String label;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private final AtomicLong items = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile long totalItems;
    private volatile long totalBytes;
    private final ScheduledExecutorService ticker;
    private boolean closed;

    /**
     * @param totalItems how many items the bar fills with (0 while unknown)
     * @param totalBytes bytes to move, or 0 when the work is not about bytes
     */
    public Progress(PrintWriter err, String label, long totalItems, long totalBytes, boolean terminal) {
        this.err = err;
        this.label = label;
        this.totalItems = totalItems;
        this.totalBytes = totalBytes;
        this.terminal = terminal;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        long period = terminal ? 200 : 5000;
        ticker.scheduleAtFixedRate(this::draw, period, period, TimeUnit.MILLISECONDS);
    }

    /** True when stderr is an interactive terminal (JDK 22+ can tell even when a console exists). */
    public static boolean stderrIsTerminal() {
        java.io.Console c = System.console();
        if (c == null) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only for a terminal
        }
    }

    public void total(long items, long bytes) {
        this.totalItems = items;
        this.totalBytes = bytes;
    }

    public void add(long items, long bytes) {
        this.items.addAndGet(items);
        this.bytes.addAndGet(bytes);
    }

    public long items() {
        return items.get();
    }

    public long bytes() {
        return bytes.get();
    }

    private synchronized void draw() {
        if (closed) return;
        String line = line();
        if (terminal) {
            err.print("\r" + line + "\u001b[K");
        } else {
            err.println(line);
        }
        err.flush();
    }

    String line() {
        long n = items.get(), total = totalItems;
        double fraction = totalBytes > 0 ? (double) bytes.get() / totalBytes : total > 0 ? (double) n / total : 0;
        fraction = Math.max(0, Math.min(1, fraction));
        int filled = (int) Math.round(fraction * WIDTH);
        StringBuilder b = new StringBuilder(label).append(" [");
        b.append("=".repeat(filled));
        if (filled < WIDTH) b.append('>').append(" ".repeat(WIDTH - filled - 1));
        b.append("] ").append(String.format(Locale.ROOT, "%3d%%", Math.round(fraction * 100)));
        b.append("  ").append(n).append(total > 0 ? "/" + total : "").append(" photos");
        if (totalBytes > 0) {
            double seconds = Math.max(0.001, (System.nanoTime() - startNanos) / 1e9);
            b.append("  ").append(mib(bytes.get())).append('/').append(mib(totalBytes)).append(" MiB  ")
                    .append(mib((long) (bytes.get() / seconds))).append(" MiB/s");
        }
        return b.toString();
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
    }

    /** Draws the final state on its own line and stops redrawing. */
    @Override
    public synchronized void close() {
        if (closed) return;
        ticker.shutdownNow();
        String line = line();
        closed = true;
        err.print(terminal ? "\r" + line + "\u001b[K\n" : line + "\n");
        err.flush();
    }
}
