package gallery.local;

import gallery.aws.DeploymentClients;
import com.fasterxml.jackson.databind.JsonNode;
import gallery.core.Json;
import gallery.core.deploy.Deployment;
import gallery.core.events.ObjectEvent;
import gallery.core.events.S3EventDecoder;
import gallery.core.events.Sequencer;
import gallery.local.s3.LocalS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Every way an object changes through the S3 API sends S3's notification JSON to the ingest queue. */
class S3NotificationsIT {
    @TempDir
    static Path data;
    static LocalStack stack;
    static Deployment d;
    static S3Client s3;
    static SqsClient sqs;

    @BeforeAll
    static void start() {
        stack = LocalStack.startForTest(data);
        d = stack.deployment();
        s3 = DeploymentClients.s3(d);
        sqs = DeploymentClients.sqs(d);
    }

    @AfterAll
    static void stop() {
        s3.close();
        sqs.close();
        stack.close();
    }

    @BeforeEach
    void emptyIngestQueue() {
        sqs.purgeQueue(p -> p.queueUrl(d.queues().ingest()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "photos/a.jpg",
            "photos/Summer 2024/beach day.jpg",
            "photos/1+1=2/a+b.jpg",
            "photos/100% real/50%off.jpg",
            "photos/Été à Zürich/日本の写真 🎉.jpg",
            "photos/a/b/c/d/e/f/deep.jpg",
            "photos/odd chars/&$@=;:,?#[]!'()*~.jpg"})
    void aPutNotifiesWithTheKeyDecodingToTheSameKey(String key) {
        String etag = s3.putObject(p -> p.bucket(d.originalsBucket()).key(key), RequestBody.fromString("photo bytes")).eTag();

        Message m = onlyMessage();
        List<ObjectEvent> events = S3EventDecoder.decode(m.body());

        assertThat(events).containsExactly(new ObjectEvent.Created(d.originalsBucket(), key, 11,
                etag.replace("\"", ""), null, record(m).path("s3").path("object").path("sequencer").asText(),
                // Signed with the stack's own key pair: the bucket owner, as S3 names it.
                LocalS3.OWNER_PRINCIPAL));
        assertThat(events.getFirst().photoKey()).hasValueSatisfying(k -> assertThat(k.value()).isEqualTo(key));
        assertThat(record(m).path("eventName").asText()).isEqualTo("ObjectCreated:Put");
        // S3 encodes as a form does: a space is '+', a plus is %2B, folders keep their '/'.
        assertThat(record(m).path("s3").path("object").path("key").asText()).doesNotContain(" ");
    }

    @Test
    void theKeyIsEncodedAsS3EncodesIt() {
        s3.putObject(p -> p.bucket(d.originalsBucket()).key("photos/My Album/1+1 100%.jpg"), RequestBody.fromString("x"));

        assertThat(record(onlyMessage()).path("s3").path("object").path("key").asText())
                .isEqualTo("photos/My+Album/1%2B1+100%25.jpg");
    }

    @Test
    void getAndRangedGetReadWhatWasPut() throws Exception {
        byte[] bytes = new byte[100_000];
        for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) (i * 31);
        s3.putObject(p -> p.bucket(d.originalsBucket()).key("photos/range/r.jpg"), RequestBody.fromBytes(bytes));

        ResponseBytes<GetObjectResponse> whole = s3.getObjectAsBytes(g -> g.bucket(d.originalsBucket()).key("photos/range/r.jpg"));
        ResponseBytes<GetObjectResponse> head = s3.getObjectAsBytes(g -> g.bucket(d.originalsBucket()).key("photos/range/r.jpg").range("bytes=0-65535"));
        ResponseBytes<GetObjectResponse> middle = s3.getObjectAsBytes(g -> g.bucket(d.originalsBucket()).key("photos/range/r.jpg").range("bytes=1000-1999"));

        assertThat(whole.asByteArray()).isEqualTo(bytes);
        assertThat(head.asByteArray()).isEqualTo(Arrays.copyOfRange(bytes, 0, 65_536));
        assertThat(head.response().contentRange()).isEqualTo("bytes 0-65535/100000");
        assertThat(middle.asByteArray()).isEqualTo(Arrays.copyOfRange(bytes, 1000, 2000));
    }

    @Test
    void checksumsAreSentAndChecked() {
        // The SDK's defaults (2.30+) already add CRC32 to every upload; this asks for another
        // algorithm and for the stored checksum back on download, which the SDK then verifies.
        s3.putObject(p -> p.bucket(d.originalsBucket()).key("photos/checksums/c.jpg")
                .checksumAlgorithm(ChecksumAlgorithm.CRC32_C), RequestBody.fromString("with crc"));
        var got = s3.getObjectAsBytes(g -> g.bucket(d.originalsBucket()).key("photos/checksums/c.jpg").checksumMode(ChecksumMode.ENABLED));

        assertThat(got.asUtf8String()).isEqualTo("with crc");
        assertThat(S3EventDecoder.decode(onlyMessage().body())).singleElement()
                .isInstanceOfSatisfying(ObjectEvent.Created.class, c -> assertThat(c.size()).isEqualTo(8));
    }

    @Test
    void aMultipartUploadNotifiesOnceWhenCompleted() {
        String key = "photos/big ones/panorama.jpg";
        byte[] part1 = new byte[5 * 1024 * 1024];
        byte[] part2 = "the last part".getBytes(StandardCharsets.UTF_8);
        String uploadId = s3.createMultipartUpload(c -> c.bucket(d.originalsBucket()).key(key)).uploadId();
        String e1 = s3.uploadPart(u -> u.bucket(d.originalsBucket()).key(key).uploadId(uploadId).partNumber(1), RequestBody.fromBytes(part1)).eTag();
        String e2 = s3.uploadPart(u -> u.bucket(d.originalsBucket()).key(key).uploadId(uploadId).partNumber(2), RequestBody.fromBytes(part2)).eTag();
        assertThat(receiveAll()).as("no event before the upload completes").isEmpty();

        String etag = s3.completeMultipartUpload(c -> c.bucket(d.originalsBucket()).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e1).build(),
                        CompletedPart.builder().partNumber(2).eTag(e2).build()))).eTag();

        Message m = onlyMessage();
        assertThat(record(m).path("eventName").asText()).isEqualTo("ObjectCreated:CompleteMultipartUpload");
        ObjectEvent.Created created = (ObjectEvent.Created) S3EventDecoder.decode(m.body()).getFirst();
        assertThat(created.key()).isEqualTo(key);
        assertThat(created.size()).isEqualTo(part1.length + part2.length);
        assertThat(created.eTag()).isEqualTo(etag.replace("\"", "")).endsWith("-2");
    }

    @Test
    void deletesNotifyOncePerKeyIncludingMultiObjectDeletes() {
        List<String> keys = List.of("photos/del/one.jpg", "photos/del/two words.jpg", "photos/del/three+.jpg");
        for (String k : keys) s3.putObject(p -> p.bucket(d.originalsBucket()).key(k), RequestBody.fromString(k));
        receiveAll();

        s3.deleteObject(r -> r.bucket(d.originalsBucket()).key(keys.getFirst()));
        Message single = onlyMessage();
        assertThat(record(single).path("eventName").asText()).isEqualTo("ObjectRemoved:Delete");
        assertThat(S3EventDecoder.decode(single.body())).singleElement()
                .isInstanceOfSatisfying(ObjectEvent.Removed.class, r -> assertThat(r.key()).isEqualTo(keys.getFirst()));

        s3.deleteObjects(r -> r.bucket(d.originalsBucket()).delete(del -> del.objects(
                ObjectIdentifier.builder().key(keys.get(1)).build(), ObjectIdentifier.builder().key(keys.get(2)).build())));
        List<ObjectEvent> removed = receiveAll().stream().flatMap(m -> S3EventDecoder.decode(m.body()).stream()).toList();
        assertThat(removed).hasSize(2).allSatisfy(e -> assertThat(e).isInstanceOf(ObjectEvent.Removed.class));
        assertThat(removed.stream().map(e -> ((ObjectEvent.Removed) e).key())).containsExactlyInAnyOrder(keys.get(1), keys.get(2));
        assertThat(s3.listObjectsV2(l -> l.bucket(d.originalsBucket()).prefix("photos/del/")).contents()).isEmpty();
    }

    @Test
    void aCopyIntoPhotosNotifies() {
        s3.putObject(p -> p.bucket(d.originalsBucket()).key("inbox/x.jpg"), RequestBody.fromString("copy me"));
        s3.copyObject(c -> c.sourceBucket(d.originalsBucket()).sourceKey("inbox/x.jpg")
                .destinationBucket(d.originalsBucket()).destinationKey("photos/copied/x.jpg"));

        Message m = onlyMessage();
        assertThat(record(m).path("eventName").asText()).isEqualTo("ObjectCreated:Copy");
        assertThat(((ObjectEvent.Created) S3EventDecoder.decode(m.body()).getFirst()).key()).isEqualTo("photos/copied/x.jpg");
    }

    @Test
    void onlyPhotosInTheOriginalsBucketNotify() {
        s3.putObject(p -> p.bucket(d.originalsBucket()).key("notes/readme.txt"), RequestBody.fromString("x"));
        s3.putObject(p -> p.bucket(d.derivedBucket()).key("photos/looks-like-one.jpg"), RequestBody.fromString("x"));
        s3.putObject(p -> p.bucket(d.originalsBucket()).key("photos/real.jpg"), RequestBody.fromString("x"));

        assertThat(S3EventDecoder.decode(onlyMessage().body())).singleElement()
                .isInstanceOfSatisfying(ObjectEvent.Created.class, c -> assertThat(c.key()).isEqualTo("photos/real.jpg"));
    }

    @Test
    void sequencersIncreaseForTheSameKey() {
        List<String> sequencers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            s3.putObject(p -> p.bucket(d.originalsBucket()).key("photos/seq.jpg"), RequestBody.fromString("v"));
            sequencers.add(record(onlyMessage()).path("s3").path("object").path("sequencer").asText());
        }
        s3.deleteObject(r -> r.bucket(d.originalsBucket()).key("photos/seq.jpg"));
        sequencers.add(record(onlyMessage()).path("s3").path("object").path("sequencer").asText());

        for (int i = 1; i < sequencers.size(); i++) {
            assertThat(Sequencer.compare(sequencers.get(i - 1), sequencers.get(i))).as(sequencers.toString()).isNegative();
        }
    }

    @Test
    void theMessageHasTheShapeOfARecordedS3Event() throws Exception {
        JsonNode recorded;
        try (InputStream in = getClass().getResourceAsStream("/events/s3/object-created-put.json")) {
            recorded = Json.MAPPER.readTree(in);
        }
        s3.putObject(p -> p.bucket(d.originalsBucket()).key("photos/shape/HappyFace.jpg"), RequestBody.fromString("x"));
        JsonNode ours = Json.MAPPER.readTree(onlyMessage().body());

        // Every field S3 sends is there, at the same place, with the same JSON type; versionId is
        // left out as S3 leaves it out for a bucket without versioning (S3Proxy's files have none).
        TreeSet<String> expected = paths(recorded, "");
        expected.remove("Records[].s3.object.versionId:STRING");
        assertThat(paths(ours, "")).isEqualTo(expected);
        assertThat(ours.at("/Records/0/eventVersion").asText()).isEqualTo(recorded.at("/Records/0/eventVersion").asText());
        assertThat(ours.at("/Records/0/eventSource").asText()).isEqualTo("aws:s3");
        assertThat(ours.at("/Records/0/awsRegion").asText()).isEqualTo(d.region());
        assertThat(ours.at("/Records/0/s3/bucket/arn").asText()).isEqualTo("arn:aws:s3:::" + d.originalsBucket());
        assertThat(ours.at("/Records/0/eventTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }

    private static TreeSet<String> paths(JsonNode node, String prefix) {
        TreeSet<String> out = new TreeSet<>();
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.addAll(paths(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey()));
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) out.addAll(paths(element, prefix + "[]"));
        } else {
            out.add(prefix + ":" + node.getNodeType());
        }
        return out;
    }

    private static JsonNode record(Message m) {
        try {
            return Json.MAPPER.readTree(m.body()).path("Records").path(0);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + m.body(), e);
        }
    }

    /** The one message on the ingest queue (S3 writes notify before the request returns here). */
    private static Message onlyMessage() {
        List<Message> all = receiveAll();
        assertThat(all).hasSize(1);
        return all.getFirst();
    }

    /** Drains the ingest queue: receives until a long poll comes back empty. */
    private static List<Message> receiveAll() {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(d.queues().ingest()).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            if (batch.isEmpty()) return all;
            for (Message m : batch) {
                all.add(m);
                sqs.deleteMessage(x -> x.queueUrl(d.queues().ingest()).receiptHandle(m.receiptHandle()));
            }
        }
    }
}
