package gallery.index;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * The photo index table's schema: names of keys, indexes and attributes, and {@link #create} for
 * tests and the local stack. Infra mirrors the same schema (see docs/architecture.md, "Photo index").
 *
 * <p>Items (all keys are strings):
 * <ul>
 *   <li>photo: {@code pk=PHOTO#<key>}, {@code sk=PHOTO}; the canonical row, or a tombstone
 *       ({@code status=DELETED}, {@value #EXPIRES_AT} set) after a delete;</li>
 *   <li>album entry, one per READY photo: {@code pk=ALBUM#<album>}, {@code sk=<local date>#<instant>#<key>}
 *       ({@link PhotoDate#sortKey}); a copy of the photo row so an album page is one strongly consistent
 *       query. The photo item remembers the sort key its entry was written under ({@value #ENTRY_SK});</li>
 *   <li>dated entry, one per READY photo whose date the camera wrote: {@code pk=DATED#<album>}, the
 *       same {@code sk}, nothing else; its first and last give the album's date range without guesses;</li>
 *   <li>album summary: {@code pk=ALBUMS}, {@code sk=ALBUM#<album>}; count, cover key, date range.</li>
 * </ul>
 * GSI {@value #TIMELINE_INDEX} ({@value #TIMELINE_PK}, {@value #TIMELINE_SK}) holds album entries only;
 * GSI {@value #FAILED_INDEX} ({@value #FAILED_PK}, {@value #FAILED_SK}) holds failed photo items only.
 */
public final class PhotoTable {
    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String TIMELINE_INDEX = "timeline";
    public static final String TIMELINE_PK = "timelinePk";
    public static final String TIMELINE_SK = "timelineSk";
    public static final String FAILED_INDEX = "failed";
    public static final String FAILED_PK = "failedPk";
    public static final String FAILED_SK = "failedSk";
    /** TTL attribute (epoch seconds); set on tombstones only. */
    public static final String EXPIRES_AT = "expiresAt";

    // Key prefixes and constant partition values.
    static final String PHOTO_PREFIX = "PHOTO#";
    static final String PHOTO_SK = "PHOTO";
    static final String ALBUM_PREFIX = "ALBUM#";
    static final String DATED_PREFIX = "DATED#";
    static final String ALBUMS_PK = "ALBUMS";
    /** Album access rules: {@code pk=ACCESS}, {@code sk=ALBUM#<album>}, {@code groups} a string set. Kept apart from
     * the album summary, which goes when an album's last photo goes: a rule must outlive an emptied folder. */
    static final String ACCESS_PK = "ACCESS";
    /** Share links: {@code pk=LINK}, {@code sk=LINK#<id>} ({@link ShareLinks}); kept after expiry or revocation, for the list. */
    static final String LINK_PK = "LINK";
    static final String LINK_PREFIX = "LINK#";
    static final String GROUPS = "groups";
    /** One timeline partition: a family uploads far below DynamoDB's per-partition write limit (1000/s). */
    static final String TIMELINE_ALL = "ALL";
    static final String FAILED_ALL = "FAILED";

    // Row attributes.
    static final String KEY = "key";
    static final String ALBUM = "album";
    static final String STATUS = "status";
    static final String REASON = "reason";
    static final String ETAG = "eTag";
    static final String VERSION_ID = "versionId";
    static final String SEQUENCER = "sequencer";
    static final String BYTES = "bytes";
    static final String WIDTH = "width";
    static final String HEIGHT = "height";
    static final String TAKEN_AT = "takenAt";
    static final String CAMERA_MAKE = "cameraMake";
    static final String CAMERA_MODEL = "cameraModel";
    static final String LATITUDE = "lat";
    static final String LONGITUDE = "lon";
    static final String PLACEHOLDER = "placeholder";
    static final String PRESET = "preset";
    static final String PRESET_VERSION = "presetVersion";
    static final String RENDITIONS = "renditions";
    /** A video's map: {@code durationMs}, {@code codec}, {@code plays} (the original in browsers), {@code copyBytes}. */
    static final String VIDEO = "video";
    /** A Live Photo's map ({@link LivePhoto}): {@code contentId}, {@code pair} (the partner's key). A MOV with a pair is not listed. */
    static final String LIVE = "live";
    static final String UPLOADED_AT = "uploadedAt";
    static final String UPDATED_AT = "updatedAt";
    /** Who added the original ({@link gallery.core.Uploader}). */
    static final String UPLOADER = "uploader";
    /** Items {@code pk=UPLOADER, sk=<principal id>}: the uploader an S3 event's signer stands for (a backup key's IAM user). */
    static final String PRINCIPALS_PK = "UPLOADER";
    /** Optimistic-lock counter: every write of a photo item is conditional on the revision it read. */
    static final String REV = "rev";
    /** True once the render job for this eTag is on the queue (lets a retried ingest resend a lost one). */
    static final String QUEUED = "queued";
    /** {@code <preset>:<version>} of a reprocess job the admin tool queued; gone with the next write of the row. */
    static final String REPROCESS_MARK = "reprocessQueued";
    /**
     * The album entry's sort key as written. Rows written before the key became the local date
     * (it was the UTC instant) lack it; {@code Items.legacyEntrySk} recomputes theirs, so their next
     * write (a reprocess) moves the entry instead of leaving a duplicate.
     */
    static final String ENTRY_SK = "entrySk";

    /**
     * String set: every derived-bucket key a render claimed for this photo (before writing it) and
     * that no cleanup has taken back. Kept across versions and on the tombstone (docs/architecture.md).
     */
    static final String DERIVED = "derived";
    /**
     * String set of {@code <version> <derived key>}: objects no longer belonging to the photo, to be
     * deleted and their edge copies (cached under {@code ?v=<version>}) invalidated, then forgotten.
     */
    static final String DOOMED = "doomed";
    /** String set of {@code <version> <derived key>}: deleted, edge copies to invalidate when that version goes. */
    static final String CACHED = "cached";
    // Album summary attributes.
    static final String COUNT = "count";
    static final String COVER = "cover";
    static final String FROM = "from";
    static final String TO = "to";

    static final String DELETED = "DELETED";

    private PhotoTable() {
    }

    /** Creates the table if it does not exist, waits until it is active, and turns on TTL. Idempotent. */
    public static void create(DynamoDbClient dynamo, String tableName) {
        try {
            dynamo.createTable(CreateTableRequest.builder()
                    .tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            attr(PK), attr(SK), attr(TIMELINE_PK), attr(TIMELINE_SK), attr(FAILED_PK), attr(FAILED_SK))
                    .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                    .globalSecondaryIndexes(
                            gsi(TIMELINE_INDEX, TIMELINE_PK, TIMELINE_SK),
                            gsi(FAILED_INDEX, FAILED_PK, FAILED_SK))
                    .build());
        } catch (ResourceInUseException alreadyThere) {
            // Created before (or concurrently by another process): fine, fall through to the wait.
        }
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(tableName));
        DescribeTimeToLiveResponse ttl;
        try {
            ttl = dynamo.describeTimeToLive(b -> b.tableName(tableName));
        } catch (ResourceNotFoundException e) {
            throw new IllegalStateException("table " + tableName + " vanished while being created", e);
        }
        TimeToLiveStatus status = ttl.timeToLiveDescription() == null ? null : ttl.timeToLiveDescription().timeToLiveStatus();
        if (status != TimeToLiveStatus.ENABLED && status != TimeToLiveStatus.ENABLING) {
            dynamo.updateTimeToLive(b -> b.tableName(tableName)
                    .timeToLiveSpecification(t -> t.attributeName(EXPIRES_AT).enabled(true)));
        }
    }

    private static AttributeDefinition attr(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static GlobalSecondaryIndex gsi(String name, String pk, String sk) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(key(pk, KeyType.HASH), key(sk, KeyType.RANGE))
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .build();
    }
}
