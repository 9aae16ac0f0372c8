package gallery.core.events;

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
 * The message body S3 sends to an SQS queue for one object change, field for field, for those who
 * stand in for S3: the local stack's notifications and the admin tool's replacement for a lost event.
 * The inverse of {@link S3EventDecoder}: {@code decode(encode(origin, name, at, event))} is {@code [event]}.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 */
public final class S3EventEncoder {
    /** S3 writes eventTime with millisecond precision in UTC. */
    private static final DateTimeFormatter EVENT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /**
     * Who sends the notifications: the region, the notification configuration's id, and the bucket owner's
     * principal and the request's source address (left out when null: the admin tool knows neither).
     */
    public record Origin(String region, String configurationId, String ownerId, String sourceIp) {
    }

    private S3EventEncoder() {
    }

    /**
     * One record for {@code event}, named {@code eventName} ({@code ObjectCreated:Put}, {@code
     * ObjectCreated:CompleteMultipartUpload}, {@code ObjectRemoved:Delete}, ...). A removal carries no size or
     * eTag, as S3's; {@code principalId} is who made the request ({@link ObjectEvent.Created#principalId()} is
     * what the decoder reads back; null leaves it out).
     */
    public static String encode(Origin origin, String eventName, Instant at, ObjectEvent event, String principalId) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("eventVersion", "2.1");
        r.put("eventSource", "aws:s3");
        r.put("awsRegion", origin.region());
        r.put("eventTime", EVENT_TIME.format(at));
        r.put("eventName", eventName);
        ObjectNode user = r.putObject("userIdentity");
        if (principalId != null) user.put("principalId", principalId);
        if (origin.sourceIp() != null) {
            r.putObject("requestParameters").put("sourceIPAddress", origin.sourceIp());
            ObjectNode response = r.putObject("responseElements");
            response.put("x-amz-request-id", randomHex(8).toUpperCase());
            response.put("x-amz-id-2", randomHex(32));
        }
        ObjectNode s3 = r.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", origin.configurationId());
        ObjectNode b = s3.putObject("bucket");
        b.put("name", event.bucket());
        if (origin.ownerId() != null) b.putObject("ownerIdentity").put("principalId", origin.ownerId());
        b.put("arn", "arn:aws:s3:::" + event.bucket());
        ObjectNode object = s3.putObject("object");
        switch (event) {
            case ObjectEvent.Created c -> {
                object.put("key", encodeKey(c.key()));
                object.put("size", c.size());
                if (c.eTag() != null) object.put("eTag", unquote(c.eTag()));
                if (c.versionId() != null) object.put("versionId", c.versionId());
                if (c.sequencer() != null) object.put("sequencer", c.sequencer());
            }
            case ObjectEvent.Removed rm -> {
                object.put("key", encodeKey(rm.key()));
                if (rm.versionId() != null) object.put("versionId", rm.versionId());
                if (rm.sequencer() != null) object.put("sequencer", rm.sequencer());
            }
            case ObjectEvent.Test t -> throw new IllegalArgumentException("a test event is not an object record");
        }
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.putArray("Records").add(r);
        return Json.write(root);
    }

    /**
     * S3 encodes keys in events as an HTML form does ({@code +} for a space, {@code %2B} for a plus)
     * but leaves the {@code /} between folders as it is; {@link S3EventDecoder#decodeKey} undoes it.
     */
    public static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    /** S3's response headers quote an ETag; its events do not. */
    private static String unquote(String eTag) {
        return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"") ? eTag.substring(1, eTag.length() - 1) : eTag;
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
