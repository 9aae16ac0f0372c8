package gallery.worker;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import gallery.core.PhotoKey;
import gallery.core.RenderJob;
import gallery.core.RenditionKey;
import gallery.lambda.PermanentFailure;
import gallery.lambda.SqsBatch;
import gallery.imaging.MetadataReader;
import gallery.core.PhotoMetadata;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import gallery.core.Rendition;
import gallery.index.Upload;
import gallery.testing.SampleImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.awt.Color;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two versions of one photo rendered at once write the same rendition keys. These tests put the
 * other version's upload and complete render at an exact point of a render (through
 * {@link RenditionService.Stages}), the moment a slow older render would otherwise leave its
 * picture under a row that names the newer version.
 */
class RenderRaceIT extends WorkerFixture {
    private WorkerConfig config;
    private int sequencer;

    @BeforeEach
    void config() {
        config = new WorkerConfig(DERIVED, table, renderer.config());
        sequencer = 0x10;
    }

    @Test
    void olderRenderThatWritesAfterTheNewerOneFinishedRendersTheCurrentVersion() {
        PhotoKey key = PhotoKey.of("photos/race/beach.jpg");
        String older = upload(key, jpeg(800, 600, Color.RED));
        List<String> writes = new ArrayList<>();
        String[] newer = new String[1];
        RenditionService slow = new RenditionService(config, s3, index, renderer, (k, eTag) -> {
            writes.add(eTag);
            if (newer[0] == null) {
                // The photo is replaced and the new version fully rendered before the older render writes.
                newer[0] = upload(key, jpeg(600, 900, Color.BLUE));
                assertThat(new RenditionService(config, s3, index, renderer).render(job(key, newer[0])))
                        .isEqualTo(RenditionService.Result.RENDERED);
                assertThat(picturesIn(key)).allSatisfy(p -> assertThat(p.portrait()).isTrue());
            }
        });

        assertThat(slow.render(job(key, older))).isEqualTo(RenditionService.Result.RENDERED);

        // First the older version's renditions were written (over the newer ones), then, told REPLACED,
        // the worker rendered and wrote the current version.
        assertThat(writes).containsExactly(older, newer[0]);
        PhotoRow row = index.get(key).orElseThrow();
        assertThat(row.status()).isEqualTo(PhotoStatus.READY);
        assertThat(row.version().eTag()).isEqualTo(newer[0]);
        assertThat(row.metadata().width()).isEqualTo(600);
        assertThat(row.metadata().height()).isEqualTo(900);
        List<Picture> pictures = picturesIn(key);
        assertThat(pictures).hasSameSizeAs(row.rendering().renditions()).isNotEmpty();
        for (Rendition r : row.rendering().renditions()) {
            Picture p = picture(new RenditionKey(r.size(), key, r.format()).value());
            assertThat(p.width()).as("width of the %d rendition", r.size()).isEqualTo(r.width());
            assertThat(p.height()).as("height of the %d rendition", r.size()).isEqualTo(r.height());
            assertThat(p.portrait()).isTrue();
        }
    }

    @Test
    void renderReplacedAgainInEveryRoundGivesUpWithARetryableFailure() {
        PhotoKey key = PhotoKey.of("photos/race/busy.jpg");
        String first = upload(key, jpeg(400, 300, Color.GREEN));
        List<String> writes = new ArrayList<>();
        RenditionService busy = new RenditionService(config, s3, index, renderer, (k, eTag) -> {
            writes.add(eTag);
            // Before every write, yet another version arrives and is rendered to completion.
            String next = upload(key, jpeg(400 + sequencer * 8, 300, Color.GREEN));
            new RenditionService(config, s3, index, renderer).render(job(key, next));
        });

        assertThatThrownBy(() -> busy.render(job(key, first)))
                .isNotInstanceOf(PermanentFailure.class)
                .hasMessageContaining(key.value()).hasMessageContaining("replaced during each of 3 renders");
        assertThat(writes).hasSize(RenditionService.MAX_ROUNDS).doesNotHaveDuplicates();

        // Through the SQS contract it is a failed item, so SQS redelivers it rather than acknowledging.
        SQSEvent event = new SQSEvent();
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId("render-1");
        m.setBody(job(key, upload(key, jpeg(1000, 300, Color.GREEN))).toJson());
        event.setRecords(List.of(m));
        SQSBatchResponse response = SqsBatch.of(RenderJob::fromJson, busy::render).process(event);
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("render-1");

        // What it gave up on: its last round wrote an older version over the current one's renditions.
        PhotoRow current = index.get(key).orElseThrow();
        assertThat(current.status()).isEqualTo(PhotoStatus.READY);
        Rendition largest = current.rendering().renditions().getLast();
        assertThat(picture(new RenditionKey(largest.size(), key, largest.format()).value()).width()).isNotEqualTo(largest.width());

        // SQS redelivers it (receive count 2). Its version is no longer current, but being a redelivery
        // it renders the current version rather than skipping, and the renditions match the row again.
        m.setAttributes(java.util.Map.of("ApproximateReceiveCount", "2"));
        assertThat(new RenderHandler(config, s3, dynamo, renderer).handleRequest(event, null).getBatchItemFailures()).isEmpty();
        PhotoRow converged = index.get(key).orElseThrow();
        assertThat(converged.version().eTag()).isEqualTo(current.version().eTag());
        assertThat(converged.status()).isEqualTo(PhotoStatus.READY);
        for (Rendition r : converged.rendering().renditions()) {
            Picture p = picture(new RenditionKey(r.size(), key, r.format()).value());
            assertThat(p.width()).as("width of the %d rendition", r.size()).isEqualTo(r.width());
        }
    }

    @Test
    void aFirstDeliveryOfAStaleJobIsSkippedARedeliveryRendersTheCurrentVersion() {
        PhotoKey key = PhotoKey.of("photos/race/stale.jpg");
        String older = upload(key, jpeg(300, 200, Color.CYAN));
        String newer = upload(key, jpeg(200, 300, Color.MAGENTA));
        RenditionService service = new RenditionService(config, s3, index, renderer);

        assertThat(service.render(job(key, older), false)).isEqualTo(RenditionService.Result.SKIPPED);
        assertThat(derivedKeysOf(key)).isEmpty();

        assertThat(service.render(job(key, older), true)).isEqualTo(RenditionService.Result.RENDERED);
        PhotoRow row = index.get(key).orElseThrow();
        assertThat(row.version().eTag()).isEqualTo(newer);
        assertThat(row.status()).isEqualTo(PhotoStatus.READY);
        assertThat(picturesIn(key)).isNotEmpty().allSatisfy(p -> assertThat(p.portrait()).isTrue());
    }

    @Test
    void olderRenditionsAreRemovedWhenTheNewerVersionWasRefused() {
        PhotoKey key = PhotoKey.of("photos/race/refused.jpg");
        String older = upload(key, jpeg(640, 480, Color.ORANGE));
        RenditionService slow = new RenditionService(config, s3, index, renderer, (k, eTag) -> {
            // A file that is not an image replaces the photo; ingest refuses it (a FAILED row, no job).
            byte[] html = "<html>not a photo</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String bad = RenditionService.unquote(s3.putObject(b -> b.bucket(ORIGINALS).key(key.value()), RequestBody.fromBytes(html)).eTag());
            index.recordRejected(new Upload(key, bad, null, nextSequencer(), html.length, Instant.now(), PhotoMetadata.NONE, "default", 1),
                    "photos/race/refused.jpg looks like HTML");
        });

        assertThat(slow.render(job(key, older))).isEqualTo(RenditionService.Result.RENDERED);

        assertThat(index.get(key).orElseThrow().status()).isEqualTo(PhotoStatus.FAILED);
        assertThat(derivedKeysOf(key)).isEmpty();
    }

    /**
     * Issue 15: two presets of one version rendering at once (a reprocess with another preset while the
     * upload's render runs). The jpeg render completes first and dooms what the default render claimed;
     * the default render, told RECLAIMED, writes again and completes last: its objects are all there,
     * and the jpeg files, no longer listed, are gone.
     */
    @Test
    void twoPresetsOfOneVersionAtOnceEndWithTheLastOnesFilesAndNoneOfTheOther() {
        PhotoKey key = PhotoKey.of("photos/race/presets.jpg");
        String eTag = upload(key, jpeg(700, 500, Color.PINK));
        List<String> rounds = new ArrayList<>();
        RenditionService slow = new RenditionService(config, s3, index, renderer, (k, e) -> {
            rounds.add(e);
            if (rounds.size() == 1) {
                assertThat(new RenditionService(config, s3, index, renderer)
                        .render(new RenderJob(ORIGINALS, key.value(), null, eTag, "jpeg"))).isEqualTo(RenditionService.Result.RENDERED);
            }
        });

        assertThat(slow.render(job(key, eTag))).isEqualTo(RenditionService.Result.RENDERED);

        assertThat(rounds).hasSize(2);
        PhotoRow row = index.get(key).orElseThrow();
        assertThat(row.rendering().presetName()).isEqualTo("default");
        List<String> objects = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(DERIVED).prefix("renditions/")).contents()) {
            if (o.key().contains("/" + key.value() + ".")) objects.add(o.key());
        }
        assertThat(objects).containsExactlyInAnyOrderElementsOf(row.rendering().renditions().stream()
                .map(r -> new RenditionKey(r.size(), key, r.format()).value()).toList());
        assertThat(index.derivedRecord(key).derived()).containsExactlyInAnyOrderElementsOf(objects);
        assertThat(index.derivedRecord(key).doomed()).isEmpty();
    }

    private record Picture(int width, int height) {
        boolean portrait() {
            return height > width;
        }
    }

    private List<Picture> picturesIn(PhotoKey key) {
        return derivedKeysOf(key).stream().map(this::picture).toList();
    }

    private List<String> derivedKeysOf(PhotoKey key) {
        List<String> keys = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(DERIVED).prefix("renditions/")).contents()) {
            if (o.key().endsWith("/" + key.value() + ".webp")) keys.add(o.key());
        }
        return keys;
    }

    private Picture picture(String derivedKey) {
        byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(DERIVED).key(derivedKey)).asByteArray();
        gallery.imaging.FileMetadata md = MetadataReader.read(bytes);
        assertThat(md.width()).as("dimensions of %s", derivedKey).isNotNull();
        return new Picture(md.width(), md.height());
    }

    /** Puts a version of the original and records it as ingest would (a newer sequencer each time); returns its eTag. */
    private String upload(PhotoKey key, byte[] bytes) {
        String eTag = RenditionService.unquote(s3.putObject(b -> b.bucket(ORIGINALS).key(key.value()), RequestBody.fromBytes(bytes)).eTag());
        index.recordUpload(new Upload(key, eTag, null, nextSequencer(), bytes.length, Instant.now(), PhotoMetadata.NONE, "default", 1));
        return eTag;
    }

    private String nextSequencer() {
        return String.format("%04X", sequencer++);
    }

    private static RenderJob job(PhotoKey key, String eTag) {
        return new RenderJob(ORIGINALS, key.value(), null, eTag, "default");
    }

    /** A plain JPEG of one colour with a diagonal, so the encoder has edges to work on. */
    /** A JPEG of this size, in this colour: versions of one photo differ in size or colour. */
    static byte[] jpeg(int width, int height, Color colour) {
        return SampleImages.photo(width, height, colour, Color.WHITE);
    }
}
