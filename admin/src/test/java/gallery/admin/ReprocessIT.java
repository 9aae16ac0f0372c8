package gallery.admin;

import gallery.core.PhotoKey;
import gallery.core.RenderJob;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import gallery.local.LocalQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

class ReprocessIT {
    static final Path NATURE = Path.of("/usr/share/backgrounds/mate/nature");
    static final Duration RENDER = Duration.ofSeconds(120);

    @TempDir
    Path data;

    static Predicate<PhotoRow> readyWith(String preset) {
        return r -> r.status() == PhotoStatus.READY && preset.equals(r.presetName());
    }

    /**
     * The deployment's preset changes from default to jpeg. One photo was already rendered with jpeg,
     * one original's S3 event was lost (no row). reprocess --missing queues exactly the two photos
     * still on the old preset and sends the lost one to ingest; all four end READY with jpeg.
     */
    @Test
    void afterAPresetChangeQueuesExactlyThePhotosThatNeedItAndTheyEndReady() throws Exception {
        PhotoKey lost = new PhotoKey("photos/Nature/Lost Storm.jpg");
        // A first run of the stack without handlers: the upload's event sits in the ingest queue,
        // and queues start empty at the next start, so its event is lost.
        try (LocalGallery g = LocalGallery.start(data, Set.of())) {
            g.s3.putObject(b -> b.bucket(g.d.originalsBucket()).key(lost.value()), RequestBody.fromFile(NATURE.resolve("Storm.jpg")));
        }

        List<PhotoKey> keys = List.of(new PhotoKey("photos/Nature/Aqua.jpg"), new PhotoKey("photos/Nature/Garden.jpg"),
                new PhotoKey("photos/Nature/GreenMeadow.jpg"));
        try (LocalGallery g = LocalGallery.start(data, Set.of(LocalQueue.INGEST, LocalQueue.RENDER))) {
            for (PhotoKey k : keys) {
                g.s3.putObject(b -> b.bucket(g.d.originalsBucket()).key(k.value()), RequestBody.fromFile(NATURE.resolve(k.fileName())));
            }
            for (PhotoKey k : keys) g.await(k, readyWith("default"), RENDER);
            LocalGallery.Run upToDate = g.admin("reprocess", "--dry-run");
            System.out.println(upToDate);
            assertThat(upToDate.out()).contains("4 originals listed").containsPattern("would\\ssend\\sto\\singest\\s+1\\s+not in the index")
                    .containsPattern("skipped\\s+3\\s+up to date").doesNotContain("would queue:");
        }

        // The preset changes: the handlers now render with jpeg.
        try (LocalGallery g = LocalGallery.start(data, Set.of(LocalQueue.INGEST, LocalQueue.RENDER, LocalQueue.REPROCESS),
                Map.of("PRESET", "jpeg"), b -> b)) {
            PhotoKey already = keys.get(0);
            PhotoRow row = g.index.get(already).orElseThrow();
            g.sqs.sendMessage(m -> m.queueUrl(g.d.queues().render())
                    .messageBody(new RenderJob(g.d.originalsBucket(), already.value(), row.versionId(), row.eTag(), "jpeg").toJson()));
            g.await(already, readyWith("jpeg"), RENDER);

            LocalGallery.Run plan = g.admin("reprocess", "--missing", "--preset", "jpeg", "--dry-run");
            System.out.println(plan);
            assertThat(plan.exit()).isZero();
            assertThat(plan.out()).contains("would queue: photos/Nature/Garden.jpg (rendered with an older or other preset)")
                    .contains("would queue: photos/Nature/GreenMeadow.jpg (rendered with an older or other preset)")
                    .contains("would send to ingest: photos/Nature/Lost Storm.jpg (not in the index)")
                    .doesNotContain("Aqua.jpg");

            assertThat(plan.out()).contains("estimated S3 cost of this run:").containsPattern("read 3 originals in STANDARD, .*retrieval \\$0\\.0000");
            LocalGallery.Run tooDear = g.admin("reprocess", "--preset", "jpeg", "--max-cost", "0");
            assertThat(tooDear.exit()).isEqualTo(1);
            assertThat(tooDear.err()).containsPattern("not started: the estimate \\$0\\.00\\d\\d is above --max-cost \\$0\\.0000");
            assertThat(tooDear.out()).doesNotContain("total:");
            LocalGallery.Run run = g.admin("reprocess", "--preset", "jpeg");
            System.out.println(run);
            assertThat(run.exit()).isZero();
            assertThat(run.out()).contains("total: 2 queued on the reprocess lane, 1 sent to ingest, 0 could not be sent");
            assertThat(run.err()).contains("queuing [").contains("4/4 photos");

            for (PhotoKey k : keys) g.await(k, readyWith("jpeg"), RENDER);
            PhotoRow recovered = g.await(lost, readyWith("jpeg"), RENDER);
            assertThat(recovered.renditions()).isNotEmpty();
            assertThat(g.s3.headObject(b -> b.bucket(g.d.derivedBucket()).key("renditions/256/photos/Nature/Garden.jpg.jpg")).contentType())
                    .isEqualTo("image/jpeg");

            LocalGallery.Run again = g.admin("reprocess", "--preset", "jpeg");
            System.out.println(again);
            assertThat(again.out()).containsPattern("skipped\\s+4\\s+up to date")
                    .contains("total: 0 queued on the reprocess lane, 0 sent to ingest");
        }
    }

    /**
     * Interrupted or not, a rerun does not queue again what is still waiting; once the lane is
     * empty, a job that vanished without finishing (here: purged) is queued again.
     */
    @Test
    void aRerunDoesNotQueueTwiceWhatIsWaiting() throws Exception {
        List<PhotoKey> keys = List.of(new PhotoKey("photos/Flowers/FreshFlower.jpg"), new PhotoKey("photos/Flowers/YellowFlower.jpg"),
                new PhotoKey("photos/Other/LadyBird.jpg"));
        // No reprocess handler: jobs stay waiting on the lane.
        try (LocalGallery g = LocalGallery.start(data, Set.of(LocalQueue.INGEST, LocalQueue.RENDER))) {
            for (PhotoKey k : keys) {
                g.s3.putObject(b -> b.bucket(g.d.originalsBucket()).key(k.value()), RequestBody.fromFile(NATURE.resolve(k.fileName())));
            }
            for (PhotoKey k : keys) g.await(k, readyWith("default"), RENDER);

            LocalGallery.Run first = g.admin("reprocess", "--preset", "jpeg", "--album", "Flowers");
            System.out.println(first);
            assertThat(first.out()).contains("2 originals listed under s3://originals/photos/Flowers/")
                    .contains("total: 2 queued on the reprocess lane");
            assertThat(Queues.depth(g.sqs, g.d.queues().reprocess()).total()).isEqualTo(2);

            LocalGallery.Run second = g.admin("reprocess", "--preset", "jpeg", "--album", "Flowers");
            System.out.println(second);
            assertThat(second.out()).containsPattern("skipped\\s+2\\s+already queued on the reprocess lane")
                    .contains("total: 0 queued on the reprocess lane");
            assertThat(Queues.depth(g.sqs, g.d.queues().reprocess()).total()).isEqualTo(2);

            // The jobs vanish without the worker writing the rows (as if dead-lettered and dropped).
            g.sqs.purgeQueue(p -> p.queueUrl(g.d.queues().reprocess()));
            LocalGallery.Run third = g.admin("reprocess", "--preset", "jpeg", "--album", "Flowers");
            System.out.println(third);
            assertThat(third.out()).contains("total: 2 queued on the reprocess lane");

            LocalGallery.Run since = g.admin("reprocess", "--preset", "jpeg", "--since", "2999-01-01", "--dry-run");
            assertThat(since.out()).contains("0 originals listed");
            LocalGallery.Run bad = g.admin("reprocess", "--since", "yesterday");
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(bad.err()).contains("--since yesterday is not a date");
        }
    }
}
