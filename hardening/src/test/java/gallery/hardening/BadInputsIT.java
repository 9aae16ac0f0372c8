package gallery.hardening;

import gallery.core.PhotoKey;
import gallery.hardening.Corpus.Expect;
import gallery.hardening.Corpus.Sample;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file of the adversarial {@link Corpus} goes the whole way: PUT to the originals bucket on
 * the local stack, S3 event, ingest (ranged GET, gate, row), render queue, the resizer-worker in
 * a child JVM (so a libvips crash is counted, not fatal), renditions and row. The figure: files
 * tried, crashes, photos left PENDING, each bad file's FAILED reason, the worker's peak memory.
 */
class BadInputsIT {
    static final Path LOGS = Figures.moduleDir().resolve("target/hardening-logs");

    @TempDir
    Path data;

    @Test
    void everyBadFileEndsAsAFailedRowWithAReasonAndNothingCrashes() throws Exception {
        List<Sample> corpus = Corpus.generate(Files.createDirectories(data.resolve("corpus")));
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(40);

        Map<Sample, PhotoKey> keys = new LinkedHashMap<>();
        int crashes = 0;
        List<String> crashNotes = new ArrayList<>();
        long peakKb = -1;
        WorkerProcess.Stats stats;
        int workersStarted = 1;
        try (Pipeline p = new Pipeline(data.resolve("stack"), Duration.ofSeconds(30), 3, true)) {
            WorkerProcess worker = p.startWorker(1, 2, LOGS.resolve("bad-inputs-worker.log"));
            try {
                for (Sample s : corpus) {
                    PhotoKey key = PhotoKey.of("photos/corpus/" + s.name());
                    keys.put(s, key);
                    if (s.file() != null) p.upload(key, s.file());
                    else p.upload(key, s.bytes());
                }
                WorkerProcess[] current = {worker};
                int[] deaths = {0};
                long[] peak = {-1};
                p.settle(() -> p.allTerminal(keys.values()), Duration.ofMinutes(4), () -> {
                    peak[0] = Math.max(peak[0], current[0].vmHwmKb());
                    if (current[0].crashed()) {
                        deaths[0]++;
                        crashNotes.add("worker pid " + current[0].pid() + " exited with " + current[0].exitCode());
                        current[0] = p.startWorker(1, 2, LOGS.resolve("bad-inputs-worker.log"));
                    }
                });
                worker = current[0];
                crashes = deaths[0];
                workersStarted += deaths[0];
                stats = worker.stop();
                peakKb = Math.max(peak[0], stats.vmHwmKb());
            } finally {
                worker.close();
            }

            Map<PhotoKey, Integer> renditions = p.renditionsPerPhoto();
            List<List<String>> rows = new ArrayList<>();
            int failedWithReason = 0, ready = 0, stuck = 0, missing = 0, asExpected = 0, badFiles = 0, badFilesFailed = 0;
            Map<String, Integer> reasonKinds = new TreeMap<>();
            List<String> surprises = new ArrayList<>();
            for (Sample s : corpus) {
                PhotoKey key = keys.get(s);
                Optional<PhotoRow> row = p.row(key);
                String status = row.map(r -> r.status().name()).orElse("no row");
                String reason = row.map(r -> r.state().failureReason()).orElse(null);
                int n = renditions.getOrDefault(key, 0);
                if (row.isEmpty()) missing++;
                else if (row.get().status() == PhotoStatus.PENDING) stuck++;
                else if (row.get().status() == PhotoStatus.READY) ready++;
                else if (reason != null && !reason.isBlank()) {
                    failedWithReason++;
                    reasonKinds.merge(kind(reason), 1, Integer::sum);
                }
                boolean ok = switch (s.expect()) {
                    case READY -> "READY".equals(status) && n > 0;
                    case FAILED -> "FAILED".equals(status) && reason != null && !reason.isBlank() && n == 0;
                    case EITHER -> ("READY".equals(status) && n > 0) || ("FAILED".equals(status) && reason != null && !reason.isBlank() && n == 0);
                };
                if (ok) asExpected++;
                else surprises.add(s.name() + ": expected " + s.expect() + ", got " + status + " (" + reason + ", " + n + " renditions)");
                if (s.expect() != Expect.READY) {
                    badFiles++;
                    if ("FAILED".equals(status)) badFilesFailed++;
                }
                rows.add(List.of("`" + s.name() + "`", s.what(), human(s.size()), s.expect().name().toLowerCase(), status,
                        String.valueOf(n), reason == null ? "" : shorten(reason.replace(key.value() + ": ", ""), 150)));
            }
            long renderDlq = p.depth(p.d.queues().renderDlq());
            long ingestDlq = p.depth(p.d.queues().ingestDlq());

            Figures f = new Figures("bad-inputs", "Bad inputs through the whole pipeline");
            f.paragraph("Each file is PUT to the originals bucket of the local stack (S3Proxy, ElasticMQ, DynamoDB Local); "
                    + "the real ingest handler runs in the test JVM behind a Lambda-like poller, the real resizer-worker "
                    + "in a child JVM (`-Xmx512m`, system libvips " + libvipsVersion() + "), so a native crash would end that "
                    + "process and be counted here. The corpus is generated on each run (seeded damage).");
            f.table(List.of("figure", "value"), List.of(
                    List.of("files tried", String.valueOf(corpus.size())),
                    List.of("bad or damaged files (expected failed or either)", String.valueOf(badFiles)),
                    List.of("... of which FAILED with a reason", badFilesFailed + " (the rest rendered: damage the decoder tolerates)"),
                    List.of("valid files READY (controls, CMYK, 16-bit, absurd EXIF)", (ready - (badFiles - badFilesFailed)) + " of " + (corpus.size() - badFiles)),
                    List.of("rows FAILED with a reason / READY", failedWithReason + " / " + ready),
                    List.of("outcome as expected", asExpected + " of " + corpus.size()),
                    List.of("worker JVM crashes (exited unasked)", crashes + (crashNotes.isEmpty() ? "" : " " + crashNotes)),
                    List.of("uncaught exceptions out of a handler (worker / ingest)", stats.thrown() + " / " + p.ingestCounts.thrown),
                    List.of("retryable item failures (worker / ingest)", stats.itemFailures() + " / " + p.ingestCounts.itemFailures),
                    List.of("render messages handled by the worker", String.valueOf(stats.messages())),
                    List.of("photos stuck PENDING", String.valueOf(stuck)),
                    List.of("uploads without a row", String.valueOf(missing)),
                    List.of("dead-letter messages (ingest / render)", ingestDlq + " / " + renderDlq),
                    List.of("peak worker memory (VmHWM of the child JVM)", peakKb < 0 ? "n/a" : (peakKb / 1024) + " MiB"),
                    List.of("worker JVMs started", String.valueOf(workersStarted))));
            f.heading("Failure reasons, by kind");
            List<List<String>> kinds = new ArrayList<>();
            reasonKinds.forEach((k, v) -> kinds.add(List.of(k, String.valueOf(v))));
            f.table(List.of("reason (first words)", "files"), kinds);
            f.heading("Per file");
            f.table(List.of("file", "what", "size", "expected", "row", "renditions", "reason"), rows);
            List<String> viaMagick = new ArrayList<>();
            for (Sample s : corpus) {
                String reason = p.row(keys.get(s)).map(r -> r.state().failureReason()).orElse("");
                if (reason != null && reason.contains("magick")) viaMagick.add("`" + s.name() + "`");
            }
            if (!viaMagick.isEmpty()) {
                f.heading("Finding: libvips handed files to ImageMagick").paragraph("The reasons of " + String.join(", ", viaMagick)
                        + " come from libvips' magick loader: the file passed the sniff as an allowed type, the type's own "
                        + "loader declined it, and `vips_image_new_from_buffer` (which picks a loader by content) tried "
                        + "ImageMagick next. The renderer refuses a loader other than the sniffed one, but only after that "
                        + "loader has parsed the header, so ImageMagick's (and in principle poppler's or openslide's) parsers "
                        + "see untrusted bytes. Calling the sniffed type's loader directly (`vips_tiffload_buffer`, ...) or "
                        + "`vips_block_untrusted_set(TRUE)` (libvips 8.13+) would close that.");
            }
            if (!surprises.isEmpty()) f.heading("Not as expected").paragraph(String.join("<br>", surprises));
            f.publish();

            assertThat(crashes).as("worker JVM crashes").isZero();
            assertThat(stats.thrown()).as("uncaught exceptions in the worker").isZero();
            assertThat(p.ingestCounts.thrown).as("uncaught exceptions in ingest").hasValue(0);
            assertThat(stuck).as("photos stuck PENDING").isZero();
            assertThat(missing).as("uploads without a row").isZero();
            assertThat(surprises).as("files whose outcome was not the expected one").isEmpty();
        }
    }

    /** The kind of a reason: its words up to the first colon or number, e.g. "file is too large". */
    static String kind(String reason) {
        String r = reason.replaceFirst("^photos/corpus/[^:]+: ", "");
        String k = r.split("[:0-9(]")[0].trim();
        return k.isEmpty() ? shorten(r, 40) : shorten(k, 60);
    }

    static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    static String human(long bytes) {
        if (bytes >= 1 << 30) return (bytes >> 30) + " GiB";
        if (bytes >= 1 << 20) return (bytes >> 20) + " MiB";
        if (bytes >= 1 << 10) return (bytes >> 10) + " KiB";
        return bytes + " B";
    }

    static String libvipsVersion() {
        return gallery.imaging.vips.Vips.load(Optional.empty(), 0).version();
    }
}
