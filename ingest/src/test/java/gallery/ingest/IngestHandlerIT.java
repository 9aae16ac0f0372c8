package gallery.ingest;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import gallery.core.PhotoKey;
import gallery.core.RenderJob;
import gallery.core.PhotoVersion;
import gallery.core.RenditionKey;
import gallery.core.ResizedKey;
import gallery.core.UrlPaths;
import gallery.core.events.ObjectEvent;
import gallery.core.events.S3EventEncoder;
import gallery.core.preset.OutputFormat;
import gallery.core.preset.Presets;
import gallery.imaging.ImagingConfig;
import gallery.imaging.video.VideoFixtures;
import gallery.imaging.video.VideoLimits;
import gallery.imaging.Renderer;
import gallery.index.PhotoIndex;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import gallery.index.PhotoTable;
import gallery.testing.EmulatedAws;
import gallery.testing.S3ProxyServer;
import gallery.resize.ResizeConfig;
import gallery.resize.Resizer;
import gallery.worker.RenderHandler;
import gallery.worker.WorkerConfig;
import gallery.emulators.LocalSqs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class IngestHandlerIT {
    static final Path ELEPHANTS = Path.of("/usr/share/backgrounds/mate/abstract/Elephants_5640x3172.jpg");
    static final String ORIGINALS = "originals";
    static final String DERIVED = "derived";

    private static EmulatedAws aws;
    private static LocalSqs sqsServer;
    private static DynamoDbClient dynamo;
    private static S3Client s3;
    private static SqsClient sqs;
    private static PhotoIndex index;
    private static Renderer renderer;
    private String queueUrl;
    private String videoQueueUrl;
    private IngestHandler handler;
    private static int sequence = 0x100;
    private static final S3EventEncoder.Origin NOTIFIER = new S3EventEncoder.Origin("us-east-1", "ingest", null, "127.0.0.1");

    @BeforeAll
    static void start() throws Exception {
        aws = EmulatedAws.start(ORIGINALS, DERIVED);
        sqsServer = LocalSqs.start(0, "us-east-1");
        dynamo = aws.dynamo();
        s3 = aws.s3();
        sqs = SqsClient.builder().endpointOverride(sqsServer.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
        renderer = new Renderer(ImagingConfig.defaults());
    }

    @AfterAll
    static void stop() throws Exception {
        sqs.close();
        sqsServer.close();
        aws.close();
    }

    @BeforeEach
    void freshTableAndQueue() {
        String table = "photos-" + UUID.randomUUID();
        PhotoTable.create(dynamo, table);
        index = new PhotoIndex(dynamo, table);
        queueUrl = sqs.createQueue(b -> b.queueName("render-" + UUID.randomUUID())).queueUrl();
        videoQueueUrl = sqs.createQueue(b -> b.queueName("video-" + UUID.randomUUID())).queueUrl();
        IngestConfig config = new IngestConfig(ORIGINALS, DERIVED, table, queueUrl, Presets.DEFAULT,
                IngestConfig.DEFAULT_HEADER_BYTES, ImagingConfig.defaults(), videoQueueUrl, VideoLimits.DEFAULTS);
        handler = new IngestHandler(config, s3, sqs, dynamo);
    }

    @Test
    void uploadBecomesAPendingRowWithMetadataAndOneRenderJob() throws Exception {
        PhotoKey key = PhotoKey.of("photos/Safari 2016/Elephants + friends 100% ünïcode 象.jpg");
        String created = put(key, Files.readAllBytes(ELEPHANTS));

        SQSBatchResponse response = handler.handleRequest(sqsEvent(created), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        PhotoRow row = index.get(key).orElseThrow();
        assertThat(row.status()).isEqualTo(PhotoStatus.PENDING);
        assertThat(row.album()).isEqualTo("Safari 2016");
        assertThat(row.version().bytes()).isEqualTo(Files.size(ELEPHANTS));
        assertThat(row.metadata().width()).isEqualTo(5640);
        assertThat(row.metadata().height()).isEqualTo(3172);
        assertThat(row.metadata().cameraMake()).isEqualTo("SONY");
        assertThat(row.metadata().takenAt()).isNotNull();
        assertThat(row.version().uploadedAt()).isNotNull();
        List<RenderJob> jobs = drainJobs();
        assertThat(jobs).containsExactly(new RenderJob(ORIGINALS, key.value(), null, row.version().eTag(), "default"));

        // The same notification again (S3 delivers at least once): no second job.
        assertThat(handler.handleRequest(sqsEvent(created), null).getBatchItemFailures()).isEmpty();
        assertThat(drainJobs()).isEmpty();
    }

    @Test
    void aPhoneVideoBecomesAPendingVideoRowWithOneJobOnTheVideoLane() throws Exception {
        PhotoKey key = PhotoKey.of("photos/Phone/IMG_0001.MOV");
        String created = put(key, Files.readAllBytes(VideoFixtures.hevcMovPortrait()));

        assertThat(handler.handleRequest(sqsEvent(created), null).getBatchItemFailures()).isEmpty();

        PhotoRow row = index.get(key).orElseThrow();
        assertThat(row.status()).isEqualTo(PhotoStatus.PENDING);
        assertThat(row.video()).isEqualTo(new gallery.index.Video(2000, "hvc1", false, 0));
        assertThat(row.metadata().width()).isEqualTo(720);
        assertThat(row.metadata().height()).isEqualTo(1280);
        assertThat(row.metadata().takenAt()).isEqualTo(OffsetDateTime.parse("2024-07-14T11:21:07+02:00"));
        assertThat(row.metadata().cameraModel()).isEqualTo("iPhone 15");
        assertThat(row.metadata().latitude()).isEqualTo(48.8584);
        assertThat(drainJobs()).isEmpty();
        assertThat(drain(videoQueueUrl)).containsExactly(new RenderJob(ORIGINALS, key.value(), null, row.version().eTag(), "default"));
    }

    @Test
    void badVideosAreFailedRowsThatSayWhy() throws Exception {
        record Case(String name, Path file, String reason) {
        }
        List<Case> cases = List.of(
                new Case("truncated.mp4", VideoFixtures.truncatedMp4(), "the file is truncated"),
                new Case("audio.mp4", VideoFixtures.audioOnly(), "only sound (mp4a)"),
                new Case("empty.mov", VideoFixtures.empty(), "file is empty: expected a video"),
                new Case("lying.mp4", VideoFixtures.lyingFtyp(), "not the MP4 video its header claims"));
        for (Case c : cases) {
            PhotoKey key = PhotoKey.of("photos/Bad/" + c.name());
            assertThat(handler.handleRequest(sqsEvent(put(key, Files.readAllBytes(c.file()))), null).getBatchItemFailures()).isEmpty();
            PhotoRow row = index.get(key).orElseThrow();
            assertThat(row.status()).as(c.name()).isEqualTo(PhotoStatus.FAILED);
            assertThat(row.state().failureReason()).as(c.name()).startsWith(key.value() + ": ").contains(c.reason());
        }
        assertThat(drainJobs()).isEmpty();
        assertThat(drain(videoQueueUrl)).isEmpty();
    }

    @Test
    void reUploadOfTheSameKeyQueuesTheNewVersion() throws Exception {
        PhotoKey key = PhotoKey.of("photos/a/photo.jpg");
        handler.handleRequest(sqsEvent(put(key, Files.readAllBytes(ELEPHANTS))), null);
        String first = index.get(key).orElseThrow().version().eTag();
        byte[] changed = Files.readAllBytes(ELEPHANTS);
        changed[changed.length - 3] ^= 0x55; // different bytes, same picture header
        handler.handleRequest(sqsEvent(put(key, changed)), null);

        String second = index.get(key).orElseThrow().version().eTag();
        assertThat(second).isNotEqualTo(first);
        assertThat(drainJobs()).extracting(RenderJob::eTag).containsExactly(first, second);
    }

    @Test
    void corruptFileBecomesAFailedRowWithoutARenderJob() {
        PhotoKey key = PhotoKey.of("photos/a/page.jpg");
        String created = put(key, "<html><body>404 not found</body></html>".getBytes(StandardCharsets.UTF_8));

        assertThat(handler.handleRequest(sqsEvent(created), null).getBatchItemFailures()).isEmpty();

        PhotoRow row = index.get(key).orElseThrow();
        assertThat(row.status()).isEqualTo(PhotoStatus.FAILED);
        assertThat(row.state().failureReason()).contains("photos/a/page.jpg").containsIgnoringCase("html");
        assertThat(index.queries().failed(null, 10).items()).extracting(PhotoRow::key).containsExactly(key);
        assertThat(drainJobs()).isEmpty();
    }

    @Test
    void emptyFileIsRefusedWithAReason() {
        PhotoKey key = PhotoKey.of("photos/a/empty.jpg");
        handler.handleRequest(sqsEvent(put(key, new byte[0])), null);
        assertThat(index.get(key).orElseThrow().state().failureReason()).contains("empty");
        assertThat(drainJobs()).isEmpty();
    }

    @Test
    void removalDeletesRenditionsAndRowAndALateCreateIsIgnored() throws Exception {
        PhotoKey key = PhotoKey.of("photos/Trip/IMG 1.jpg");
        String created = put(key, Files.readAllBytes(ELEPHANTS));
        handler.handleRequest(sqsEvent(created), null);
        for (int size : Presets.DEFAULT.sizes()) {
            String rk = new RenditionKey(size, key, OutputFormat.WEBP).value();
            s3.putObject(b -> b.bucket(DERIVED).key(rk), RequestBody.fromString("rendition"));
        }
        s3.deleteObject(b -> b.bucket(ORIGINALS).key(key.value()));

        assertThat(handler.handleRequest(sqsEvent(removed(key)), null).getBatchItemFailures()).isEmpty();

        assertThat(index.get(key)).isEmpty();
        assertThat(s3.listObjectsV2(b -> b.bucket(DERIVED).prefix("renditions/")).contents())
                .extracting(S3Object::key).noneMatch(k -> k.contains("Trip/IMG 1.jpg"));
        // The create, redelivered after its delete, does not bring the photo back.
        drainJobs();
        handler.handleRequest(sqsEvent(created), null);
        assertThat(index.get(key)).isEmpty();
        assertThat(drainJobs()).isEmpty();
    }

    @Test
    void removalLeavesNothingInTheDerivedBucketNotEvenStoredResizes() throws Exception {
        PhotoKey key = PhotoKey.of("photos/Trip/whole #2.jpg");
        assertThat(handler.handleRequest(sqsEvent(put(key, Files.readAllBytes(ELEPHANTS))), null).getBatchItemFailures()).isEmpty();
        // The real worker renders the preset, the real resizer stores two results too large to answer inline.
        WorkerConfig workerConfig = new WorkerConfig(DERIVED, index.table(), renderer.config());
        assertThat(new RenderHandler(workerConfig, s3, dynamo, renderer).handleRequest(sqsEvent(drainJobs().getFirst().toJson()), null)
                .getBatchItemFailures()).isEmpty();
        assertThat(index.get(key).orElseThrow().status()).isEqualTo(PhotoStatus.READY);
        Resizer resizer = new Resizer(new ResizeConfig(ORIGINALS, DERIVED, index.table(), 16, 4096, 10_000, renderer.config()),
                index, s3, renderer);
        String v = PhotoVersion.of(index.get(key).orElseThrow().version().eTag());
        String encoded = UrlPaths.encodeKey(key.value());
        assertThat(resizer.handle(new Resizer.Call("GET", "/resize/1024x1024/" + encoded, v, "image/webp")).status()).isEqualTo(302);
        assertThat(resizer.handle(new Resizer.Call("GET", "/resize/512x512/" + encoded, v, "image/jpeg")).status()).isEqualTo(302);
        assertThat(derivedKeysOf(key)).contains(
                new ResizedKey(1024, key, OutputFormat.WEBP).value(), new ResizedKey(512, key, OutputFormat.JPEG).value(),
                new RenditionKey(256, key, OutputFormat.WEBP).value());
        // Another photo whose key continues under this one's: its stored result shares the prefix and must stay.
        String neighbour = new ResizedKey(1024, PhotoKey.of(key.value() + "/inside.jpg"), OutputFormat.WEBP).value();
        s3.putObject(b -> b.bucket(DERIVED).key(neighbour), RequestBody.fromString("another photo's resize"));

        s3.deleteObject(b -> b.bucket(ORIGINALS).key(key.value()));
        assertThat(handler.handleRequest(sqsEvent(removed(key)), null).getBatchItemFailures()).isEmpty();

        assertThat(index.get(key)).isEmpty();
        assertThat(derivedKeysOf(key)).isEmpty();
        assertThat(s3.headObject(b -> b.bucket(DERIVED).key(neighbour)).contentLength()).isPositive();
    }

    /** Every derived object of this photo: preset renditions and stored resizes. */
    private static List<String> derivedKeysOf(PhotoKey key) {
        List<String> keys = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(DERIVED).prefix("renditions/")).contents()) {
            if (o.key().endsWith("/" + key.value() + ".webp") || ResizedKey.isResultOf(key, o.key())) keys.add(o.key());
        }
        return keys;
    }

    @Test
    void deleteArrivingBeforeItsCreateLeavesNothingBehind() throws Exception {
        PhotoKey key = PhotoKey.of("photos/Trip/raced.jpg");
        String created = put(key, Files.readAllBytes(ELEPHANTS));
        s3.deleteObject(b -> b.bucket(ORIGINALS).key(key.value()));
        String removedEvent = removed(key);

        handler.handleRequest(sqsEvent(removedEvent), null);
        handler.handleRequest(sqsEvent(created), null);

        assertThat(index.get(key)).isEmpty();
        assertThat(drainJobs()).isEmpty();
    }

    @Test
    void removalOfAnObjectThatStillExistsIsIgnored() throws Exception {
        PhotoKey key = PhotoKey.of("photos/Trip/kept.jpg");
        handler.handleRequest(sqsEvent(put(key, Files.readAllBytes(ELEPHANTS))), null);
        // e.g. an old version deleted in a versioned bucket: the photo is still there.
        handler.handleRequest(sqsEvent(removed(key)), null);
        assertThat(index.get(key)).isPresent();
    }

    @Test
    void testEventsForeignBucketsAndNonPhotoKeysAreAcknowledgedAndIgnored() {
        s3.putObject(b -> b.bucket(ORIGINALS).key("backups/notes.txt"), RequestBody.fromString("hello"));
        SQSBatchResponse response = handler.handleRequest(sqsEvent(
                // What S3 sends when a notification configuration is saved.
                "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"" + ORIGINALS + "\"}",
                notification("ObjectCreated:Put", ORIGINALS, "backups/notes.txt", 5, "x", nextSequencer()),
                notification("ObjectCreated:Put", "someone-elses-bucket", "photos/a/b.jpg", 5, "x", nextSequencer())), null);
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(drainJobs()).isEmpty();
        assertThat(index.get(PhotoKey.of("photos/a/b.jpg"))).isEmpty();
    }

    @Test
    void unreadableMessageAndS3OutageAreBothReportedSoNeitherIsLost() throws Exception {
        PhotoKey key = PhotoKey.of("photos/a/later.jpg");
        String created = put(key, Files.readAllBytes(ELEPHANTS));
        S3ProxyServer doomed = S3ProxyServer.start();
        try (S3Client down = doomed.client()) {
            doomed.close();
            IngestConfig config = new IngestConfig(ORIGINALS, DERIVED, index.table(), queueUrl, Presets.DEFAULT,
                    IngestConfig.DEFAULT_HEADER_BYTES, ImagingConfig.defaults(), videoQueueUrl, VideoLimits.DEFAULTS);
            IngestHandler offline = new IngestHandler(config, down, sqs, dynamo);
            SQSEvent event = sqsEvent("this is not JSON", created);
            SQSBatchResponse response = offline.handleRequest(event, null);
            // The unreadable body goes on to the dead-letter queue (nothing else recorded it); the outage is retried.
            assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                    .containsExactly(event.getRecords().get(0).getMessageId(), event.getRecords().get(1).getMessageId());
        }
        assertThat(index.get(key)).isEmpty();
    }

    @Test
    void aMissingBucketIsAnErrorNeverATombstone() throws Exception {
        PhotoKey key = PhotoKey.of("photos/Trip/misconfigured.jpg");
        String created = put(key, Files.readAllBytes(ELEPHANTS));
        // A function whose originals bucket does not exist (a typo in its configuration, a bucket deleted by hand).
        String missing = "originals-never-created";
        IngestConfig config = new IngestConfig(missing, DERIVED, index.table(), queueUrl, Presets.DEFAULT,
                IngestConfig.DEFAULT_HEADER_BYTES, ImagingConfig.defaults(), videoQueueUrl, VideoLimits.DEFAULTS);
        IngestHandler misconfigured = new IngestHandler(config, s3, sqs, dynamo);
        SQSEvent event = sqsEvent(
                notification("ObjectCreated:Put", missing, "photos/Trip/other.jpg", 10, "0123456789abcdef0123456789abcdef", nextSequencer()),
                notification("ObjectRemoved:Delete", missing, key.value(), -1, null, nextSequencer()));

        SQSBatchResponse response = misconfigured.handleRequest(event, null);

        // Both retried (and, if it stays so, in the dead-letter queue), neither taken for "the photo is gone".
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(event.getRecords().get(0).getMessageId(), event.getRecords().get(1).getMessageId());
        assertThat(index.get(PhotoKey.of("photos/Trip/other.jpg"))).isEmpty();
        // No tombstone either: the upload's own event, older than the failed removal, still makes its row.
        assertThat(handler.handleRequest(sqsEvent(created), null).getBatchItemFailures()).isEmpty();
        assertThat(index.get(key).orElseThrow().status()).isEqualTo(PhotoStatus.PENDING);
    }

    // ------------------------------------------------------------ helpers

    /** Puts an object and returns the notification S3 would send for it. */
    private static String put(PhotoKey key, byte[] bytes) {
        String eTag = Ingest.unquote(s3.putObject(b -> b.bucket(ORIGINALS).key(key.value()), RequestBody.fromBytes(bytes)).eTag());
        return notification("ObjectCreated:Put", ORIGINALS, key.value(), bytes.length, eTag, nextSequencer());
    }

    private static String removed(PhotoKey key) {
        return notification("ObjectRemoved:Delete", ORIGINALS, key.value(), -1, null, nextSequencer());
    }

    private static synchronized String nextSequencer() {
        return String.format("0062E99A88DC%06X", sequence++);
    }

    /** The S3 notification body, as core's encoder writes it for the local stack and the admin tool. */
    static String notification(String eventName, String bucket, String key, long size, String eTag, String sequencer) {
        ObjectEvent event = eventName.startsWith("ObjectRemoved:") ? new ObjectEvent.Removed(bucket, key, null, sequencer)
                : new ObjectEvent.Created(bucket, key, size, eTag, null, sequencer);
        return S3EventEncoder.encode(NOTIFIER, eventName, Instant.now(), event, "local");
    }

    private static SQSEvent sqsEvent(String... bodies) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (String body : bodies) {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId(UUID.randomUUID().toString());
            m.setBody(body);
            records.add(m);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private List<RenderJob> drainJobs() {
        return drain(queueUrl);
    }

    private static List<RenderJob> drain(String queueUrl) {
        List<RenderJob> jobs = new ArrayList<>();
        while (true) {
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            if (got.isEmpty()) return jobs;
            for (Message m : got) {
                jobs.add(RenderJob.fromJson(m.body()));
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
    }
}
