package gallery.local.s3;

import com.fasterxml.jackson.databind.node.ObjectNode;
import gallery.core.Json;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The message body S3 sends to an SQS queue for one object change, field for field, so the ingest
 * handler decodes the same JSON locally as in AWS.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 */
public final class S3EventMessage {
    /** S3 writes eventTime with millisecond precision in UTC. */
    private static final DateTimeFormatter EVENT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String OWNER = "GALLERYLOCAL";
    /** The principal of a request signed with the stack's own key pair (the bucket owner's). */
    public static final String OWNER_PRINCIPAL = "AWS:" + OWNER;

    private S3EventMessage() {
    }

    public static String created(String region, String eventName, String bucket, String key, long size, String eTag,
                                 String sequencer, Instant at) {
        return created(region, eventName, bucket, key, size, eTag, sequencer, at, OWNER_PRINCIPAL);
    }

    /** @param principalId who signed the request ({@code AWS:<IAM user id>}, as S3 writes it) */
    public static String created(String region, String eventName, String bucket, String key, long size, String eTag,
                                 String sequencer, Instant at, String principalId) {
        ObjectNode record = record(region, eventName, bucket, at, principalId);
        ObjectNode object = ((ObjectNode) record.get("s3")).putObject("object");
        object.put("key", encodeKey(key));
        object.put("size", size);
        object.put("eTag", unquote(eTag));
        object.put("sequencer", sequencer);
        return wrap(record);
    }

    /** S3 leaves size and eTag out of removal events (the object is gone). */
    public static String removed(String region, String bucket, String key, String sequencer, Instant at) {
        return removed(region, bucket, key, sequencer, at, OWNER_PRINCIPAL);
    }

    public static String removed(String region, String bucket, String key, String sequencer, Instant at, String principalId) {
        ObjectNode record = record(region, "ObjectRemoved:Delete", bucket, at, principalId);
        ObjectNode object = ((ObjectNode) record.get("s3")).putObject("object");
        object.put("key", encodeKey(key));
        object.put("sequencer", sequencer);
        return wrap(record);
    }

    /**
     * S3 encodes keys in events as an HTML form does ({@code +} for a space, {@code %2B} for a plus)
     * but leaves the {@code /} between folders as it is.
     */
    public static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    private static ObjectNode record(String region, String eventName, String bucket, Instant at, String principalId) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("eventVersion", "2.1");
        r.put("eventSource", "aws:s3");
        r.put("awsRegion", region);
        r.put("eventTime", EVENT_TIME.format(at));
        r.put("eventName", eventName);
        r.putObject("userIdentity").put("principalId", principalId);
        r.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        ObjectNode response = r.putObject("responseElements");
        response.put("x-amz-request-id", randomHex(8).toUpperCase());
        response.put("x-amz-id-2", randomHex(32));
        ObjectNode s3 = r.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", "gallery-ingest");
        ObjectNode b = s3.putObject("bucket");
        b.put("name", bucket);
        b.putObject("ownerIdentity").put("principalId", OWNER);
        b.put("arn", "arn:aws:s3:::" + bucket);
        return r;
    }

    private static String wrap(ObjectNode record) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.putArray("Records").add(record);
        return Json.write(root);
    }

    private static String unquote(String eTag) {
        if (eTag == null) return "";
        return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"") ? eTag.substring(1, eTag.length() - 1) : eTag;
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
