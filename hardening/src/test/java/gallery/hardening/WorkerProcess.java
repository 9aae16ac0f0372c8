package gallery.hardening;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The parent's handle on a {@link WorkerMain} child JVM: start, watch, stop politely or kill. */
final class WorkerProcess implements AutoCloseable {
    /** What a worker reported when it stopped (or -1s when it died without reporting). */
    record Stats(long messages, long itemFailures, long thrown, long vmHwmKb) {
        static Stats parse(String line) {
            long[] v = new long[4];
            String[] keys = {"messages=", "itemFailures=", "thrown=", "vmhwmKb="};
            for (int i = 0; i < keys.length; i++) {
                int at = line.indexOf(keys[i]);
                String rest = line.substring(at + keys[i].length());
                v[i] = Long.parseLong(rest.split("\\s")[0]);
            }
            return new Stats(v[0], v[1], v[2], v[3]);
        }
    }

    private final Process process;
    private final Path log;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<Stats> stats = new CompletableFuture<>();
    private final List<String> lines = new ArrayList<>();
    private volatile long lastVmHwmKb = -1;
    private boolean asked;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        Thread.ofPlatform().daemon().name("worker-" + process.pid() + "-stdout").start(this::readStdout);
    }

    /** Starts a worker on the stack described by {@code endpoints}; its stderr (logs) goes to {@code log}. */
    static WorkerProcess start(Path endpoints, int batchSize, int concurrency, Path log) {
        try {
            Files.createDirectories(log.getParent());
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> cmd = List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
                    // A native crash leaves its report next to the log instead of in the working directory.
                    "-XX:ErrorFile=" + log.getParent().resolve("hs_err_pid%p.log"),
                    "-cp", System.getProperty("java.class.path"),
                    WorkerMain.class.getName(), endpoints.toString(), String.valueOf(batchSize), String.valueOf(concurrency));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            WorkerProcess w = new WorkerProcess(p, log);
            w.awaitReady();
            return w;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readStdout() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                }
                if (line.equals("READY")) ready.complete(null);
                if (line.startsWith("STATS ")) stats.complete(Stats.parse(line));
            }
        } catch (IOException e) {
            // the process went away; exit code tells the rest
        }
        ready.completeExceptionally(new IllegalStateException("worker exited before it was ready; see " + log));
        stats.complete(new Stats(-1, -1, -1, -1));
    }

    private void awaitReady() {
        try {
            ready.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("worker did not start: " + e.getMessage() + "; see " + log, e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The child's peak resident set so far (read while it lives; the last value read after). */
    long vmHwmKb() {
        if (process.isAlive()) {
            long v = WorkerMain.vmHwmKb(process.pid());
            if (v > 0) lastVmHwmKb = v;
        }
        return lastVmHwmKb;
    }

    /** True when the process ended without being asked to: a crash. */
    boolean crashed() {
        return !asked && !process.isAlive();
    }

    Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    /** Asks it to finish its batches and stop; returns what it counted. */
    Stats stop() {
        vmHwmKb();
        asked = true;
        try {
            OutputStream in = process.getOutputStream();
            in.write("stop\n".getBytes(StandardCharsets.US_ASCII));
            in.flush();
            in.close();
        } catch (IOException e) {
            // already gone: the stats future says so
        }
        try {
            Stats s = stats.get(240, TimeUnit.SECONDS);
            process.waitFor(30, TimeUnit.SECONDS);
            return s;
        } catch (Exception e) {
            process.destroyForcibly();
            return new Stats(-1, -1, -1, lastVmHwmKb);
        }
    }

    /** kill -9: the worker dies wherever it is, its batch unfinished. */
    void kill() {
        vmHwmKb();
        asked = true;
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) kill();
    }
}
