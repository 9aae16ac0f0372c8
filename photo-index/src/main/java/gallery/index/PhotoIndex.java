package gallery.index;

import gallery.core.AlbumAccess;
import gallery.core.PhotoKey;
import gallery.core.RenditionKey;
import gallery.core.events.Sequencer;
import gallery.index.Outcomes.Removal;
import gallery.index.Outcomes.RenderOutcome;
import gallery.index.Outcomes.UploadOutcome;
import gallery.index.Outcomes.WriteOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static gallery.index.Items.n;
import static gallery.index.Items.s;
import static gallery.index.PhotoTable.*;

/**
 * The photo index: one DynamoDB table (schema in {@link PhotoTable}), read by queries only.
 *
 * <p>S3 delivers events at least once and out of order. Every write of a photo reads the current
 * item, decides in code (the S3 sequencer orders events for a key; an equal one is a duplicate), and
 * writes conditionally on the revision it read, retrying when another writer got there first. A
 * delete leaves a tombstone carrying its sequencer, so a create that arrives after its own delete is
 * recognised as older and ignored; tombstones expire by TTL after {@link #TOMBSTONE_LIFETIME}.
 *
 * <p>A READY photo also has an album entry (a copy of the row, sorted by date) written in the same
 * transaction, and its album summary's count changes in that transaction too, so counts are exact.
 * The summary's cover and date range are then refreshed from the album's last entry and its dated entries.
 */
public final class PhotoIndex {
    private static final Logger LOG = LoggerFactory.getLogger(PhotoIndex.class);
    /** Longer than SQS's longest retention (14 days), so no delayed event can outlive its tombstone. */
    public static final Duration TOMBSTONE_LIFETIME = Duration.ofDays(15);
    public static final int MAX_PAGE = 500;
    private static final int MAX_ATTEMPTS = 10;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public PhotoIndex(DynamoDbClient dynamo, String table) {
        this(dynamo, table, Clock.systemUTC());
    }

    public PhotoIndex(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String table() {
        return table;
    }

    // ---------------------------------------------------------------- reads

    /** The photo's row; empty when unknown or deleted. */
    public Optional<PhotoRow> get(PhotoKey key) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(Items.photoKey(key)).consistentRead(true)).item();
        if (item == null || item.isEmpty() || DELETED.equals(Items.str(item, STATUS))) return Optional.empty();
        return Optional.of(Items.row(item));
    }

    /**
     * A photo item as a batch read finds it: the row (null for a tombstone) and the reprocess lane's
     * mark ({@code <preset>:<version>} of a job the admin tool queued for this version, or null).
     * Every write of the row by ingest or the worker replaces the whole item, so the mark lasts only
     * until the row changes: a finished, failed or replaced photo is never seen as still waiting.
     */
    public record Stored(PhotoKey key, PhotoRow row, String reprocessMark) {
        public boolean deleted() {
            return row == null;
        }
    }

    /**
     * The items of many photos by key (BatchGetItem, 100 keys a request, unprocessed keys retried);
     * keys without an item are absent from the result. For the admin tool, which lists the
     * originals bucket and looks each listed key up.
     */
    public Map<PhotoKey, Stored> getAll(java.util.Collection<PhotoKey> keys) {
        Map<PhotoKey, Stored> out = new HashMap<>();
        List<PhotoKey> distinct = keys.stream().distinct().toList();
        for (int i = 0; i < distinct.size(); i += 100) {
            List<Map<String, AttributeValue>> wanted = distinct.subList(i, Math.min(distinct.size(), i + 100)).stream()
                    .map(Items::photoKey).toList();
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(wanted).consistentRead(true).build());
            while (request != null && !request.isEmpty()) {
                Map<String, KeysAndAttributes> req = request;
                var r = dynamo.batchGetItem(b -> b.requestItems(req));
                for (Map<String, AttributeValue> item : r.responses().getOrDefault(table, List.of())) {
                    PhotoKey key = new PhotoKey(Items.str(item, KEY));
                    PhotoRow row = DELETED.equals(Items.str(item, STATUS)) ? null : Items.row(item);
                    out.put(key, new Stored(key, row, Items.str(item, REPROCESS_MARK)));
                }
                request = r.hasUnprocessedKeys() && !r.unprocessedKeys().isEmpty() ? r.unprocessedKeys() : null;
            }
        }
        return out;
    }

    /**
     * Records that the admin tool queued a reprocess job for this version of the photo. A no-op
     * (false) if the row was deleted or replaced meanwhile.
     */
    public boolean markReprocessQueued(PhotoKey key, String eTag, String mark) {
        Objects.requireNonNull(mark, "mark");
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Items.photoKey(key))
                    .updateExpression("SET #m = :m")
                    .conditionExpression("#e = :e AND #s <> :deleted")
                    .expressionAttributeNames(Map.of("#m", REPROCESS_MARK, "#e", ETAG, "#s", STATUS))
                    .expressionAttributeValues(Map.of(":m", s(mark), ":e", s(eTag), ":deleted", s(DELETED))));
            return true;
        } catch (ConditionalCheckFailedException moved) {
            LOG.debug("{} changed before its reprocess job was marked", key);
            return false;
        }
    }

    /** An album's READY photos, oldest first by {@link PhotoDate} (the camera's local time, else a guess). */
    public Page<PhotoRow> album(String album, String cursor, int limit) {
        Objects.requireNonNull(album, "album");
        return page(QueryRequest.builder().tableName(table)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", PK))
                .expressionAttributeValues(Map.of(":pk", s(Items.albumPk(album))))
                .scanIndexForward(true)
                .exclusiveStartKey(Cursor.decode(cursor, List.of(PK, SK))), limit);
    }

    /** Every READY photo across albums, newest first by {@link PhotoDate}. */
    public Page<PhotoRow> timeline(String cursor, int limit) {
        return page(QueryRequest.builder().tableName(table).indexName(TIMELINE_INDEX)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", TIMELINE_PK))
                .expressionAttributeValues(Map.of(":pk", s(TIMELINE_ALL)))
                .scanIndexForward(false)
                .exclusiveStartKey(Cursor.decode(cursor, List.of(PK, SK, TIMELINE_PK, TIMELINE_SK))), limit);
    }

    /** FAILED photos with their reasons, most recent failure first. */
    public Page<PhotoRow> failed(String cursor, int limit) {
        return page(QueryRequest.builder().tableName(table).indexName(FAILED_INDEX)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", FAILED_PK))
                .expressionAttributeValues(Map.of(":pk", s(FAILED_ALL)))
                .scanIndexForward(false)
                .exclusiveStartKey(Cursor.decode(cursor, List.of(PK, SK, FAILED_PK, FAILED_SK))), limit);
    }

    /** How many photos are FAILED: a count-only query of the sparse failed index (no items read back). */
    public long countFailed() {
        long count = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = dynamo.query(b -> b.tableName(table).indexName(FAILED_INDEX)
                    .keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", FAILED_PK))
                    .expressionAttributeValues(Map.of(":pk", s(FAILED_ALL)))
                    .select(software.amazon.awssdk.services.dynamodb.model.Select.COUNT)
                    .exclusiveStartKey(from));
            count += r.count();
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    /** Albums holding at least one READY photo, the most recent first (by their newest camera date; albums without one last). */
    public List<AlbumSummary> albums() {
        List<Map<String, AttributeValue>> summaries = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse r = dynamo.query(QueryRequest.builder().tableName(table)
                    .keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", PK))
                    .expressionAttributeValues(Map.of(":pk", s(ALBUMS_PK)))
                    .exclusiveStartKey(start).build());
            summaries.addAll(r.items());
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);

        List<String> coverKeys = summaries.stream().map(m -> Items.str(m, COVER)).filter(Objects::nonNull).distinct().toList();
        Map<String, PhotoRow> covers = batchGetPhotos(coverKeys);
        List<AlbumSummary> out = new ArrayList<>();
        for (Map<String, AttributeValue> m : summaries) {
            long count = Items.longOf(m, COUNT, 0);
            if (count <= 0) continue;
            String cover = Items.str(m, COVER);
            out.add(new AlbumSummary(Items.str(m, ALBUM), count, cover == null ? null : covers.get(cover),
                    local(Items.str(m, FROM)), local(Items.str(m, TO))));
        }
        out.sort(Comparator.comparing(AlbumSummary::to, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(AlbumSummary::name));
        return out;
    }

    /** Every album's access rule: one Query of a handful of items. */
    public AlbumAccess albumAccess() {
        Map<String, java.util.Set<String>> rules = new HashMap<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse r = dynamo.query(QueryRequest.builder().tableName(table)
                    .keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", PK))
                    .expressionAttributeValues(Map.of(":pk", s(ACCESS_PK)))
                    .exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : r.items()) {
                AttributeValue groups = item.get(GROUPS);
                if (groups != null && groups.hasSs() && !groups.ss().isEmpty()) rules.put(Items.str(item, ALBUM), java.util.Set.copyOf(groups.ss()));
            }
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return new AlbumAccess(rules);
    }

    /** Makes {@code album} (and its subfolders without a rule) for {@code groups} only; no group: for everyone. */
    public void setAlbumAccess(String album, java.util.Set<String> groups) {
        Map<String, AttributeValue> key = Map.of(PK, s(ACCESS_PK), SK, s(ALBUM_PREFIX + album));
        if (groups.isEmpty()) {
            dynamo.deleteItem(d -> d.tableName(table).key(key));
            return;
        }
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put(ALBUM, s(album));
        item.put(GROUPS, AttributeValue.fromSs(List.copyOf(new java.util.TreeSet<>(groups))));
        item.put(UPDATED_AT, s(clock.instant().toString()));
        dynamo.putItem(p -> p.tableName(table).item(item));
    }

    /**
     * Records whom an S3 event's signer stands for: the admin tool calls it when it issues a member's
     * backup key ({@code principalId} is the key's IAM user id, or the local stack's stand-in), so
     * ingest can name the uploader of what the key writes. Kept after the key is revoked: the photos
     * it added still say who added them.
     */
    public void recordPrincipal(String principalId, String uploader) {
        Map<String, AttributeValue> item = new HashMap<>(principalKey(principalId));
        item.put(UPLOADER, s(uploader));
        item.put(UPDATED_AT, s(clock.instant().toString()));
        dynamo.putItem(p -> p.tableName(table).item(item));
    }

    /** The uploader recorded for an event's principal ({@code AWS:} prefix or not), if any. */
    public Optional<String> uploaderOf(String principalId) {
        if (principalId == null || principalId.isBlank()) return Optional.empty();
        var item = dynamo.getItem(g -> g.tableName(table).key(principalKey(principalId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.ofNullable(Items.str(item, UPLOADER));
    }

    private static Map<String, AttributeValue> principalKey(String principalId) {
        String id = principalId.startsWith("AWS:") ? principalId.substring(4) : principalId;
        return Map.of(PK, s(PRINCIPALS_PK), SK, s(id));
    }

    // ---------------------------------------------------------------- writes (ingest)

    /**
     * Records a valid upload as PENDING. Returns {@link UploadOutcome#RENDER} when the caller should
     * queue a render job (and then call {@link #markQueued}); a retried ingest whose job never made it
     * onto the queue gets RENDER again.
     */
    public UploadOutcome recordUpload(Upload upload) {
        String seq = Sequencer.normalize(upload.sequencer());
        return mutate(upload.key(), current -> {
            if (current != null) {
                int order = Sequencer.compare(Items.str(current, SEQUENCER), seq);
                if (order > 0) return Decision.none(UploadOutcome.STALE);
                boolean live = !DELETED.equals(Items.str(current, STATUS));
                boolean sameContent = live && upload.eTag().equals(Items.str(current, ETAG));
                boolean needsJob = sameContent && PhotoStatus.PENDING.name().equals(Items.str(current, STATUS))
                        && !isTrue(current.get(QUEUED));
                if (order == 0) return Decision.none(needsJob ? UploadOutcome.RENDER : UploadOutcome.DUPLICATE);
                if (sameContent) {
                    // A newer event for identical bytes (e.g. a backup tool re-putting a file): remember the
                    // newer sequencer and version, keep what was rendered.
                    Map<String, AttributeValue> item = new HashMap<>(current);
                    item.put(SEQUENCER, s(seq));
                    putOrRemove(item, VERSION_ID, upload.versionId());
                    item.put(UPDATED_AT, s(now().toString()));
                    return Decision.write(needsJob ? UploadOutcome.RENDER : UploadOutcome.DUPLICATE, item);
                }
            }
            PhotoMetadata md = upload.metadata();
            PhotoRow row = new PhotoRow(upload.key(), upload.key().album(), PhotoStatus.PENDING, null,
                    upload.eTag(), upload.versionId(), seq, upload.bytes(), md.width(), md.height(), md.takenAt(),
                    md.cameraMake(), md.cameraModel(), md.latitude(), md.longitude(), null,
                    upload.presetName(), upload.presetVersion(), List.of(), upload.uploadedAt(), now(), upload.video(),
                    LivePhoto.of(upload.contentId(), livePair(current)), upload.uploader());
            Map<String, AttributeValue> item = photoItem(row);
            item.put(QUEUED, AttributeValue.fromBool(false));
            // Replaced: the previous picture's objects are doomed now, not when the new render ends, so
            // the old picture is not served while the new one renders (the caller cleans up before queuing).
            putRecord(item, replaced(current));
            return Decision.write(UploadOutcome.RENDER, item);
        });
    }

    /** Records that the render job for this version is on the queue. A no-op if the row moved on. */
    public void markQueued(PhotoKey key, String eTag) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Items.photoKey(key))
                    .updateExpression("SET #q = :t")
                    .conditionExpression("#e = :e AND #s = :pending")
                    .expressionAttributeNames(Map.of("#q", QUEUED, "#e", ETAG, "#s", STATUS))
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true), ":e", s(eTag),
                            ":pending", s(PhotoStatus.PENDING.name()))));
        } catch (ConditionalCheckFailedException moved) {
            LOG.debug("{} changed before its render job was marked queued", key);
        }
    }

    /** Records an upload refused before rendering (bad file, over limits) as FAILED with the reason. */
    public WriteOutcome recordRejected(Upload upload, String reason) {
        Objects.requireNonNull(reason, "reason");
        String seq = Sequencer.normalize(upload.sequencer());
        return mutate(upload.key(), current -> {
            if (current != null) {
                int order = Sequencer.compare(Items.str(current, SEQUENCER), seq);
                if (order > 0) return Decision.none(WriteOutcome.STALE);
                if (order == 0) return Decision.none(WriteOutcome.DUPLICATE);
            }
            PhotoMetadata md = upload.metadata();
            PhotoRow row = new PhotoRow(upload.key(), upload.key().album(), PhotoStatus.FAILED, reason,
                    upload.eTag(), upload.versionId(), seq, upload.bytes(), md.width(), md.height(), md.takenAt(),
                    md.cameraMake(), md.cameraModel(), md.latitude(), md.longitude(), null,
                    upload.presetName(), upload.presetVersion(), List.of(), upload.uploadedAt(), now(), upload.video(),
                    upload.uploader());
            Map<String, AttributeValue> item = photoItem(row);
            putRecord(item, replaced(current));
            return Decision.write(WriteOutcome.APPLIED, item);
        });
    }

    /**
     * Records a removal: the row becomes a tombstone carrying the event's sequencer, unless a newer
     * event was already applied. The returned previous row tells the caller which renditions to delete.
     */
    public Removal recordRemoval(PhotoKey key, String sequencer) {
        return recordRemoval(key, sequencer, Set.of());
    }

    /**
     * As {@link #recordRemoval(PhotoKey, String)}, dooming {@code alsoDerived} too when nothing was ever
     * claimed for the photo: keys that may exist without a claim (a render by a worker older than the record).
     */
    public Removal recordRemoval(PhotoKey key, String sequencer, Collection<String> alsoDerived) {
        String seq = Sequencer.normalize(sequencer);
        return mutate(key, current -> {
            PhotoRow previous = null;
            if (current != null) {
                int order = Sequencer.compare(Items.str(current, SEQUENCER), seq);
                if (order > 0) return Decision.none(new Removal(WriteOutcome.STALE, null));
                if (order == 0) return Decision.none(new Removal(WriteOutcome.DUPLICATE, null));
                if (!DELETED.equals(Items.str(current, STATUS))) previous = Items.row(current);
            }
            Map<String, AttributeValue> item = new HashMap<>(Items.photoKey(key));
            item.put(KEY, s(key.value()));
            item.put(ALBUM, s(key.album()));
            item.put(STATUS, s(DELETED));
            item.put(SEQUENCER, s(seq));
            item.put(UPDATED_AT, s(now().toString()));
            item.put(EXPIRES_AT, n(now().plus(TOMBSTONE_LIFETIME).getEpochSecond()));
            DerivedRecord record = replaced(current);
            // Only for an item nothing was ever claimed on: anywhere else the record is complete, and each
            // doomed key costs an edge invalidation.
            if (record(current).derived().isEmpty() && record(current).doomed().isEmpty()) {
                record = record.doomAll(alsoDerived, current == null ? null : Items.str(current, ETAG));
            }
            putRecord(item, record);
            return Decision.write(new Removal(WriteOutcome.APPLIED, previous), item);
        });
    }

    // ---------------------------------------------------------------- writes (worker)

    /**
     * Marks the row READY with what the render produced, if the row is still this version, claiming
     * the rendition keys in the same write. For callers that wrote nothing else (tests, fixtures); the
     * worker claims before it writes ({@link #claimDerived}) and completes with the keys it wrote.
     */
    public RenderOutcome completeRender(PhotoKey key, String eTag, Rendered rendered) {
        Set<String> keys = keysOf(key, rendered.renditions());
        return completeRender(key, eTag, rendered, keys, keys, true);
    }

    /**
     * Marks the row READY with what the render produced, if the row is still this version and every
     * one of {@code keys} (the objects this render wrote for it) is still claimed. Everything else in
     * the record, and whatever of {@code written} (all the render's rounds) is not in {@code keys}, is
     * doomed: the caller then removes it ({@link DerivedObjects#cleanUp}). {@link RenderOutcome#RECLAIMED}
     * when a concurrent render of this version completed and took these keys back.
     */
    public RenderOutcome completeRender(PhotoKey key, String eTag, Rendered rendered, Collection<String> keys, Collection<String> written) {
        return completeRender(key, eTag, rendered, keys, written, false);
    }

    /**
     * Records that a render of this version is about to write {@code keys} to the derived bucket.
     * GONE or REPLACED (nothing recorded) when the photo was deleted or replaced: then nothing may be written.
     */
    public RenderOutcome claimDerived(PhotoKey key, String eTag, Collection<String> keys) {
        return mutate(key, current -> {
            RenderOutcome gone = check(current, eTag);
            if (gone != null) return Decision.none(gone);
            Map<String, AttributeValue> item = new HashMap<>(current);
            putRecord(item, record(current).claim(keys));
            return Decision.write(RenderOutcome.UPDATED, item);
        });
    }

    // ---------------------------------------------------------------- Live Photos

    /**
     * Makes a still and a MOV one Live Photo ({@code gallery.core.LivePhotos} decided they pair): the MOV
     * names its still and leaves the albums and the timeline (the write engine drops its entry and count),
     * then the still names its MOV. Both must be live rows, the still a photo and the MOV a video. If the
     * still was deleted or replaced by a video in between, the MOV is let go again, so it is never hidden
     * behind a still that is not there. Idempotent; either side's ingest may call it.
     *
     * @return whether the two are now paired
     */
    public boolean pairLive(PhotoKey still, PhotoKey motion) {
        Boolean motionPaired = setPair(motion, true, still.value(), null);
        if (!Boolean.TRUE.equals(motionPaired)) return false;
        Boolean stillPaired = setPair(still, false, motion.value(), null);
        if (Boolean.TRUE.equals(stillPaired)) return true;
        setPair(motion, true, null, still.value());
        LOG.info("{} went before it could be paired with {}; the motion is shown as a video", still, motion);
        return false;
    }

    /**
     * Ends a pairing from one side, when its partner {@code formerPair} is gone (deleted, or replaced by
     * something that is no longer its partner): a MOV is listed again as a video of its own, a still loses
     * its motion. A no-op when the row names another partner or none.
     */
    public void unpairLive(PhotoKey key, PhotoKey formerPair) {
        setPair(key, null, null, formerPair.value());
    }

    /**
     * Sets or clears a row's partner. {@code video}: what the row must be (null: either); {@code pair}: the
     * partner to set (null: clear); {@code onlyIf}: clear only when this is the partner named now.
     * Returns true when the row names {@code pair} afterwards, null when there was no live row to change.
     */
    private Boolean setPair(PhotoKey key, Boolean video, String pair, String onlyIf) {
        return mutate(key, current -> {
            if (current == null || DELETED.equals(Items.str(current, STATUS))) return Decision.none(null);
            PhotoRow was = Items.row(current);
            if (video != null && was.isVideo() != video) return Decision.none(null);
            String now = was.live() == null ? null : was.live().pair();
            if (onlyIf != null && !onlyIf.equals(now)) return Decision.none(Boolean.FALSE);
            if (Objects.equals(now, pair)) return Decision.none(pair != null);
            // Already the partner of another (IMG_1.HEIC and IMG_1.JPG both there): the first pairing stays.
            if (pair != null && now != null) return Decision.none(Boolean.FALSE);
            LivePhoto live = LivePhoto.of(was.live() == null ? null : was.live().contentId(), pair);
            PhotoRow row = new PhotoRow(was.key(), was.album(), was.status(), was.failureReason(), was.eTag(), was.versionId(),
                    was.sequencer(), was.bytes(), was.width(), was.height(), was.takenAt(), was.cameraMake(), was.cameraModel(),
                    was.latitude(), was.longitude(), was.placeholder(), was.presetName(), was.presetVersion(), was.renditions(),
                    was.uploadedAt(), was.updatedAt(), was.video(), live, was.uploader());
            Map<String, AttributeValue> item = new HashMap<>(current);
            item.putAll(Items.attributes(row));
            if (live == null) item.remove(LIVE);
            return Decision.write(pair != null, item);
        });
    }

    /** The photo's record of derived objects, from its row or its tombstone (empty when neither exists). */
    public DerivedRecord derivedRecord(PhotoKey key) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(Items.photoKey(key)).consistentRead(true)).item();
        return record(item == null || item.isEmpty() ? null : item);
    }

    /**
     * These doomed objects are deleted and their edge copies invalidated, but for {@code invalidateLater}'s
     * (the version still current): drop them from the record, keeping those for when the version goes.
     */
    public void forgetDoomed(PhotoKey key, Collection<DerivedRecord.Doomed> done, Collection<DerivedRecord.Doomed> invalidateLater) {
        if (done.isEmpty()) return;
        mutate(key, current -> {
            if (current == null) return Decision.none(null);
            Map<String, AttributeValue> item = new HashMap<>(current);
            DerivedRecord now = record(current);
            // A version gone since the cleanup read the record: its copies are to be invalidated now, not later.
            boolean sameVersion = !DELETED.equals(Items.str(current, STATUS));
            putRecord(item, now.forget(done, sameVersion ? invalidateLater : Set.of()));
            return Decision.write(null, item);
        });
    }

    /** Adds objects found elsewhere (the resizer's stored results, listed) to the photo's doomed ones. */
    public void doom(PhotoKey key, Collection<DerivedRecord.Doomed> found) {
        if (found.isEmpty()) return;
        mutate(key, current -> {
            if (current == null) return Decision.none(null);
            Map<String, AttributeValue> item = new HashMap<>(current);
            putRecord(item, record(current).doom(found));
            return Decision.write(null, item);
        });
    }

    private RenderOutcome completeRender(PhotoKey key, String eTag, Rendered rendered, Collection<String> keys,
                                         Collection<String> written, boolean claim) {
        return mutate(key, current -> {
            RenderOutcome gone = check(current, eTag);
            if (gone != null) return Decision.none(gone);
            DerivedRecord record = record(current);
            if (claim) record = record.claim(keys);
            else if (!record.holds(keys)) return Decision.none(RenderOutcome.RECLAIMED);
            PhotoRow was = Items.row(current);
            PhotoMetadata md = rendered.metadata();
            PhotoRow row = new PhotoRow(key, was.album(), PhotoStatus.READY, null, was.eTag(), was.versionId(),
                    was.sequencer(), was.bytes(),
                    or(md.width(), was.width()), or(md.height(), was.height()), or(md.takenAt(), was.takenAt()),
                    or(md.cameraMake(), was.cameraMake()), or(md.cameraModel(), was.cameraModel()),
                    or(md.latitude(), was.latitude()), or(md.longitude(), was.longitude()),
                    rendered.placeholder(), rendered.presetName(), rendered.presetVersion(),
                    rendered.renditions(), was.uploadedAt(), now(), or(rendered.video(), was.video()), was.live(), was.uploader());
            Map<String, AttributeValue> item = photoItem(row);
            putRecord(item, record.keepOnly(keys, written, eTag));
            return Decision.write(RenderOutcome.UPDATED, item);
        });
    }

    /** Marks the row FAILED with the reason, if the row is still this version. */
    public RenderOutcome markFailed(PhotoKey key, String eTag, String reason) {
        Objects.requireNonNull(reason, "reason");
        return mutate(key, current -> {
            RenderOutcome gone = check(current, eTag);
            if (gone != null) return Decision.none(gone);
            PhotoRow was = Items.row(current);
            PhotoRow row = new PhotoRow(key, was.album(), PhotoStatus.FAILED, reason, was.eTag(), was.versionId(),
                    was.sequencer(), was.bytes(), was.width(), was.height(), was.takenAt(), was.cameraMake(),
                    was.cameraModel(), was.latitude(), was.longitude(), null, was.presetName(), was.presetVersion(),
                    List.of(), was.uploadedAt(), now(), was.video(), was.live(), was.uploader());
            Map<String, AttributeValue> item = photoItem(row);
            // A failed photo lists no renditions, so none of its objects may stay (an earlier version's
            // picture, or what this render's earlier rounds wrote).
            putRecord(item, replaced(current));
            return Decision.write(RenderOutcome.UPDATED, item);
        });
    }

    /** The record of an item (an empty one for none). */
    static DerivedRecord record(Map<String, AttributeValue> item) {
        if (item == null) return DerivedRecord.EMPTY;
        return new DerivedRecord(Items.strings(item, DERIVED), Items.strings(item, DOOMED), Items.strings(item, CACHED));
    }

    /**
     * The record once the item's current version is gone (deleted, replaced or refused): all of its
     * objects doomed, including the renditions a row written before the record existed lists.
     */
    private static DerivedRecord replaced(Map<String, AttributeValue> current) {
        if (current == null) return DerivedRecord.EMPTY;
        DerivedRecord record = record(current);
        if (DELETED.equals(Items.str(current, STATUS))) return record;
        PhotoRow was = Items.row(current);
        return record.doomAll(keysOf(was.key(), was.renditions()), was.eTag());
    }

    private static void putRecord(Map<String, AttributeValue> item, DerivedRecord record) {
        Items.putStrings(item, DERIVED, record.derived());
        Items.putStrings(item, DOOMED, record.doomed());
        Items.putStrings(item, CACHED, record.cached());
    }

    static Set<String> keysOf(PhotoKey key, List<Rendition> renditions) {
        Set<String> keys = new java.util.TreeSet<>();
        for (Rendition r : renditions) keys.add(new RenditionKey(r.size(), key, r.format()).value());
        return keys;
    }

    private static RenderOutcome check(Map<String, AttributeValue> current, String eTag) {
        if (current == null || DELETED.equals(Items.str(current, STATUS))) return RenderOutcome.GONE;
        if (!Objects.equals(Items.str(current, ETAG), eTag)) return RenderOutcome.REPLACED;
        return null;
    }

    // ---------------------------------------------------------------- the write engine

    private record Decision<R>(R result, Map<String, AttributeValue> item) {
        static <R> Decision<R> none(R result) {
            return new Decision<>(result, null);
        }

        static <R> Decision<R> write(R result, Map<String, AttributeValue> item) {
            return new Decision<>(result, item);
        }
    }

    /**
     * Read, decide, write conditionally on the revision read; on a lost race, read again. The photo
     * item, its album entry and the album count change in one transaction when the listing changes.
     */
    private <R> R mutate(PhotoKey key, Function<Map<String, AttributeValue>, Decision<R>> decide) {
        for (int attempt = 1; ; attempt++) {
            Map<String, AttributeValue> current = dynamo.getItem(b -> b.tableName(table).key(Items.photoKey(key)).consistentRead(true)).item();
            if (current != null && current.isEmpty()) current = null;
            Decision<R> d = decide.apply(current);
            if (d.item() == null) return d.result();
            try {
                write(current, d.item());
                return d.result();
            } catch (ConditionalCheckFailedException | TransactionCanceledException e) {
                if (e instanceof TransactionCanceledException t && !isRace(t)) throw t;
                if (attempt >= MAX_ATTEMPTS) {
                    throw new IllegalStateException("photo " + key + " kept changing under " + MAX_ATTEMPTS + " attempts to update it", e);
                }
                LOG.debug("{} changed while being updated, attempt {}", key, attempt);
            }
        }
    }

    private void write(Map<String, AttributeValue> current, Map<String, AttributeValue> next) {
        long rev = current == null ? 0 : Items.longOf(current, REV, 0);
        next.put(REV, n(rev + 1));
        String condition = current == null ? "attribute_not_exists(#pk)" : "#rev = :rev";
        Map<String, String> names = current == null ? Map.of("#pk", PK) : Map.of("#rev", REV);
        Map<String, AttributeValue> values = current == null ? null : Map.of(":rev", n(rev));

        PhotoRow before = listed(current) ? Items.row(current) : null;
        PhotoRow after = listed(next) ? Items.row(next) : null;
        String beforeSk = before == null ? null : Items.writtenEntrySk(current, before);
        String afterSk = after == null ? null : Items.entrySk(after);
        if (after != null) next.put(ENTRY_SK, s(afterSk));
        else next.remove(ENTRY_SK);
        if (before == null && after == null) {
            dynamo.putItem(b -> b.tableName(table).item(next).conditionExpression(condition)
                    .expressionAttributeNames(names).expressionAttributeValues(values));
            return;
        }
        String album = (after != null ? after : before).album();
        List<TransactWriteItem> tx = new ArrayList<>();
        tx.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(next).conditionExpression(condition)
                .expressionAttributeNames(names).expressionAttributeValues(values)).build());
        if (before != null && !beforeSk.equals(afterSk)) {
            tx.add(TransactWriteItem.builder().delete(x -> x.tableName(table)
                    .key(Map.of(PK, s(Items.albumPk(album)), SK, s(beforeSk))).build()).build());
        }
        boolean datedBefore = before != null && !before.date().guessed();
        boolean datedAfter = after != null && !after.date().guessed();
        if (datedBefore && !(datedAfter && beforeSk.equals(afterSk))) {
            // A legacy row has no dated entry yet: deleting an absent item is a no-op in a transaction.
            tx.add(TransactWriteItem.builder().delete(x -> x.tableName(table)
                    .key(Map.of(PK, s(Items.datedPk(album)), SK, s(beforeSk))).build()).build());
        }
        if (after != null) {
            Map<String, AttributeValue> entry = Items.attributes(after);
            entry.put(PK, s(Items.albumPk(album)));
            entry.put(SK, s(afterSk));
            entry.put(TIMELINE_PK, s(TIMELINE_ALL));
            entry.put(TIMELINE_SK, s(afterSk));
            tx.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(entry)).build());
        }
        if (datedAfter) {
            tx.add(TransactWriteItem.builder().put(p -> p.tableName(table)
                    .item(Map.of(PK, s(Items.datedPk(album)), SK, s(afterSk)))).build());
        }
        long delta = (after != null ? 1 : 0) - (before != null ? 1 : 0);
        tx.add(TransactWriteItem.builder().update(u -> u.tableName(table).key(Items.summaryKey(album))
                .updateExpression("ADD #count :d, #rev :one SET #album = :album")
                .expressionAttributeNames(Map.of("#count", COUNT, "#rev", REV, "#album", ALBUM))
                .expressionAttributeValues(Map.of(":d", n(delta), ":one", n(1), ":album", s(album)))).build());
        dynamo.transactWriteItems(b -> b.transactItems(tx));
        try {
            refreshAlbum(album);
        } catch (DynamoDbException e) {
            // The photo, its album entry and the album's count are written (the transaction above);
            // only the summary's cover and date range lag until the next write to this album
            // refreshes them. Failing here would make the caller redo a write that already
            // happened. (Seen as DynamoDB Local's HTTP 500 "invalid number of binds" when libvips'
            // openslide module had loaded a second sqlite into the process: docs/architecture.md.)
            LOG.warn("album '{}': summary refresh failed, the next write to the album refreshes it: {}",
                    album, e.getMessage());
        }
    }

    /**
     * Sets the album summary's cover (its last entry) and date range (its first and last dated
     * entries, so a guessed date never widens it), by strongly consistent reads of the base table, or
     * deletes the summary of an empty album. Conditional on the summary's revision: if another write
     * changed the album meanwhile, that writer refreshes.
     */
    void refreshAlbum(String album) {
        Map<String, AttributeValue> summary = dynamo.getItem(b -> b.tableName(table).key(Items.summaryKey(album)).consistentRead(true)).item();
        if (summary == null || summary.isEmpty()) return;
        AttributeValue rev = summary.get(REV);
        Optional<Map<String, AttributeValue>> last = edge(Items.albumPk(album), false);
        Optional<String> from = edge(Items.datedPk(album), true).map(m -> Items.str(m, SK));
        Optional<String> to = edge(Items.datedPk(album), false).map(m -> Items.str(m, SK));
        try {
            if (last.isEmpty()) {
                dynamo.deleteItem(b -> b.tableName(table).key(Items.summaryKey(album))
                        .conditionExpression("#rev = :rev")
                        .expressionAttributeNames(Map.of("#rev", REV))
                        .expressionAttributeValues(Map.of(":rev", rev)));
            } else {
                PhotoRow newest = Items.row(last.get());
                Map<String, AttributeValue> values = new HashMap<>(Map.of(":rev", rev, ":cover", s(newest.key().value())));
                String set = "SET #cover = :cover";
                if (from.isPresent() && to.isPresent()) {
                    set += ", #from = :from, #to = :to";
                    values.put(":from", s(Items.localOf(from.get()).toString()));
                    values.put(":to", s(Items.localOf(to.get()).toString()));
                } else {
                    set += " REMOVE #from, #to";
                }
                String update = set;
                dynamo.updateItem(b -> b.tableName(table).key(Items.summaryKey(album))
                        .updateExpression(update)
                        .conditionExpression("#rev = :rev")
                        .expressionAttributeNames(Map.of("#rev", REV, "#from", FROM, "#to", TO, "#cover", COVER))
                        .expressionAttributeValues(values));
            }
        } catch (ConditionalCheckFailedException changed) {
            LOG.debug("album '{}' changed during its summary refresh; the later writer refreshes it", album);
        }
    }

    private Optional<Map<String, AttributeValue>> edge(String pk, boolean oldest) {
        QueryResponse r = dynamo.query(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", PK))
                .expressionAttributeValues(Map.of(":pk", s(pk)))
                .scanIndexForward(oldest).limit(1));
        return r.items().stream().findFirst();
    }

    // ---------------------------------------------------------------- helpers

    private Page<PhotoRow> page(QueryRequest.Builder query, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit " + limit + " is out of range: expected 1.." + MAX_PAGE);
        }
        QueryResponse r = dynamo.query(query.limit(limit).build());
        List<PhotoRow> rows = r.items().stream().map(Items::row).toList();
        String next = r.hasLastEvaluatedKey() ? Cursor.encode(r.lastEvaluatedKey()) : null;
        return new Page<>(rows, next);
    }

    private Map<String, PhotoRow> batchGetPhotos(List<String> keys) {
        Map<String, PhotoRow> out = new HashMap<>();
        for (int i = 0; i < keys.size(); i += 100) {
            List<Map<String, AttributeValue>> wanted = keys.subList(i, Math.min(keys.size(), i + 100)).stream()
                    .map(k -> Items.photoKey(new PhotoKey(k))).toList();
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(wanted).build());
            while (request != null && !request.isEmpty()) {
                Map<String, KeysAndAttributes> req = request;
                var r = dynamo.batchGetItem(b -> b.requestItems(req));
                for (Map<String, AttributeValue> item : r.responses().getOrDefault(table, List.of())) {
                    if (!DELETED.equals(Items.str(item, STATUS))) out.put(Items.str(item, KEY), Items.row(item));
                }
                request = r.hasUnprocessedKeys() && !r.unprocessedKeys().isEmpty() ? r.unprocessedKeys() : null;
            }
        }
        return out;
    }

    private Map<String, AttributeValue> photoItem(PhotoRow row) {
        Map<String, AttributeValue> item = Items.attributes(row);
        item.putAll(Items.photoKey(row.key()));
        if (row.status() == PhotoStatus.FAILED) {
            item.put(FAILED_PK, s(FAILED_ALL));
            item.put(FAILED_SK, s(Items.sortKey(row.updatedAt(), row.key())));
        }
        return item;
    }

    /** Whether the item has an album entry: READY, and not the motion of a Live Photo (its still is the item). */
    private static boolean listed(Map<String, AttributeValue> item) {
        return item != null && PhotoStatus.READY.name().equals(Items.str(item, STATUS)) && !Items.row(item).isLiveMotion();
    }

    /** The partner a live item's row names, kept across its versions (the names still pair); null for none. */
    private static String livePair(Map<String, AttributeValue> current) {
        if (current == null || DELETED.equals(Items.str(current, STATUS))) return null;
        LivePhoto live = Items.row(current).live();
        return live == null ? null : live.pair();
    }

    private static boolean isRace(TransactionCanceledException e) {
        if (!e.hasCancellationReasons()) return false;
        for (CancellationReason r : e.cancellationReasons()) {
            if ("ConditionalCheckFailed".equals(r.code()) || "TransactionConflict".equals(r.code())) return true;
        }
        return false;
    }

    private static boolean isTrue(AttributeValue v) {
        return v != null && Boolean.TRUE.equals(v.bool());
    }

    private static void putOrRemove(Map<String, AttributeValue> item, String name, String value) {
        if (value == null) item.remove(name);
        else item.put(name, s(value));
    }

    private static <T> T or(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }

    /** A summary's date: a local date-time, or (written before {@link PhotoDate}) a UTC instant read at UTC. */
    private static LocalDateTime local(String s) {
        if (s == null) return null;
        return s.endsWith("Z") ? LocalDateTime.ofInstant(Instant.parse(s), ZoneOffset.UTC) : LocalDateTime.parse(s);
    }

    private Instant now() {
        return clock.instant();
    }
}
