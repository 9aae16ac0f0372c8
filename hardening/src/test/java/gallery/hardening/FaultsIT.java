package gallery.hardening;

import gallery.testing.SampleImages;

import gallery.core.PhotoKey;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import gallery.local.LambdaPoller;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults on the local stack, one scenario after another on one stack: the worker killed mid-batch,
 * S3 and DynamoDB answering errors and slowly, events delivered twice and out of order, photos
 * deleted while they render, a dead-letter queue filled and redriven. After each: every photo is
 * where its last event puts it (READY, FAILED with a reason, or deleted), and the derived bucket
 * holds exactly the renditions the index lists: nothing lost, nothing duplicated, nothing orphaned.
 */
class FaultsIT {
    static final Path LOGS = Figures.moduleDir().resolve("target/hardening-logs");
    /** Short, so a message whose handler died comes back within seconds. */
    static final Duration VISIBILITY = Duration.ofSeconds(5);
    static final int MAX_RECEIVES = 3;

    @TempDir
    Path data;

    /** One scenario's outcome, a line of the figure. */
    record Outcome(String scenario, int uploaded, int expectReady, int expectFailed, int expectDeleted, int ready, int failedWithReason,
                   int deleted, int pending, int lost, int renditionMismatches, int orphans, String notes) {
        List<String> cells() {
            return List.of(scenario, String.valueOf(uploaded), ready + " / " + expectReady, failedWithReason + " / " + expectFailed,
                    deleted + " / " + expectDeleted, String.valueOf(pending), String.valueOf(lost),
                    String.valueOf(renditionMismatches), String.valueOf(orphans), notes);
        }
    }

    private Pipeline p;
    private final List<Outcome> outcomes = new ArrayList<>();
    private final byte[][] photos = new byte[6][];

    @Test
    void nothingIsLostOrDuplicatedWhateverBreaks() throws Exception {
        for (int i = 0; i < photos.length; i++) {
            photos[i] = SampleImages.jpeg(Corpus.picture(1600 - 100 * i, 1000 + 50 * i, 100 + i), 0.9f, false);
        }
        FaultInjector faults = new FaultInjector(400);
        try (Pipeline pipeline = new Pipeline(data.resolve("stack"), VISIBILITY, MAX_RECEIVES, false)) {
            p = pipeline;
            LambdaPoller ingest = p.ingestPoller(faults);
            try {
                killTheWorkerMidBatch();
                LambdaPoller worker = p.workerPoller(faults);
                try {
                    errorsAndSlowResponses(faults);
                    ingest.close();
                    ingest = duplicatedAndReorderedEvents(faults);
                    deleteDuringRendering(faults);
                    deadLetterAndRedrive(faults);
                } finally {
                    worker.close();
                }
            } finally {
                ingest.close();
            }

            Figures f = new Figures("faults", "Faults: nothing lost, nothing duplicated");
            f.paragraph("One local stack (S3Proxy, ElasticMQ, DynamoDB Local), visibility timeout " + VISIBILITY.toSeconds()
                    + " s, " + MAX_RECEIVES + " receives before the dead-letter queue. The real ingest and resizer-worker handlers; "
                    + "faults come from an SDK execution interceptor on their S3 and DynamoDB clients, or from killing the "
                    + "worker's JVM. *ready*, *failed with reason* and *deleted* are actual / expected; *lost* = neither where its last event puts it; "
                    + "*rendition mismatches* = photos whose objects in the derived bucket differ from the renditions their row "
                    + "lists; *orphans* = rendition objects of photos that are not READY.");
            List<List<String>> rows = new ArrayList<>();
            Outcome total = total();
            for (Outcome o : outcomes) rows.add(o.cells());
            rows.add(total.cells());
            f.table(List.of("scenario", "uploaded", "ready", "failed with reason", "deleted", "pending", "lost",
                    "rendition mismatches", "orphans", "notes"), rows);
            f.heading("Faults injected (service, operation, kind)");
            List<List<String>> injected = new ArrayList<>();
            faults.injected().forEach((k, v) -> injected.add(List.of(k, String.valueOf(v))));
            f.table(List.of("fault", "count"), injected);
            f.paragraph("Calls the handlers' S3 and DynamoDB clients made (attempts, retries included): " + faults.seen() + ".");
            f.paragraph("Handler counts: ingest " + p.ingestCounts + "; in-process worker " + p.workerCounts
                    + " (item failures are messages SQS delivered again).");
            f.publish();

            assertThat(total.lost()).as("photos lost").isZero();
            assertThat(total.pending()).as("photos left pending").isZero();
            assertThat(total.renditionMismatches()).as("photos whose renditions differ from their row").isZero();
            assertThat(total.orphans()).as("rendition objects of photos that are not ready").isZero();
            assertThat(total.ready()).as("ready photos").isEqualTo(total.expectReady());
            assertThat(total.deleted()).as("deleted photos").isEqualTo(total.expectDeleted());
            assertThat(total.failedWithReason()).as("bad files failed with a reason").isEqualTo(total.expectFailed());
        }
    }

    private Outcome total() {
        int[] s = new int[11];
        for (Outcome o : outcomes) {
            int[] v = {o.uploaded(), o.expectReady(), o.expectFailed(), o.expectDeleted(), o.ready(), o.failedWithReason(), o.deleted(),
                    o.pending(), o.lost(), o.renditionMismatches(), o.orphans()};
            for (int i = 0; i < v.length; i++) s[i] += v[i];
        }
        return new Outcome("**all**", s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], "");
    }

    // ---- scenarios -----------------------------------------------------------------------------

    /** A worker JVM killed (-9) with a batch in flight; a new worker gets the messages when their visibility ends. */
    private void killTheWorkerMidBatch() {
        List<PhotoKey> keys = keys("kill", 10);
        WorkerProcess first = p.startWorker(5, 1, LOGS.resolve("faults-worker-killed.log"));
        String note;
        try {
            for (int i = 0; i < keys.size(); i++) p.upload(keys.get(i), photos[i % photos.length]);
            // Mid-batch: some photos done, the rest of the batch received but unfinished.
            p.settle(() -> readyCount(keys) >= 2, Duration.ofMinutes(2), null);
            long inFlight = notVisible(p.d.queues().render());
            int readyAtKill = readyCount(keys);
            first.kill();
            assertThat(readyAtKill).as("photos ready when the worker was killed (it must die mid-way)").isLessThan(keys.size());
            note = "killed with " + readyAtKill + " ready, " + inFlight + " render messages in flight";
        } finally {
            first.close();
        }
        WorkerProcess second = p.startWorker(5, 1, LOGS.resolve("faults-worker-second.log"));
        try {
            p.settle(() -> readyCount(keys) == keys.size(), Duration.ofMinutes(3), null);
        } finally {
            second.stop();
        }
        outcomes.add(check("worker JVM killed mid-batch", keys, Set.of(), note));
    }

    /** A third of S3 and DynamoDB attempts fail (reset, 503/500 after the write happened) or stall, for a budget of faults. */
    private void errorsAndSlowResponses(FaultInjector faults) {
        List<PhotoKey> keys = keys("flaky", 12);
        // Two bad files among them: refusing one (ingest) and failing one (worker) must survive faults too.
        PhotoKey html = keys.get(10), truncated = keys.get(11);
        long before = p.workerCounts.itemFailures.get() + p.ingestCounts.itemFailures.get();
        int injectedBefore = faults.injectedTotal();
        faults.arm(3, 90, call -> call.startsWith("S3 ") || call.startsWith("DynamoDb "));
        for (int i = 0; i < 10; i++) p.upload(keys.get(i), photos[i % photos.length]);
        p.upload(html, "<!DOCTYPE html><html><body>not a photo</body></html>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.upload(truncated, java.util.Arrays.copyOf(photos[0], photos[0].length / 2));
        p.settle(() -> p.allTerminal(keys), Duration.ofMinutes(3), null);
        faults.disarm();
        int redriven = redriveAll();
        if (redriven > 0) p.settle(() -> p.allTerminal(keys), Duration.ofMinutes(2), null);
        long retried = p.workerCounts.itemFailures.get() + p.ingestCounts.itemFailures.get() - before;
        outcomes.add(check("S3 and DynamoDB errors and slow answers", keys, Set.of(), Set.of(html, truncated),
                (faults.injectedTotal() - injectedBefore) + " faults injected, " + retried + " messages redelivered, "
                        + redriven + " redriven from a DLQ"));
    }

    /**
     * Events held back, then delivered twice each and in reverse order: a photo uploaded once; one
     * overwritten (v2 must win); one uploaded then deleted (must stay deleted); one deleted and
     * uploaded again (the second upload must win).
     */
    private LambdaPoller duplicatedAndReorderedEvents(FaultInjector faults) {
        List<PhotoKey> keys = keys("replay", 4);
        PhotoKey once = keys.get(0), overwritten = keys.get(1), deleted = keys.get(2), recreated = keys.get(3);
        p.upload(once, photos[0]);
        p.upload(overwritten, photos[1]);
        p.upload(overwritten, photos[2]);
        p.upload(deleted, photos[3]);
        p.delete(deleted);
        p.upload(recreated, photos[4]);
        p.delete(recreated);
        p.upload(recreated, photos[5]);

        List<String> bodies = drain(p.d.queues().ingest(), 8);
        List<String> replay = new ArrayList<>();
        for (String b : bodies) {
            replay.add(b);
            replay.add(b);
        }
        Collections.reverse(replay);
        for (String b : replay) p.sqs.sendMessage(m -> m.queueUrl(p.d.queues().ingest()).messageBody(b));

        LambdaPoller ingest = p.ingestPoller(faults);
        p.settle(() -> Pipeline.terminal(p.row(once)) && Pipeline.terminal(p.row(overwritten)) && Pipeline.terminal(p.row(recreated))
                && p.row(deleted).isEmpty(), Duration.ofMinutes(2), null);
        String note = bodies.size() + " events held, delivered as " + replay.size() + " (each twice, reversed)";
        PhotoRow v2 = p.row(overwritten).orElse(null);
        int[] expected = dimensionsOf(photos[2]);
        boolean v2Won = v2 != null && v2.metadata().width() != null && v2.metadata().width() == expected[0] && v2.metadata().height() == expected[1];
        PhotoRow again = p.row(recreated).orElse(null);
        int[] expectedAgain = dimensionsOf(photos[5]);
        boolean recreatedWon = again != null && again.metadata().width() != null && again.metadata().width() == expectedAgain[0];
        note += "; overwrite " + (v2Won ? "kept v2" : "LOST v2") + "; re-upload after delete " + (recreatedWon ? "kept" : "LOST");
        Outcome o = check("events twice and out of order", keys, Set.of(deleted), note);
        if (!v2Won || !recreatedWon) o = withLost(o, (v2Won ? 0 : 1) + (recreatedWon ? 0 : 1));
        outcomes.add(o);
        return ingest;
    }

    /** The original deleted while its render runs: once after the worker downloaded it, once as its first rendition is written. */
    private void deleteDuringRendering(FaultInjector faults) {
        List<PhotoKey> keys = keys("deleted-while-rendering", 3);
        PhotoKey afterDownload = keys.get(0), duringWrites = keys.get(1), kept = keys.get(2);
        var downloadHook = faults.hook(call -> call.equals("S3 GetObject " + afterDownload.value()), call -> deleteAndWait(afterDownload));
        var writeHook = faults.hook(call -> call.startsWith("S3 PutObject renditions/") && call.endsWith(duringWrites.value() + ".webp"),
                call -> deleteAndWait(duringWrites));
        for (int i = 0; i < keys.size(); i++) p.upload(keys.get(i), photos[i]);
        p.settle(() -> p.row(afterDownload).isEmpty() && p.row(duringWrites).isEmpty() && Pipeline.terminal(p.row(kept))
                && p.renditionsPerPhoto().getOrDefault(duringWrites, 0) == 0, Duration.ofMinutes(2), null);
        assertThat(downloadHook).as("the delete after the worker's download happened").hasValue(1);
        assertThat(writeHook).as("the delete at the first rendition write happened").hasValue(1);
        outcomes.add(check("deleted during rendering", keys, Set.of(afterDownload, duringWrites),
                "one deleted right after the worker downloaded it, one as its first rendition was written"));
    }

    /** Every rendition write fails until the messages pass through the dead-letter queue; then healed and redriven. */
    private void deadLetterAndRedrive(FaultInjector faults) {
        List<PhotoKey> keys = keys("dead-letter", 5);
        faults.arm(1, Integer.MAX_VALUE, call -> call.startsWith("S3 PutObject renditions/") && call.contains("/dead-letter/"),
                FaultInjector.Kind.RESET);
        for (int i = 0; i < keys.size(); i++) p.upload(keys.get(i), photos[i]);
        p.settle(() -> p.depth(p.d.queues().renderDlq()) >= keys.size(), Duration.ofMinutes(3), null);
        long inDlq = p.depth(p.d.queues().renderDlq());
        int pendingThen = (int) keys.stream().filter(k -> p.row(k).map(r -> r.status() == PhotoStatus.PENDING).orElse(false)).count();
        faults.disarm();
        int moved = redriveAll();
        p.settle(() -> readyCount(keys) == keys.size(), Duration.ofMinutes(2), null);
        outcomes.add(check("dead-letter queue filled, then redriven", keys, Set.of(),
                inDlq + " messages in the render DLQ (" + pendingThen + " photos pending), " + moved + " redriven"));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private void deleteAndWait(PhotoKey key) {
        p.delete(key);
        // Hold the render here until ingest has applied the removal, so the worker carries on against a deleted photo.
        p.settle(() -> p.row(key).isEmpty(), Duration.ofSeconds(60), null);
    }

    private static List<PhotoKey> keys(String album, int n) {
        List<PhotoKey> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) keys.add(PhotoKey.of("photos/" + album + "/IMG_" + (1000 + i) + ".jpg"));
        return keys;
    }

    private int readyCount(List<PhotoKey> keys) {
        int n = 0;
        for (PhotoKey k : keys) if (p.row(k).map(r -> r.status() == PhotoStatus.READY).orElse(false)) n++;
        return n;
    }

    private long notVisible(String queue) {
        return Long.parseLong(p.sqs.getQueueAttributes(g -> g.queueUrl(queue)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** Receives and deletes {@code expected} messages (the held-back S3 events), in arrival order. */
    private List<String> drain(String queue, int expected) {
        List<String> bodies = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (bodies.size() < expected && System.nanoTime() < deadline) {
            for (Message m : p.sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                bodies.add(m.body());
                p.sqs.deleteMessage(d -> d.queueUrl(queue).receiptHandle(m.receiptHandle()));
            }
        }
        assertThat(bodies).as("S3 events held back").hasSize(expected);
        return bodies;
    }

    /**
     * Moves every dead-lettered message back to its source queue, as the admin's redrive does: SQS's
     * own message move task where the queue service has it, else receive, send, delete.
     */
    private int redriveAll() {
        int moved = 0;
        for (String[] pair : new String[][]{{p.d.queues().ingestDlq(), p.d.queues().ingest()}, {p.d.queues().renderDlq(), p.d.queues().render()}}) {
            while (true) {
                List<Message> batch = p.sqs.receiveMessage(r -> r.queueUrl(pair[0]).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
                if (batch.isEmpty()) break;
                for (Message m : batch) {
                    p.sqs.sendMessage(s -> s.queueUrl(pair[1]).messageBody(m.body()));
                    p.sqs.deleteMessage(d -> d.queueUrl(pair[0]).receiptHandle(m.receiptHandle()));
                    moved++;
                }
            }
        }
        return moved;
    }

    private static int[] dimensionsOf(byte[] jpeg) {
        java.awt.image.BufferedImage img;
        try {
            img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new int[]{img.getWidth(), img.getHeight()};
    }

    /** Where each photo is against where its last event puts it, and its renditions against its row. */
    private Outcome check(String scenario, List<PhotoKey> keys, Set<PhotoKey> expectDeleted, String notes) {
        return check(scenario, keys, expectDeleted, Set.of(), notes);
    }

    private Outcome check(String scenario, List<PhotoKey> keys, Set<PhotoKey> expectDeleted, Set<PhotoKey> expectFailed, String notes) {
        Map<PhotoKey, Integer> objects = p.renditionsPerPhoto();
        int ready = 0, failed = 0, deleted = 0, pending = 0, lost = 0, mismatches = 0, orphans = 0;
        Map<PhotoKey, String> problems = new LinkedHashMap<>();
        for (PhotoKey k : keys) {
            Optional<PhotoRow> row = p.row(k);
            int n = objects.getOrDefault(k, 0);
            if (row.isEmpty()) {
                deleted++;
                if (!expectDeleted.contains(k)) {
                    lost++;
                    problems.put(k, "no row");
                }
                orphans += n;
                continue;
            }
            PhotoRow r = row.get();
            switch (r.status()) {
                case READY -> {
                    ready++;
                    if (expectDeleted.contains(k) || expectFailed.contains(k)) {
                        lost++;
                        problems.put(k, "READY but expected " + (expectDeleted.contains(k) ? "deleted" : "FAILED"));
                    }
                    if (n != r.rendering().renditions().size() || n == 0) {
                        mismatches++;
                        problems.put(k, n + " rendition objects, row lists " + r.rendering().renditions().size());
                    }
                }
                case FAILED -> {
                    boolean withReason = r.state().failureReason() != null && !r.state().failureReason().isBlank();
                    if (withReason) failed++;
                    if (!expectFailed.contains(k) || !withReason) {
                        lost++;
                        problems.put(k, "FAILED: " + r.state().failureReason());
                    }
                    orphans += n;
                }
                case PENDING -> {
                    pending++;
                    lost++;
                    problems.put(k, "PENDING");
                    orphans += n;
                }
            }
        }
        String all = problems.isEmpty() ? notes : notes + "; problems: " + problems;
        return new Outcome(scenario, keys.size(), keys.size() - expectDeleted.size() - expectFailed.size(), expectFailed.size(),
                expectDeleted.size(), ready, failed,
                deleted, pending, lost, mismatches, orphans, all);
    }

    private static Outcome withLost(Outcome o, int extra) {
        return new Outcome(o.scenario(), o.uploaded(), o.expectReady(), o.expectFailed(), o.expectDeleted(), o.ready(), o.failedWithReason(),
                o.deleted(), o.pending(), o.lost() + extra, o.renditionMismatches(), o.orphans(), o.notes());
    }
}
