package gallery.index;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Opaque paging cursors: DynamoDB's LastEvaluatedKey (string attributes only in this table) packed
 * and base64url-encoded. A cursor is checked against the key attributes of the listing it belongs
 * to, so one from another listing, or a hand-edited one, is refused with a clear message.
 */
final class Cursor {
    private Cursor() {
    }

    static String encode(Map<String, AttributeValue> lastKey) {
        if (lastKey == null || lastKey.isEmpty()) return null;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Map<String, AttributeValue> sorted = new TreeMap<>(lastKey);
            out.writeByte(sorted.size());
            for (Map.Entry<String, AttributeValue> e : sorted.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue().s());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
    }

    /** Null or blank means the first page. */
    static Map<String, AttributeValue> decode(String cursor, List<String> expectedAttributes) {
        if (cursor == null || cursor.isBlank()) return null;
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(Base64.getUrlDecoder().decode(cursor.trim())))) {
            int n = in.readUnsignedByte();
            for (int i = 0; i < n; i++) key.put(in.readUTF(), AttributeValue.fromS(in.readUTF()));
            if (in.available() > 0) throw new IOException("trailing bytes");
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidCursor("invalid cursor '" + abbreviate(cursor) + "': expected the 'next' value of a previous page");
        }
        if (!key.keySet().equals(new java.util.HashSet<>(expectedAttributes))) {
            throw new InvalidCursor("invalid cursor '" + abbreviate(cursor) + "': it belongs to another listing");
        }
        return key;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
