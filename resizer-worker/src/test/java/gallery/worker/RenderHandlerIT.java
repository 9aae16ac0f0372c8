package gallery.worker;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import gallery.core.PhotoKey;
import gallery.testing.RecordingClients;
import gallery.core.RenderJob;
import gallery.core.RenditionKey;
import gallery.core.preset.Presets;
import gallery.index.PhotoIndex;
import gallery.core.PhotoMetadata;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import gallery.core.Rendition;
import gallery.index.Upload;
import gallery.testing.S3ProxyServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RenderHandlerIT extends WorkerFixture {
    /** A real camera photo (Sony RX100 IV, 18 MP) from the Debian package mate-backgrounds. */
    static final Path ELEPHANTS = Path.of("/usr/share/backgrounds/mate/abstract/Elephants_5640x3172.jpg");
    private WorkerConfig config;
    private RenderHandler handler;

    @BeforeEach
    void handler() {
        config = new WorkerConfig(DERIVED, table, renderer.config());
        handler = new RenderHandler(config, s3, dynamo, renderer);
    }

    @Test
    void realPhotoGetsEveryRenditionWithContentTypeAndCacheControl() throws Exception {
        PhotoKey key = PhotoKey.of("photos/Safari 2016/Elephants +1% ünïcode.jpg");
        String eTag = upload(key, Files.readAllBytes(ELEPHANTS));

        SQSBatchResponse response = handler.handleRequest(event(job(key, eTag)), null);
        assertThat(response.getBatchItemFailures()).isEmpty();

        PhotoRow row = index.get(key).orElseThrow();
        assertThat(row.status()).isEqualTo(PhotoStatus.READY);
        assertThat(row.metadata().width()).isEqualTo(5640);
        assertThat(row.metadata().height()).isEqualTo(3172);
        assertThat(row.rendering().placeholder()).isNotBlank();
        assertThat(row.metadata().cameraMake()).isEqualTo("SONY");
        assertThat(row.rendering().presetName()).isEqualTo("default");
        assertThat(row.rendering().presetVersion()).isEqualTo(Presets.DEFAULT.version());
        assertThat(row.rendering().renditions()).extracting(Rendition::size).containsExactlyElementsOf(Presets.DEFAULT.sizes());

        for (Rendition r : row.rendering().renditions()) {
            RenditionKey rk = new RenditionKey(r.size(), key, r.format());
            HeadObjectResponse head = s3.headObject(b -> b.bucket(DERIVED).key(rk.value()));
            assertThat(head.contentType()).isEqualTo("image/webp");
            assertThat(head.cacheControl()).isEqualTo("public, max-age=31536000, immutable");
            assertThat(head.contentLength()).isEqualTo(r.bytes());
            // Renditions of 37 KB to 100 KB go straight into Glacier IR (StoragePlan says why; for this photo the
            // 512, 640 and 800 px); S3Proxy keeps the class it was given, as S3 does.
            assertThat(head.storageClassAsString()).as(r.size() + " px, " + r.bytes() + " bytes")
                    .isEqualTo(gallery.core.deploy.StoragePlan.renditionWriteClass(r.bytes()));
            if (r.size() == 640 || r.size() == 800) assertThat(head.storageClassAsString()).isEqualTo("GLACIER_IR");
            if (r.size() <= 320 || r.size() >= 1280) assertThat(head.storageClassAsString()).isEqualTo("STANDARD");
            assertThat(Math.max(r.width(), r.height())).isEqualTo(r.size());
            byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(DERIVED).key(rk.value())).asByteArray();
            assertThat(new String(bytes, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
        }
        assertThat(s3.listObjectsV2(b -> b.bucket(DERIVED).prefix("renditions/256/photos/Safari 2016/")).contents())
                .extracting(S3Object::key).containsExactly("renditions/256/photos/Safari 2016/Elephants +1% ünïcode.jpg.webp");

        // The same job again (SQS delivers at least once) is skipped: the row is already ready.
        RenditionService service = new RenditionService(config, s3, index, renderer);
        assertThat(service.render(job(key, eTag))).isEqualTo(RenditionService.Result.SKIPPED);
    }

    @Test
    void aRenderJobReadsThePhotosItemThreeTimes() {
        // Before rendering (skip or render), once after it (the claim decides on that read, the completion on
        // what the claim wrote: PhotoIndex.Round), once for the cleanup. Six before PhotoIndex.Round.
        PhotoKey key = PhotoKey.of("photos/reads/small.jpg");
        String eTag = upload(key, gallery.lambda.Priming.sampleJpeg(640, 480));
        RecordingClients recording = new RecordingClients(dynamo.serviceClientConfiguration().endpointOverride().orElseThrow());
        try (DynamoDbClient counted = recording.of(DynamoDbClient.builder())) {
            RenditionService service = new RenditionService(config, s3, new PhotoIndex(counted, config.photoTable()), renderer);
            assertThat(service.render(job(key, eTag))).isEqualTo(RenditionService.Result.RENDERED);
        }
        assertThat(index.get(key).orElseThrow().status()).isEqualTo(PhotoStatus.READY);
        assertThat(recording.requests()).filteredOn(r -> r instanceof software.amazon.awssdk.services.dynamodb.model.GetItemRequest get
                && get.key().get("pk").s().endsWith(key.value())).hasSize(3);
    }

    @Test
    void corruptPhotoBecomesAFailedRowAndTheMessageIsAcknowledged() {
        PhotoKey key = PhotoKey.of("photos/bad/holiday.jpg");
        String eTag = upload(key, "<!DOCTYPE html><html><body>not a photo</body></html>".getBytes(StandardCharsets.UTF_8));

        SQSBatchResponse response = handler.handleRequest(event(job(key, eTag)), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        PhotoRow row = index.get(key).orElseThrow();
        assertThat(row.status()).isEqualTo(PhotoStatus.FAILED);
        assertThat(row.state().failureReason()).contains("photos/bad/holiday.jpg").containsIgnoringCase("html");
        assertThat(index.queries().failed(null, 10).items()).extracting(PhotoRow::key).contains(key);
        assertThat(s3.listObjectsV2(b -> b.bucket(DERIVED).prefix("renditions/256/photos/bad/")).contents()).isEmpty();
    }

    @Test
    void missingBucketIsRetryable() throws Exception {
        PhotoKey key = PhotoKey.of("photos/a/elephants.jpg");
        String eTag = upload(key, Files.readAllBytes(ELEPHANTS));
        RenderJob job = new RenderJob("bucket-that-does-not-exist", key.value(), null, eTag, "default");

        SQSEvent event = event(job);
        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(event.getRecords().get(0).getMessageId());
        assertThat(index.get(key).orElseThrow().status()).isEqualTo(PhotoStatus.PENDING);
    }

    @Test
    void unreachableS3IsRetryable() throws Exception {
        PhotoKey key = PhotoKey.of("photos/a/down.jpg");
        String eTag = upload(key, Files.readAllBytes(ELEPHANTS));
        S3ProxyServer doomed = S3ProxyServer.start();
        try (S3Client down = doomed.client()) {
            doomed.close();
            RenderHandler offline = new RenderHandler(config, down, dynamo, renderer);
            SQSEvent event = event(job(key, eTag));
            SQSBatchResponse response = offline.handleRequest(event, null);
            assertThat(response.getBatchItemFailures()).hasSize(1);
        }
        assertThat(index.get(key).orElseThrow().status()).isEqualTo(PhotoStatus.PENDING);
    }

    @Test
    void jobForADeletedOrReplacedPhotoWritesNothing() throws Exception {
        PhotoKey deleted = PhotoKey.of("photos/gone/e.jpg");
        String eTag = upload(deleted, Files.readAllBytes(ELEPHANTS));
        index.recordRemoval(deleted, "FF");
        PhotoKey replaced = PhotoKey.of("photos/gone/r.jpg");
        upload(replaced, Files.readAllBytes(ELEPHANTS));

        SQSBatchResponse response = handler.handleRequest(event(job(deleted, eTag), job(replaced, "an-older-etag")), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(index.get(deleted)).isEmpty();
        assertThat(index.get(replaced).orElseThrow().status()).isEqualTo(PhotoStatus.PENDING);
        assertThat(s3.listObjectsV2(b -> b.bucket(DERIVED).prefix("renditions/256/photos/gone/")).contents()).isEmpty();
    }

    @Test
    void anUnknownPresetIsAcknowledgedButAnUnreadableJobGoesToTheDeadLetterQueue() {
        RenditionService service = new RenditionService(config, s3, index, renderer);
        assertThatThrownBy(() -> service.render(new RenderJob(ORIGINALS, "photos/a/x.jpg", null, "e", "huge")))
                .isInstanceOf(gallery.lambda.PermanentFailure.class).hasMessageContaining("preset 'huge'");
        SQSEvent event = new SQSEvent();
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId("m-1");
        m.setBody("{\"not\":\"a job\"}");
        event.setRecords(List.of(m));
        // Nothing recorded this message anywhere, so acknowledging it would lose it silently.
        assertThat(handler.handleRequest(event, null).getBatchItemFailures())
                .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly("m-1");
    }

    /** Puts an original and records it in the index as ingest would; returns its eTag. */
    private String upload(PhotoKey key, byte[] bytes) {
        String eTag = RenditionService.unquote(s3.putObject(b -> b.bucket(ORIGINALS).key(key.value()), RequestBody.fromBytes(bytes)).eTag());
        index.recordUpload(new Upload(key, eTag, null, "0A", bytes.length, Instant.now(), PhotoMetadata.NONE, "default", 1));
        return eTag;
    }

    private static RenderJob job(PhotoKey key, String eTag) {
        return new RenderJob(ORIGINALS, key.value(), null, eTag, "default");
    }
}
