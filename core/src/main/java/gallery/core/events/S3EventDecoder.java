package gallery.core.events;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.core.Json;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the body of an SQS message carrying an S3 event notification into domain events.
 * This is the one place keys are URL-decoded: S3 encodes them as in an HTML form ({@code +} is a
 * space, {@code %2B} a plus), see
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 */
public final class S3EventDecoder {
    private S3EventDecoder() {
    }

    public static List<ObjectEvent> decode(String body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (Exception e) {
            throw new IllegalArgumentException("message body is not JSON: " + abbreviate(body), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("message body is not an S3 event object: " + abbreviate(body));
        }
        if ("s3:TestEvent".equals(root.path("Event").asText())) {
            return List.of(new ObjectEvent.Test(root.path("Bucket").asText()));
        }
        JsonNode records = root.get("Records");
        if (records == null || !records.isArray()) {
            throw new IllegalArgumentException("message body has no Records array: " + abbreviate(body));
        }
        List<ObjectEvent> out = new ArrayList<>();
        for (JsonNode r : records) {
            String name = r.path("eventName").asText();
            JsonNode s3 = r.path("s3");
            String bucket = s3.path("bucket").path("name").asText();
            JsonNode o = s3.path("object");
            String key = decodeKey(o.path("key").asText());
            String versionId = text(o, "versionId");
            String sequencer = text(o, "sequencer");
            if (name.startsWith("ObjectCreated:")) {
                out.add(new ObjectEvent.Created(bucket, key, o.path("size").asLong(), text(o, "eTag"), versionId, sequencer,
                        text(r.path("userIdentity"), "principalId")));
            } else if (name.startsWith("ObjectRemoved:")) {
                out.add(new ObjectEvent.Removed(bucket, key, versionId, sequencer));
            }
            // Other event types (restore, replication, lifecycle transitions) do not change what we show.
        }
        return out;
    }

    public static String decodeKey(String encoded) {
        return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String abbreviate(String s) {
        if (s == null) return "null";
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
