package gallery.local;

import gallery.testing.SampleImages;

import gallery.core.PhotoKey;
import gallery.core.RenditionKey;
import gallery.core.deploy.Lane;
import gallery.core.preset.Presets;
import gallery.imaging.FileMetadata;
import gallery.imaging.Renderer;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import gallery.index.PhotoTable;
import gallery.core.Rendition;
import gallery.emulators.LocalSqs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sqs.model.Message;

import java.awt.Color;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 3 end to end on the real emulators: photos put through S3 (S3Proxy's notifications to
 * ElasticMQ), the ingest handler, DynamoDB Local, the render lane with libvips, renditions in the
 * derived bucket. The handlers are the ones {@link Pipeline} wires for {@code ./gallery up}; the
 * ingest lane is polled by the test's own {@link LambdaPoller} so a test can hold S3's events back
 * and deliver them twice or out of order, as S3 may.
 */
class PipelineIT {
    @TempDir
    static Path data;
    static Renderer renderer;
    static LocalStack stack;
    static GalleryFixture f;
    static LambdaPoller ingest;

    @BeforeAll
    static void start() {
        renderer = Pipeline.renderer(Map.of());
        stack = LocalStack.builder(data).freePorts().tableInitializer(PhotoTable::create)
                .handler(Lane.RENDER, d -> Pipeline.render(d, renderer))
                .handler(Lane.REPROCESS, d -> Pipeline.render(d, renderer))
                .start();
        f = new GalleryFixture(stack);
        resumeIngest();
    }

    @AfterAll
    static void stop() {
        if (ingest != null) ingest.close();
        if (f != null) f.close();
        if (stack != null) stack.close();
    }

    static void resumeIngest() {
        ingest = new LambdaPoller("ingest-handler", f.sqs, f.d.queues().ingest(), LocalSqs.queueArn(LocalStack.REGION, "ingest"),
                LocalStack.REGION, () -> Pipeline.ingest(f.d), LambdaPoller.Settings.of(Lane.INGEST)).start();
    }

    static void pauseIngest() {
        ingest.close();
        ingest = null;
    }

    @Test
    void anUploadBecomesAReadyRowWithEveryRenditionInTheDerivedBucket() {
        String key = "photos/Ready/landscape.jpg";
        f.put(key, SampleImages.photo(1600, 1200));

        PhotoRow row = f.awaitReady(key, f.eTag(key));

        // Never upscaled: sizes under 1600 as they are, the first size above at 1600 px, larger ones skipped.
        assertThat(row.rendering().renditions()).extracting(Rendition::size).containsExactly(256, 320, 400, 512, 640, 800, 1280, 1920);
        assertThat(row.rendering().renditions()).filteredOn(r -> r.size() == 1920).extracting(Rendition::width).containsExactly(1600);
        assertThat(row.metadata().width()).isEqualTo(1600);
        assertThat(row.metadata().height()).isEqualTo(1200);
        assertThat(row.rendering().placeholder()).isNotBlank();
        for (Rendition r : row.rendering().renditions()) {
            String k = new RenditionKey(r.size(), PhotoKey.of(key), Presets.DEFAULT.format()).value();
            HeadObjectResponse head = f.s3.headObject(h -> h.bucket(f.d.derivedBucket()).key(k));
            assertThat(head.contentType()).as(k).isEqualTo("image/webp");
            assertThat(head.contentLength()).as(k).isEqualTo(r.bytes());
            FileMetadata dims = f.dimensions(f.d.derivedBucket(), k);
            assertThat(dims.width()).as(k).isEqualTo(r.width());
            assertThat(dims.height()).as(k).isEqualTo(r.height());
        }
        assertThat(f.renditionsOf(f.d.derivedBucket(), key)).hasSize(8);
    }

    @Test
    void awkwardKeysRoundTripToTheRightObject() {
        List<String> keys = List.of(
                "photos/Summer 2024/beach day.jpg",
                "photos/a+b/1+1=2.jpg",
                "photos/100%/50% off %2F not a slash.jpg",
                "photos/Été à Zürich/ñandú 🐦 日本.jpg",
                "photos/deep/er/and/deeper/still/down/here.jpg",
                "photos/odd chars/it's (really) [odd] & #1; ~ok!.jpg");
        Map<String, Integer> widths = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            // A distinct width per key, between the 512 and 640 sizes: the 640 rendition is the original's own size, so it names its photo.
            int width = 520 + 19 * i;
            widths.put(keys.get(i), width);
            f.put(keys.get(i), SampleImages.photo(width, 300));
        }
        for (String key : keys) {
            PhotoRow row = f.awaitReady(key, f.eTag(key));
            assertThat(row.album()).isEqualTo(PhotoKey.of(key).album());
            assertThat(row.metadata().width()).as(key).isEqualTo(widths.get(key));
            String k640 = new RenditionKey(640, PhotoKey.of(key), Presets.DEFAULT.format()).value();
            assertThat(k640).isEqualTo("renditions/640/" + key + ".webp");
            assertThat(f.dimensions(f.d.derivedBucket(), k640).width()).as(k640).isEqualTo(widths.get(key));
        }
    }

    @Test
    void aDuplicatedEventYieldsOneSetOfRenditions() {
        String key = "photos/Twice/told.jpg";
        pauseIngest();
        Message event;
        try {
            f.put(key, SampleImages.photo(700, 500));
            event = f.take(f.d.queues().ingest(), 1).getFirst();
        } finally {
            resumeIngest();
        }
        f.send(f.d.queues().ingest(), event.body());
        PhotoRow first = f.awaitReady(key, f.eTag(key));
        f.awaitIdle();
        Map<String, Instant> written = lastModified(key);
        // Last-Modified has one-second resolution: let a second pass so a rewrite would show.
        GalleryFixture.sleep(1100);

        f.send(f.d.queues().ingest(), event.body());
        f.awaitIdle();

        assertThat(f.row(key)).get().extracting(r -> r.state().updatedAt()).isEqualTo(first.state().updatedAt());
        // 700 px: 256 ... 640, and 800 at the original's own size.
        assertThat(lastModified(key)).as("no rendition written again").isEqualTo(written).hasSize(6);
        assertThat(f.depth(f.d.queues().ingestDlq())).isZero();
    }

    @Test
    void aDeleteWhoseEventArrivesBeforeTheCreateLeavesNothingBehind() {
        String key = "photos/Gone/before it came.jpg";
        pauseIngest();
        List<Message> events;
        try {
            f.put(key, SampleImages.photo(500, 400));
            f.s3.deleteObject(d -> d.bucket(f.d.originalsBucket()).key(key));
            events = f.take(f.d.queues().ingest(), 2);
        } finally {
            resumeIngest();
        }
        Message created = events.stream().filter(m -> m.body().contains("ObjectCreated")).findFirst().orElseThrow();
        Message removed = events.stream().filter(m -> m.body().contains("ObjectRemoved")).findFirst().orElseThrow();

        f.send(f.d.queues().ingest(), removed.body());
        f.awaitIdle();
        f.send(f.d.queues().ingest(), created.body());
        f.awaitIdle();

        assertThat(f.row(key)).as("no photo row").isEmpty();
        assertThat(f.renditionsOf(f.d.derivedBucket(), key)).isEmpty();
        assertThatThrownBy(() -> f.s3.headObject(h -> h.bucket(f.d.originalsBucket()).key(key))).isInstanceOf(NoSuchKeyException.class);
        assertThat(f.depth(f.d.queues().ingestDlq())).isZero();
    }

    @Test
    void aReUploadOfTheSameKeyRendersTheNewVersion() {
        String key = "photos/Again/same name.jpg";
        f.put(key, SampleImages.photo(800, 600, Color.RED, Color.YELLOW));
        PhotoRow landscape = f.awaitReady(key, f.eTag(key));

        f.put(key, SampleImages.photo(600, 900, Color.CYAN, Color.MAGENTA));
        String newTag = f.eTag(key);
        assertThat(newTag).isNotEqualTo(landscape.version().eTag());
        PhotoRow portrait = f.awaitReady(key, newTag);

        assertThat(portrait.metadata().width()).isEqualTo(600);
        assertThat(portrait.metadata().height()).isEqualTo(900);
        FileMetadata r640 = f.dimensions(f.d.derivedBucket(), "renditions/640/" + key + ".webp");
        assertThat(r640.height()).as("the 640 rendition is of the new, portrait picture").isEqualTo(640);
        // 640 × 600/900 = 426.7: rounded either way, depending on the size it was scaled down from.
        assertThat(r640.width()).isBetween(426, 427);
    }

    @Test
    void aCorruptPhotoBecomesAFailedRowWithAReasonAndNeverReachesTheDeadLetterQueue() {
        String truncated = "photos/Broken/truncated.jpg";
        String notAnImage = "photos/Broken/notes.jpg";
        f.put(truncated, SampleImages.truncatedJpeg());
        f.put(notAnImage, "shopping list: milk, eggs".getBytes());

        PhotoRow t = f.awaitStatus(truncated, PhotoStatus.FAILED);
        PhotoRow n = f.awaitStatus(notAnImage, PhotoStatus.FAILED);
        f.awaitIdle();

        assertThat(t.state().failureReason()).isNotBlank();
        assertThat(n.state().failureReason()).isNotBlank();
        assertThat(f.renditionsOf(f.d.derivedBucket(), truncated)).isEmpty();
        assertThat(f.depth(f.d.queues().ingestDlq())).isZero();
        assertThat(f.depth(f.d.queues().renderDlq())).isZero();
    }

    private Map<String, Instant> lastModified(String key) {
        Map<String, Instant> out = new LinkedHashMap<>();
        for (String k : f.renditionsOf(f.d.derivedBucket(), key)) {
            out.put(k, f.s3.headObject(h -> h.bucket(f.d.derivedBucket()).key(k)).lastModified());
        }
        return out;
    }
}
