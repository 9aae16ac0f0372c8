package gallery.local;

import gallery.core.PhotoKey;
import gallery.core.RenditionKey;
import gallery.core.deploy.Deployment;
import gallery.core.preset.Presets;
import gallery.imaging.MetadataReader;
import gallery.imaging.PhotoMetadata;
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

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the pipeline ITs share: SDK clients on a running {@link LocalStack}, generated JPEGs, and
 * waits on the index and the queues. Everything goes through the emulators; nothing is faked.
 */
final class PipelineFixture implements AutoCloseable {
    final LocalStack stack;
    final Deployment d;
    final S3Client s3;
    final SqsClient sqs;
    final DynamoDbClient dynamo;
    final PhotoIndex index;

    PipelineFixture(LocalStack stack) {
        this.stack = stack;
        this.d = stack.deployment();
        this.s3 = LocalClients.s3(d);
        this.sqs = LocalClients.sqs(d);
        this.dynamo = LocalClients.dynamoDb(d);
        this.index = new PhotoIndex(dynamo, d.photoTable());
    }

    /** A real baseline JPEG of the given size: a gradient, so renditions are not trivially compressible. */
    static byte[] jpeg(int width, int height, Color from, Color to) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, from, width, height, to));
        g.fillRect(0, 0, width, height);
        g.dispose();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.9f);
            writer.write(null, new IIOImage(img, null, null), p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    static byte[] jpeg(int width, int height) {
        return jpeg(width, height, Color.ORANGE, Color.BLUE);
    }

    /** The first half of a real JPEG: its header is valid, its pixels end early. */
    static byte[] truncatedJpeg() {
        byte[] whole = jpeg(900, 600, Color.RED, Color.GREEN);
        return Arrays.copyOf(whole, whole.length / 2);
    }

    void put(String key, byte[] bytes) {
        s3.putObject(p -> p.bucket(d.originalsBucket()).key(key).contentType("image/jpeg"), RequestBody.fromBytes(bytes));
    }

    Optional<PhotoRow> row(String key) {
        return index.get(PhotoKey.of(key));
    }

    PhotoRow awaitStatus(String key, PhotoStatus status) {
        return Await.until(key + " " + status, () -> row(key).filter(r -> r.status() == status).orElse(null));
    }

    PhotoRow awaitReady(String key, String eTag) {
        return Await.until(key + " READY at " + eTag,
                () -> row(key).filter(r -> r.status() == PhotoStatus.READY && eTag.equals(r.eTag())).orElse(null));
    }

    String eTag(String key) {
        return s3.headObject(h -> h.bucket(d.originalsBucket()).key(key)).eTag().replace("\"", "");
    }

    /** Every object in {@code bucket} that is a preset rendition of {@code key}. */
    List<String> renditionsOf(String bucket, String key) {
        List<String> out = new ArrayList<>();
        for (int size : Presets.DEFAULT.sizes()) {
            String prefix = RenditionKey.PREFIX + size + "/" + key;
            for (S3Object o : s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(prefix)).contents()) {
                if (o.key().equals(new RenditionKey(size, PhotoKey.of(key), Presets.DEFAULT.format()).value())) out.add(o.key());
            }
        }
        return out;
    }

    byte[] object(String bucket, String key) {
        return s3.getObjectAsBytes(g -> g.bucket(bucket).key(key)).asByteArray();
    }

    /** Width and height of an image in the bucket, read from its own header. */
    PhotoMetadata dimensions(String bucket, String key) {
        return MetadataReader.read(object(bucket, key));
    }

    int messages(String queueUrl) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(g -> g.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** Waits until nothing is waiting or in flight on the ingest and render lanes. */
    void awaitIdle() {
        Await.until("ingest and render queues drained", () -> messages(d.queues().ingest()) == 0 && messages(d.queues().render()) == 0);
    }

    /** Receives (and deletes) {@code count} messages from a queue nobody else is polling. */
    List<Message> take(String queueUrl, int count) {
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

    void send(String queueUrl, String body) {
        sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody(body));
    }

    @Override
    public void close() {
        s3.close();
        sqs.close();
        dynamo.close();
    }
}
