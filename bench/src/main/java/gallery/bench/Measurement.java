package gallery.bench;

import gallery.core.Rendition;
import java.util.ArrayList;
import java.util.List;

/**
 * What one child process measured: one engine, one preset, one photo. Written by the child as one
 * JSON line (the node script writes the same shape), read back by the parent.
 *
 * @param wallNanos  wall time of each timed run (warm-up runs excluded)
 * @param cpuNanos   process CPU time (every thread: libvips workers, GC, libuv pool) of each timed run
 * @param peakRssKiB the child's peak resident set size at the end (VmHWM / maxRSS), -1 if unknown
 * @param error      why the child failed, or null
 */
public record Measurement(String engine, String preset, String photo, List<Long> wallNanos, List<Long> cpuNanos,
                          long peakRssKiB, List<Rendition> renditions, String runtime, String error) {
    public Measurement {
        wallNanos = wallNanos == null ? List.of() : List.copyOf(wallNanos);
        cpuNanos = cpuNanos == null ? List.of() : List.copyOf(cpuNanos);
        renditions = renditions == null ? List.of() : List.copyOf(renditions);
    }

    public static Measurement failed(String engine, String preset, String photo, long peakRssKiB, String error) {
        return new Measurement(engine, preset, photo, List.of(), List.of(), peakRssKiB, List.of(), null, error);
    }

    public boolean ok() {
        return error == null && !wallNanos.isEmpty();
    }

    public double medianWallMillis() {
        return median(wallNanos) / 1e6;
    }

    public double medianCpuMillis() {
        return median(cpuNanos) / 1e6;
    }

    public double peakRssMiB() {
        return peakRssKiB < 0 ? Double.NaN : peakRssKiB / 1024.0;
    }

    public long outputBytes() {
        return renditions.stream().mapToLong(Rendition::bytes).sum();
    }

    static double median(List<Long> values) {
        if (values.isEmpty()) return Double.NaN;
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
