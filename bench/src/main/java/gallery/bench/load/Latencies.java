package gallery.bench.load;

import java.util.Arrays;
import java.util.Collection;

/**
 * Percentiles of a set of durations by the nearest-rank method: p is the smallest value with at
 * least p% of the values at or below it (so it is always a measured value, never interpolated).
 */
public record Latencies(int count, long p50, long p95, long p99, long max) {
    static final Latencies NONE = new Latencies(0, 0, 0, 0, 0);

    public static Latencies of(Collection<Long> values) {
        return of(values.stream().mapToLong(Long::longValue).toArray());
    }

    static Latencies of(long[] values) {
        if (values.length == 0) return NONE;
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Latencies(sorted.length, percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), sorted[sorted.length - 1]);
    }

    /** Nearest rank of {@code p} (0 < p ≤ 100) in ascending {@code sorted}. */
    public static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) throw new IllegalArgumentException("no values");
        if (!(p > 0 && p <= 100)) throw new IllegalArgumentException("percentile " + p + ": expected 0 < p <= 100");
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
