package gallery.admin;

import gallery.core.PhotoKey;
import gallery.core.RenderJob;
import gallery.core.deploy.Lane;
import gallery.index.PhotoIndex;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import gallery.imaging.video.VideoFixtures;
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
        return r -> r.status() == PhotoStatus.READY && preset.equals(r.rendering().presetName());
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
        try (LocalGallery g = LocalGallery.start(data, Set.of(Lane.INGEST, Lane.RENDER))) {
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
        try (LocalGallery g = LocalGallery.start(data, Set.of(Lane.INGEST, Lane.RENDER, Lane.REPROCESS),
                Map.of("PRESET", "jpeg"), b -> b)) {
            PhotoKey already = keys.get(0);
            PhotoRow row = g.index.get(already).orElseThrow();
            g.sqs.sendMessage(m -> m.queueUrl(g.d.queues().render())
                    .messageBody(new RenderJob(g.d.originalsBucket(), already.value(), row.version().versionId(), row.version().eTag(), "jpeg").toJson()));
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
            assertThat(run.out()).contains("total: 2 photos queued on the reprocess lane, 0 videos on the video lane, 1 sent to ingest, 0 could not be sent");
            assertThat(run.err()).contains("queuing [").contains("4/4 photos");

            for (PhotoKey k : keys) g.await(k, readyWith("jpeg"), RENDER);
            PhotoRow recovered = g.await(lost, readyWith("jpeg"), RENDER);
            assertThat(recovered.rendering().renditions()).isNotEmpty();
            assertThat(g.s3.headObject(b -> b.bucket(g.d.derivedBucket()).key("renditions/256/photos/Nature/Garden.jpg.jpg")).contentType())
                    .isEqualTo("image/jpeg");

            LocalGallery.Run again = g.admin("reprocess", "--preset", "jpeg");
            System.out.println(again);
            assertThat(again.out()).containsPattern("skipped\\s+4\\s+up to date")
                    .contains("total: 0 photos queued on the reprocess lane, 0 videos on the video lane, 0 sent to ingest");
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
        try (LocalGallery g = LocalGallery.start(data, Set.of(Lane.INGEST, Lane.RENDER))) {
            for (PhotoKey k : keys) {
                g.s3.putObject(b -> b.bucket(g.d.originalsBucket()).key(k.value()), RequestBody.fromFile(NATURE.resolve(k.fileName())));
            }
            for (PhotoKey k : keys) g.await(k, readyWith("default"), RENDER);

            LocalGallery.Run first = g.admin("reprocess", "--preset", "jpeg", "--album", "Flowers");
            System.out.println(first);
            assertThat(first.out()).contains("2 originals listed under s3://originals/photos/Flowers/")
                    .contains("total: 2 photos queued on the reprocess lane");
            assertThat(Queues.depth(g.sqs, g.d.queues().reprocess()).total()).isEqualTo(2);

            LocalGallery.Run second = g.admin("reprocess", "--preset", "jpeg", "--album", "Flowers");
            System.out.println(second);
            assertThat(second.out()).containsPattern("skipped\\s+2\\s+already queued \\(reprocess lane")
                    .contains("total: 0 photos queued on the reprocess lane");
            assertThat(Queues.depth(g.sqs, g.d.queues().reprocess()).total()).isEqualTo(2);

            // The jobs vanish without the worker writing the rows (as if dead-lettered and dropped).
            g.sqs.purgeQueue(p -> p.queueUrl(g.d.queues().reprocess()));
            LocalGallery.Run third = g.admin("reprocess", "--preset", "jpeg", "--album", "Flowers");
            System.out.println(third);
            assertThat(third.out()).contains("total: 2 photos queued on the reprocess lane");

            LocalGallery.Run since = g.admin("reprocess", "--preset", "jpeg", "--since", "2999-01-01", "--dry-run");
            assertThat(since.exit()).as("an empty selection").isEqualTo(1);
            assertThat(since.err()).contains("nothing to reprocess: no photos modified since 2999-01-01T00:00:00Z");
            LocalGallery.Run bad = g.admin("reprocess", "--since", "yesterday");
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(bad.err()).contains("--since yesterday is not a date");
        }
    }

    /** Videos: status counts them, cost prices their transcode, and reprocess sends them to the video lane, never the render lane. */
    @Test
    void videosAreCountedPricedAndReprocessedOnTheVideoLane(@TempDir Path data) throws Exception {
        PhotoKey video = PhotoKey.of("photos/Phone/clip.mp4");
        PhotoKey photo = PhotoKey.of("photos/Phone/Storm.jpg");
        try (LocalGallery g = LocalGallery.start(data, Set.of(Lane.INGEST, Lane.RENDER, Lane.VIDEO))) {
            g.s3.putObject(b -> b.bucket(g.d.originalsBucket()).key(video.value()), RequestBody.fromFile(VideoFixtures.h264Mp4()));
            g.s3.putObject(b -> b.bucket(g.d.originalsBucket()).key(photo.value()), RequestBody.fromFile(NATURE.resolve("Storm.jpg")));
            g.await(video, r -> r.status() == gallery.index.PhotoStatus.READY, RENDER);
            g.await(photo, r -> r.status() == gallery.index.PhotoStatus.READY, RENDER);

            LocalGallery.Run status = g.admin("status");
            assertThat(status.out()).containsPattern("videos +1 +of the originals are videos").contains("  video ");
            LocalGallery.Run cost = g.admin("cost", "--video-minutes", "10");
            assertThat(cost.exit()).isZero();
            assertThat(cost.out()).contains("(transcode: 10.0 video minutes x").contains("Lambda transcode (video lane)");
        }
        try (LocalGallery g = LocalGallery.start(data, Set.of())) {
            LocalGallery.Run dry = g.admin("reprocess", "--all", "--videos", "--dry-run");
            assertThat(dry.out()).as(dry.toString()).contains("2 originals listed under s3://", ", 1 of them videos (--videos: only those)")
                    .contains("videos: would queue 1 (0.1 minutes of video): ffmpeg makes each one's poster and web copy again")
                    .doesNotContain("next:");
            LocalGallery.Run run = g.admin("reprocess", "--all", "--videos");
            assertThat(run.exit()).as(run.toString()).isZero();
            assertThat(run.out()).contains("total: 0 photos queued on the reprocess lane, 1 video on the video lane, 0 sent to ingest")
                    .contains("videos: queued 1 (0.1 minutes of video)")
                    .contains("next: `./gallery admin status` shows the video lane draining");
            assertThat(Queues.depth(g.sqs, g.d.queues().video()).total()).isEqualTo(1);
            assertThat(Queues.depth(g.sqs, g.d.queues().reprocess()).total()).isZero();
            LocalGallery.Run all = g.admin("reprocess", "--all");
            assertThat(all.exit()).as(all.toString()).isZero();
            assertThat(Queues.depth(g.sqs, g.d.queues().video()).total()).as("the video's job is waiting on its lane: not queued twice").isEqualTo(1);
            assertThat(all.out()).containsPattern("skipped\\s+1\\s+already queued");
            assertThat(Queues.depth(g.sqs, g.d.queues().reprocess()).total()).as("only the photo").isEqualTo(1);
        }
    }

    /**
     * Issue 15: a key with a control character made status, cost and reprocess fail with "Could not
     * parse XML response" (S3 lists such keys only with EncodingType=url), and an unknown album exited 0.
     */
    @Test
    void keysWithControlCharactersAndTrailingSpacesListAndAnUnknownAlbumExitsOne() throws Exception {
        // S3's longest key, 1,024 bytes of UTF-8 (in folders: a file name is at most 255 bytes on S3Proxy's disk)
        String folder = "\u00e9".repeat(100);
        PhotoKey longest = new PhotoKey("photos/Repro/" + (folder + "/").repeat(4) + "a" + "\u00fc".repeat(101) + ".jpg");
        assertThat(longest.value().getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(1024);
        List<PhotoKey> keys = List.of(new PhotoKey("photos/Repro/a\u0001b.jpg"), new PhotoKey("photos/Repro/tab\there.jpg"),
                new PhotoKey("photos/Repro /p .jpg"), longest);
        try (LocalGallery g = LocalGallery.start(data, Set.of(Lane.INGEST, Lane.RENDER))) {
            for (PhotoKey k : keys) {
                g.s3.putObject(b -> b.bucket(g.d.originalsBucket()).key(k.value()), RequestBody.fromFile(NATURE.resolve("Garden.jpg")));
            }
            for (PhotoKey k : keys) g.await(k, readyWith("default"), RENDER);

            LocalGallery.Run status = g.admin("status");
            assertThat(status.exit()).as(status.toString()).isZero();
            assertThat(status.out()).contains("photos: 4 originals").containsPattern("ready\\s+4");
            assertThat(g.index.queries().album(longest.album(), null, 10).items()).extracting(r -> r.key()).containsExactly(longest);
            LocalGallery.Run plan = g.admin("reprocess", "--dry-run");
            assertThat(plan.exit()).as(plan.toString()).isZero();
            assertThat(plan.out()).contains("4 originals listed").containsPattern("skipped\\s+4\\s+up to date");
            LocalGallery.Run album = g.admin("reprocess", "--album", "Repro ", "--dry-run");
            assertThat(album.out()).as(album.toString()).contains("1 originals listed");
            LocalGallery.Run cost = g.admin("cost");
            assertThat(cost.exit()).as(cost.toString()).isZero();
            assertThat(cost.out()).contains("inputs: 4 originals")
                    .containsPattern("Parameter Store \\(signing key\\)\\s+1\\.0000 parameter\\s+x \\$0\\s+= \\$0\\.0000")
                    .containsPattern("CloudWatch alarms\\s+" + gallery.core.deploy.StandingCharges.ALARM_METRICS + "\\.0000 alarm metric\\s+x \\$0\\.1\\s+= \\$0\\.")
                    .contains("x 1.73 GB"); // the render worker as deployed: 1769 MB

            for (String[] args : List.of(new String[]{"reprocess", "--album", "No Such Album"},
                    new String[]{"reprocess", "--album", "No Such Album", "--dry-run"})) {
                LocalGallery.Run unknown = g.admin(args);
                assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(1);
                assertThat(unknown.err()).contains("no photos in album 'No Such Album'");
            }

            for (PhotoKey k : keys) g.s3.deleteObject(b -> b.bucket(g.d.originalsBucket()).key(k.value()));
            PhotoIndex index = g.index;
            for (PhotoKey k : keys) {
                long deadline = System.nanoTime() + RENDER.toNanos();
                while (index.get(k).isPresent() || !index.derivedRecord(k).doomed().isEmpty()) {
                    assertThat(System.nanoTime()).as("removal of " + k).isLessThan(deadline);
                    Thread.sleep(200);
                }
            }
            List<String> left = g.s3.listObjectsV2Paginator(b -> b.bucket(g.d.derivedBucket())
                    .encodingType(software.amazon.awssdk.services.s3.model.EncodingType.URL)).contents().stream()
                    .map(software.amazon.awssdk.services.s3.model.S3Object::key).toList();
            assertThat(left).as("derived objects of deleted photos").isEmpty();
        }
    }
}
