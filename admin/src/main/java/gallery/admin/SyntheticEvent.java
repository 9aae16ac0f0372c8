package gallery.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import gallery.core.Json;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * An {@code ObjectCreated:Put} notification for an original whose real one was lost, in S3's own
 * message shape, so the ingest function handles it like any upload. It carries no sequencer (which
 * the index reads as the lowest possible), so any real event for the same key, earlier or later,
 * wins over it; and no version id, so the latest version is read.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 */
public final class SyntheticEvent {
    private SyntheticEvent() {
    }

    public static String created(String region, String bucket, Original o, Instant now) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("eventVersion", "2.1");
        r.put("eventSource", "aws:s3");
        r.put("awsRegion", region);
        r.put("eventTime", now.toString());
        r.put("eventName", "ObjectCreated:Put");
        r.putObject("userIdentity").put("principalId", "gallery-admin-reprocess");
        ObjectNode s3 = r.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", "gallery-admin-reprocess");
        ObjectNode b = s3.putObject("bucket");
        b.put("name", bucket);
        b.put("arn", "arn:aws:s3:::" + bucket);
        ObjectNode object = s3.putObject("object");
        // S3 encodes keys as an HTML form does (+ for a space) and leaves the folder slashes.
        object.put("key", URLEncoder.encode(o.key().value(), StandardCharsets.UTF_8).replace("%2F", "/"));
        object.put("size", o.size());
        if (o.eTag() != null) object.put("eTag", o.eTag());
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.putArray("Records").add(r);
        return Json.write(root);
    }
}
