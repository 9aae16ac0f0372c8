package gallery.bench.load;

import gallery.core.PhotoKey;
import gallery.core.deploy.Deployment;
import gallery.index.PhotoIndex;
import gallery.index.PhotoStatus;
import gallery.bench.CpuTicks;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Phase 1: N photos put through S3 (as a backup tool would: a few uploads at a time) under distinct
 * keys in a few albums, then the photo index polled until every row is READY or FAILED.
 * A photo's latency is from its PUT returning to the row's {@code updatedAt} (written by the render
 * worker when it marks the row READY; same machine, same clock), so it does not depend on the poll.
 */
public final class IngestPhase {
    /** rclone's and the AWS CLI's default number of parallel transfers is 4. */
    static final int UPLOADS_AT_ONCE = 4;
    static final Duration POLL = Duration.ofSeconds(2);

    /** One photo to upload: the sample file and its key. */
    public record Upload(Path file, PhotoKey key) {
    }

    public record Result(int photos, int albums, int ready, int failed, Map<String, Integer> failureReasons, long bytes,
                  Duration uploadWall, Duration wall, Latencies putToSettled, ProcessSampler.Window gallery,
                  String loadBefore, String loadAfter, double machineBusy, boolean timedOut) {
        double photosPerMinute() {
            return (ready + failed) * 60_000.0 / Math.max(1, wall.toMillis());
        }
    }

    private IngestPhase() {
    }

    /** The keys: sample i % samples in album i % albums, numbered so every key is distinct. */
    static List<Upload> plan(List<Path> samples, int photos, int albums) {
        if (samples.isEmpty()) throw new IllegalArgumentException("no sample photos to copy");
        List<Upload> out = new ArrayList<>(photos);
        for (int i = 0; i < photos; i++) {
            Path file = samples.get(i % samples.size());
            String album = AlbumNames.ALL.get(i % albums);
            out.add(new Upload(file, PhotoKey.of(String.format(Locale.ROOT, "photos/%s/%04d-%s", album, i, file.getFileName()))));
        }
        return out;
    }

    private static int albums(List<Upload> uploads) {
        return (int) uploads.stream().map(u -> u.key().value().substring(0, u.key().value().lastIndexOf('/'))).distinct().count();
    }

    public static Result run(Deployment d, S3Client s3, PhotoIndex index, List<Upload> uploads, ProcessSampler sampler, PrintStream out)
            throws Exception {
        Map<Path, byte[]> bytes = new LinkedHashMap<>();
        for (Upload u : uploads) if (!bytes.containsKey(u.file())) bytes.put(u.file(), Files.readAllBytes(u.file()));
        long totalBytes = uploads.stream().mapToLong(u -> bytes.get(u.file()).length).sum();
        Duration timeout = Duration.ofMinutes(10).plus(Duration.ofSeconds(3L * uploads.size()));

        String loadBefore = ProcStats.loadAverage();
        CpuTicks ticks0 = CpuTicks.now();
        sampler.begin();
        out.printf(Locale.ROOT, "phase 1: putting %d photos (%.0f MB) through S3, %d at a time; load average %s%n",
                uploads.size(), totalBytes / 1e6, UPLOADS_AT_ONCE, loadBefore);
        Map<PhotoKey, Instant> putDone = new ConcurrentHashMap<>();
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        ExecutorService uploaders = Executors.newFixedThreadPool(UPLOADS_AT_ONCE);
        List<Future<?>> puts = new ArrayList<>();
        for (Upload u : uploads) {
            puts.add(uploaders.submit(() -> {
                s3.putObject(r -> r.bucket(d.originalsBucket()).key(u.key().value()).contentType("image/jpeg"),
                        RequestBody.fromBytes(bytes.get(u.file())));
                putDone.put(u.key(), Instant.now());
                return null;
            }));
        }
        uploaders.shutdown();

        Map<PhotoKey, Long> settledMillis = new LinkedHashMap<>();
        Map<String, Integer> reasons = new TreeMap<>();
        int ready = 0;
        int failed = 0;
        long uploadEnd = 0;
        long lastPrint = System.nanoTime();
        boolean timedOut = false;
        while (settledMillis.size() < uploads.size()) {
            if (uploadEnd == 0 && uploaders.isTerminated()) {
                for (Future<?> f : puts) f.get(); // a failed PUT stops the bench with its cause
                uploadEnd = System.nanoTime();
            }
            List<PhotoKey> waiting = new ArrayList<>();
            for (Upload u : uploads) if (putDone.containsKey(u.key()) && !settledMillis.containsKey(u.key())) waiting.add(u.key());
            for (Map.Entry<PhotoKey, PhotoIndex.Stored> e : index.getAll(waiting).entrySet()) {
                PhotoIndex.Stored s = e.getValue();
                if (s.deleted() || s.row().status() == PhotoStatus.PENDING) continue;
                Instant at = s.row().state().updatedAt() != null ? s.row().state().updatedAt() : Instant.now();
                settledMillis.put(e.getKey(), Math.max(0, Duration.between(putDone.get(e.getKey()), at).toMillis()));
                if (s.row().status() == PhotoStatus.READY) {
                    ready++;
                } else {
                    failed++;
                    reasons.merge(String.valueOf(s.row().state().failureReason()), 1, Integer::sum);
                }
            }
            if (System.nanoTime() - lastPrint > 10_000_000_000L || settledMillis.size() == uploads.size()) {
                out.printf(Locale.ROOT, "  %4.0f s  uploaded %d/%d, ready %d, failed %d, gallery RSS %s%n", (System.nanoTime() - t0) / 1e9,
                        putDone.size(), uploads.size(), ready, failed,
                        sampler.rssNow());
                lastPrint = System.nanoTime();
            }
            if (System.nanoTime() - t0 > timeout.toNanos()) {
                timedOut = true;
                out.printf(Locale.ROOT, "  gave up after %d min: %d photos still pending%n", timeout.toMinutes(), uploads.size() - settledMillis.size());
                break;
            }
            if (settledMillis.size() < uploads.size()) Thread.sleep(POLL);
        }
        uploaders.shutdownNow();
        // the last row's own timestamp, not the poll that saw it
        long lastSettled = 0;
        for (Map.Entry<PhotoKey, Long> e : settledMillis.entrySet()) {
            lastSettled = Math.max(lastSettled, putDone.get(e.getKey()).toEpochMilli() + e.getValue());
        }
        Duration wall = lastSettled == 0 ? Duration.ofNanos(System.nanoTime() - t0)
                : Duration.ofMillis(Math.max(0, lastSettled - started.toEpochMilli()));
        Duration uploadWall = Duration.ofNanos((uploadEnd == 0 ? System.nanoTime() : uploadEnd) - t0);
        ProcessSampler.Window window = sampler.end();
        return new Result(uploads.size(), albums(uploads), ready, failed, reasons, totalBytes, uploadWall, wall, Latencies.of(settledMillis.values()),
                window, loadBefore, ProcStats.loadAverage(), CpuTicks.now().busyShareSince(ticks0), timedOut);
    }
}
