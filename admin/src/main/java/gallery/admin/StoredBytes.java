package gallery.admin;

import java.util.EnumMap;
import java.util.Map;

/** Objects counted and summed by storage class: what they are billed as now, and once the lifecycle has settled them. */
final class StoredBytes {
    private final Map<S3Storage, long[]> now = new EnumMap<>(S3Storage.class);
    private final Map<S3Storage, long[]> settled = new EnumMap<>(S3Storage.class);
    private long count;
    private long bytes;

    void add(String storageClass, long size) {
        S3Storage c = S3Storage.of(storageClass);
        add(now, c, size);
        // Only Standard objects still move; one already moved (or put in a class by hand) stays.
        add(settled, c == S3Storage.STANDARD ? S3Storage.settled(size) : c, size);
        count++;
        bytes += size;
    }

    private static void add(Map<S3Storage, long[]> m, S3Storage c, long size) {
        long[] v = m.computeIfAbsent(c, k -> new long[3]);
        v[0]++;
        v[1] += size;
        v[2] += c.billableBytes(size);
    }

    long count() {
        return count;
    }

    long bytes() {
        return bytes;
    }

    /** By class: {objects, bytes, billable bytes}, as stored now. */
    Map<S3Storage, long[]> now() {
        return now;
    }

    /** As {@link #now()}, once every object is older than the lifecycle's transition. */
    Map<S3Storage, long[]> settled() {
        return settled;
    }

    static double monthly(Map<S3Storage, long[]> byClass) {
        return byClass.entrySet().stream().mapToDouble(e -> S3Storage.gb(e.getValue()[2]) * e.getKey().storage).sum();
    }
}
