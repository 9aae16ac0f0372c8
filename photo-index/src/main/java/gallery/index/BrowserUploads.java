package gallery.index;

import gallery.core.PhotoKey;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static gallery.index.Items.n;
import static gallery.index.Items.s;
import static gallery.index.PhotoTable.EXPIRES_AT;
import static gallery.index.PhotoTable.PK;
import static gallery.index.PhotoTable.SK;

/**
 * The browser uploads' two records in the photo table, beside the photo items:
 * <ul>
 *   <li>an upload in progress, {@code pk=UPLOAD#<upload id>}, {@code sk=UPLOAD}: whose it is, where it goes,
 *       its declared size and SHA-256. The API issues part URLs and completes an upload only for the member
 *       who started it; the item expires with the bucket's rule that aborts incomplete uploads;</li>
 *   <li>a content hash, {@code pk=HASH#<album>}, {@code sk=<sha256 hex>}: the key of the photo a completed
 *       upload made. A later upload of the same bytes into that album is answered with that key instead of
 *       an upload, while the photo is still there.</li>
 * </ul>
 */
public final class BrowserUploads {
    /** As long as the originals bucket keeps an incomplete multipart upload (infra's Storage). */
    public static final Duration UPLOAD_LIFETIME = Duration.ofDays(7);
    public static final String UPLOAD_PREFIX = "UPLOAD#";
    static final String UPLOAD_SK = "UPLOAD";
    public static final String HASH_PREFIX = "HASH#";

    /** An upload in progress: the member who started it ({@code owner}, the pool's username) and what they declared. */
    public record Started(String uploadId, PhotoKey key, String owner, long bytes, String sha256) {
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public BrowserUploads(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public void started(Started u) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(UPLOAD_PREFIX + u.uploadId()));
        item.put(SK, s(UPLOAD_SK));
        item.put(PhotoTable.KEY, s(u.key().value()));
        item.put("owner", s(u.owner()));
        item.put(PhotoTable.BYTES, n(u.bytes()));
        item.put("sha256", s(u.sha256()));
        item.put(EXPIRES_AT, n(clock.instant().plus(UPLOAD_LIFETIME).getEpochSecond()));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    /** The upload, if the API started it and it has not been completed or abandoned since. */
    public Optional<Started> find(String uploadId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(PK, s(UPLOAD_PREFIX + uploadId), SK, s(UPLOAD_SK)))).item();
        if (item == null || item.isEmpty()) return Optional.empty();
        return Optional.of(new Started(uploadId, PhotoKey.of(Items.str(item, PhotoTable.KEY)), Items.str(item, "owner"),
                Long.parseLong(item.get(PhotoTable.BYTES).n()), Items.str(item, "sha256")));
    }

    /** Forgets the upload; true when this call removed it (a second, concurrent completion gets false). */
    public boolean finished(String uploadId) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(Map.of(PK, s(UPLOAD_PREFIX + uploadId), SK, s(UPLOAD_SK)))
                    .conditionExpression("attribute_exists(" + PK + ")"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Records that {@code key}, in its album, holds the bytes whose SHA-256 is {@code sha256}. */
    public void recordHash(PhotoKey key, String sha256) {
        dynamo.putItem(b -> b.tableName(table).item(Map.of(PK, s(HASH_PREFIX + key.album()), SK, s(sha256),
                PhotoTable.KEY, s(key.value()), PhotoTable.UPDATED_AT, s(clock.instant().toString()))));
    }

    /** The photo of {@code album} recorded with these bytes, if one was. */
    public Optional<PhotoKey> withHash(String album, String sha256) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(PK, s(HASH_PREFIX + album), SK, s(sha256)))).item();
        if (item == null || item.isEmpty()) return Optional.empty();
        return Optional.of(PhotoKey.of(Items.str(item, PhotoTable.KEY)));
    }
}
