package gallery.admin;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What re-rendering a set of originals costs in S3: reading each original once (a GET, plus the
 * per-GB retrieval fee of Glacier Instant Retrieval once the lifecycle has moved it there) and
 * writing its renditions (PUTs into Standard, where new objects start). The compute is in
 * {@code admin cost}; this is the part a storage class can turn into a surprise.
 */
record RereadCost(Map<S3Storage, long[]> read, long renditionPuts) {

    static RereadCost of(List<Original> originals, int renditionsPerPhoto) {
        Map<S3Storage, long[]> read = new EnumMap<>(S3Storage.class);
        for (Original o : originals) {
            long[] countAndBytes = read.computeIfAbsent(S3Storage.of(o.storageClass()), c -> new long[2]);
            countAndBytes[0]++;
            countAndBytes[1] += o.size();
        }
        return new RereadCost(read, (long) originals.size() * renditionsPerPhoto);
    }

    double retrieval() {
        return read.entrySet().stream().mapToDouble(e -> S3Storage.gb(e.getValue()[1]) * e.getKey().retrievalPerGb).sum();
    }

    double requests() {
        double gets = read.entrySet().stream().mapToDouble(e -> e.getValue()[0] / 1000.0 * e.getKey().getPer1000).sum();
        return gets + renditionPuts / 1000.0 * S3Storage.STANDARD.putPer1000;
    }

    double total() {
        return retrieval() + requests();
    }

    String describe(boolean dryRun) {
        StringBuilder b = new StringBuilder(dryRun ? "estimated S3 cost of this run:" : "S3 cost of this run (estimate):");
        if (read.isEmpty()) return b.append(" $0.00, nothing to read").toString();
        read.forEach((c, v) -> b.append(String.format(Locale.ROOT, "%n  read %d originals in %s, %s: retrieval %s, GETs %s",
                v[0], c, Sizes.human(v[1]), S3Storage.usd(S3Storage.gb(v[1]) * c.retrievalPerGb), S3Storage.usd(v[0] / 1000.0 * c.getPer1000))));
        b.append(String.format(Locale.ROOT, "%n  write %d renditions: PUTs %s", renditionPuts, S3Storage.usd(renditionPuts / 1000.0 * S3Storage.STANDARD.putPer1000)));
        b.append(String.format(Locale.ROOT, "%n  total %s (the Lambda time to render it: see `admin cost`)", S3Storage.usd(total())));
        return b.toString();
    }
}
