package gallery.local;

import gallery.aws.DeploymentClients;
import gallery.core.PhotoKey;
import gallery.core.RenditionKey;
import gallery.core.deploy.Deployment;
import gallery.core.preset.Presets;
import gallery.imaging.MetadataReader;
import gallery.imaging.FileMetadata;
import gallery.index.PhotoIndex;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The one full-gallery test fixture: SDK clients on a running {@link LocalStack}, and uploads, reads
 * and waits on the index and the queues. Everything goes through the emulators; nothing is faked.
 * local's ITs use it as it is; admin's {@code LocalGallery} and hardening's {@code Pipeline} extend it
 * (through local's test-jar) with the handlers and tools they run on top.
 */
public class GalleryFixture implements AutoCloseable {
    public final LocalStack stack;
    public final Deployment d;
    public final S3Client s3;
    public final SqsClient sqs;
    public final DynamoDbClient dynamo;
    public final PhotoIndex index;
    private final boolean ownsStack;

    /** A fixture on a stack the caller stops. */
    public GalleryFixture(LocalStack stack) {
        this(stack, false);
    }

    /** @param ownsStack whether {@link #close()} stops the stack too */
    protected GalleryFixture(LocalStack stack, boolean ownsStack) {
        this.stack = stack;
        this.ownsStack = ownsStack;
        this.d = stack.deployment();
        this.s3 = DeploymentClients.s3(d);
        this.sqs = DeploymentClients.sqs(d);
        this.dynamo = DeploymentClients.dynamoDb(d);
        this.index = new PhotoIndex(dynamo, d.photoTable());
    }

    /** Uploads an original as a person's backup would. */
    public void put(String key, byte[] bytes) {
        s3.putObject(p -> p.bucket(d.originalsBucket()).key(key).contentType("image/jpeg"), RequestBody.fromBytes(bytes));
    }

    public Optional<PhotoRow> row(String key) {
        return row(PhotoKey.of(key));
    }

    public Optional<PhotoRow> row(PhotoKey key) {
        return index.get(key);
    }

    public PhotoRow awaitStatus(String key, PhotoStatus status) {
        return Await.until(key + " " + status, () -> row(key).filter(r -> r.status() == status).orElse(null));
    }

    public PhotoRow awaitReady(String key, String eTag) {
        return Await.until(key + " READY at " + eTag,
                () -> row(key).filter(r -> r.status() == PhotoStatus.READY && eTag.equals(r.version().eTag())).orElse(null));
    }

    /** Waits until the photo's row satisfies {@code done}; fails naming the row as last seen. */
    public PhotoRow await(PhotoKey key, Predicate<PhotoRow> done, Duration timeout) {
        Instant until = Instant.now().plus(timeout);
        Optional<PhotoRow> row = Optional.empty();
        while (Instant.now().isBefore(until)) {
            row = index.get(key);
            if (row.isPresent() && done.test(row.get())) return row.get();
            sleep(200);
        }
        throw new AssertionError(key + " did not reach the expected state within " + timeout + "; last seen: " + row);
    }

    public String eTag(String key) {
        return s3.headObject(h -> h.bucket(d.originalsBucket()).key(key)).eTag().replace("\"", "");
    }

    /** Every object in {@code bucket} that is a preset rendition of {@code key}. */
    public List<String> renditionsOf(String bucket, String key) {
        List<String> out = new ArrayList<>();
        for (int size : Presets.DEFAULT.sizes()) {
            String prefix = RenditionKey.PREFIX + size + "/" + key;
            for (S3Object o : s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(prefix)).contents()) {
                if (o.key().equals(new RenditionKey(size, PhotoKey.of(key), Presets.DEFAULT.format()).value())) out.add(o.key());
            }
        }
        return out;
    }

    public byte[] object(String bucket, String key) {
        return s3.getObjectAsBytes(g -> g.bucket(bucket).key(key)).asByteArray();
    }

    /** Width and height of an image in the bucket, read from its own header. */
    public FileMetadata dimensions(String bucket, String key) {
        return MetadataReader.read(object(bucket, key));
    }

    /** Messages on a queue: waiting, in flight and delayed. */
    public long depth(String queueUrl) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(g -> g.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return a.values().stream().mapToLong(Long::parseLong).sum();
    }

    /** Whether nothing is waiting or in flight on the ingest and render lanes. */
    public boolean queuesIdle() {
        return depth(d.queues().ingest()) == 0 && depth(d.queues().render()) == 0;
    }

    public void awaitIdle() {
        Await.until("ingest and render queues drained", this::queuesIdle);
    }

    /** Receives (and deletes) {@code count} messages from a queue nobody else is polling. */
    public List<Message> take(String queueUrl, int count) {
        List<Message> got = new ArrayList<>();
        Await.until(count + " messages on " + queueUrl, () -> {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            for (Message m : batch) {
                got.add(m);
                sqs.deleteMessage(x -> x.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
            return got.size() >= count;
        });
        return got;
    }

    public void send(String queueUrl, String body) {
        sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody(body));
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        s3.close();
        sqs.close();
        dynamo.close();
        if (ownsStack) stack.close();
    }
}
