package gallery.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Busy and total jiffies of all the machine's cores (Linux' /proc/stat), for the benchmarks' "how busy
 * was the machine" line: on 2 shared cores a figure means little without it. Zeros where unreadable.
 */
public record CpuTicks(long busy, long total) {
    public static CpuTicks now() {
        try {
            return parse(Files.readAllLines(Path.of("/proc/stat")).getFirst());
        } catch (IOException | RuntimeException e) {
            return new CpuTicks(0, 0);
        }
    }

    /** The {@code cpu} line: user nice system idle iowait ...; idle and iowait are not busy. */
    static CpuTicks parse(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length; i++) total += Long.parseLong(f[i]);
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return new CpuTicks(total - idle, total);
    }

    /** Share of all cores busy since {@code earlier}, NaN if unknown. */
    public double busyShareSince(CpuTicks earlier) {
        long elapsed = total - earlier.total;
        return elapsed <= 0 ? Double.NaN : (double) (busy - earlier.busy) / elapsed;
    }
}
