package gallery.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What Linux's /proc says about a process and the machine; empty or zero where there is no /proc. */
public final class ProcStats {
    /** USER_HZ, the unit of utime/stime in /proc/<pid>/stat; 100 on every Linux architecture we run on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {
    }

    /** A field of /proc/<pid>/status in kB, e.g. VmRSS (resident now) or VmHWM (the peak resident so far). */
    static OptionalLong statusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return parseKb(line.substring(field.length() + 1));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone or this is not Linux
        }
        return OptionalLong.empty();
    }

    static OptionalLong parseKb(String value) {
        String v = value.trim();
        if (v.endsWith("kB")) v = v.substring(0, v.length() - 2).trim();
        try {
            return OptionalLong.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** User + system CPU seconds the process has used (its own threads, not its children). */
    static double cpuSeconds(long pid) {
        try {
            return cpuSecondsOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** From a /proc/<pid>/stat line: the command name is in parentheses and may hold spaces, so count fields after the last ')'. */
    static double cpuSecondsOf(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // f[0] is field 3 (state); utime and stime are fields 14 and 15
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    }

    private static final Pattern HEAP = Pattern.compile("(?:committed|total) (\\d+)K, used (\\d+)K");

    /**
     * A JVM's heap as {@code jcmd <pid> GC.heap_info} reports it ("used X MiB of Y MiB committed"), after a
     * full collection first if {@code collect} (then "used" is what is live); empty if jcmd cannot tell.
     */
    static Optional<String> heap(long pid, boolean collect) {
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd");
        try {
            if (collect) run(jcmd, pid, "GC.run");
            Matcher m = HEAP.matcher(run(jcmd, pid, "GC.heap_info"));
            if (!m.find()) return Optional.empty();
            return Optional.of(heapText(Long.parseLong(m.group(2)), Long.parseLong(m.group(1))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static String heapText(long usedKb, long committedKb) {
        return String.format(java.util.Locale.ROOT, "%,d MiB used of %,d MiB committed", usedKb / 1024, committedKb / 1024);
    }

    private static String run(Path jcmd, long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
        return out;
    }

    /** The 1, 5 and 15 minute load averages. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            return String.format(java.util.Locale.ROOT, "%.2f (1 min)",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

}
