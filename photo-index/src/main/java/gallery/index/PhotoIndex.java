package gallery.index;

import gallery.core.PhotoKey;
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
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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
 * The photo index: one DynamoDB table (schema in {@link PhotoTable}), read by queries only (the
 * listings are {@link PhotoQueries}).
 *
 * <p>S3 delivers events at least once and out of order. Every write of a photo reads the current
 * item, asks {@link PhotoRules} what it becomes (the S3 sequencer orders events for a key; an equal
 * one is a duplicate), and writes that conditionally on the revision it read, retrying when another
 * writer got there first. A delete leaves a tombstone carrying its sequencer, so a create that arrives
 * after its own delete is recognised as older and ignored; tombstones expire by TTL after
 * {@link #TOMBSTONE_LIFETIME}.
 *
 * <p>A READY photo also has an album entry (a copy of the row, sorted by date) written in the same
 * transaction, and its album summary's count changes in that transaction too, so counts are exact.
 * The summary's cover and date range are then refreshed from the album's last entry and its dated entries.
 */
public final class PhotoIndex {
    private static final Logger LOG = LoggerFactory.getLogger(PhotoIndex.class);
    /** Longer than SQS's longest retention (14 days), so no delayed event can outlive its tombstone. */
    public static final Duration TOMBSTONE_LIFETIME = PhotoRules.TOMBSTONE_LIFETIME;
    public static final int MAX_PAGE = PhotoQueries.MAX_PAGE;
    private static final int MAX_ATTEMPTS = 10;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final PhotoQueries queries;

    public PhotoIndex(DynamoDbClient dynamo, String table) {
        this(dynamo, table, Clock.systemUTC());
    }

    public PhotoIndex(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.queries = new PhotoQueries(dynamo, table);
    }

    /** The listings (albums, timeline, failures) over the same table. */
    public PhotoQueries queries() {
        return queries;
    }

    public String table() {
        return table;
    }

    // ---------------------------------------------------------------- reads

    /** The photo's row; empty when unknown or deleted. */
    public Optional<PhotoRow> get(PhotoKey key) {
        Map<String, AttributeValue> item = read(key);
        if (item == null || DELETED.equals(Items.str(item, STATUS))) return Optional.empty();
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
     * onto the queue gets RENDER again. The rules: {@link PhotoRules#upload}.
     */
    public UploadOutcome recordUpload(Upload upload) {
        return mutate(upload.key(), current -> PhotoRules.upload(current, upload, now()));
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

    /** Records an upload refused before rendering (bad file, over limits) as FAILED with the reason ({@link PhotoRules#rejected}). */
    public WriteOutcome recordRejected(Upload upload, String reason) {
        Objects.requireNonNull(reason, "reason");
        return mutate(upload.key(), current -> PhotoRules.rejected(current, upload, reason, now()));
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
        return mutate(key, current -> PhotoRules.removal(current, key, sequencer, alsoDerived, now()));
    }

    // ---------------------------------------------------------------- writes (worker)

    /**
     * A worker's round on one photo: reads the item once, then claims and completes on what it read and
     * wrote, reading again only when a write finds the item changed meanwhile. The worker's render round
     * thus costs one read (besides the one before it renders) instead of three.
     */
    public final class Round {
        private final PhotoKey key;
        private Map<String, AttributeValue> item;

        private Round(PhotoKey key) {
            this.key = key;
            this.item = read(key);
        }

        /** The row as this round last read or wrote it; empty when deleted or unknown. */
        public Optional<PhotoRow> row() {
            PhotoRules.Current current = current(item);
            return current == null || current.deleted() ? Optional.empty() : Optional.of(current.row());
        }

        /** {@link #claimDerived(PhotoKey, String, Collection)}, on this round's item. */
        public RenderOutcome claimDerived(String eTag, Collection<String> keys) {
            return apply(current -> PhotoRules.claim(current, eTag, keys));
        }

        /** {@link #completeRender(PhotoKey, String, Rendered, Collection, Collection)}, on this round's item. */
        public RenderOutcome completeRender(String eTag, Rendered rendered, Collection<String> keys, Collection<String> written) {
            return apply(current -> PhotoRules.rendered(current, eTag, rendered, keys, written, false, now()));
        }

        private <R> R apply(Function<PhotoRules.Current, PhotoRules.Decision<R>> decide) {
            return mutate(key, item, decide, (read, written) -> item = written != null ? written : read);
        }
    }

    /** Starts a worker round on the photo: one strongly consistent read ({@link Round}). */
    public Round round(PhotoKey key) {
        return new Round(key);
    }

    /**
     * Marks the row READY with what the render produced, if the row is still this version, claiming
     * the rendition keys in the same write. For callers that wrote nothing else (tests, fixtures); the
     * worker claims before it writes ({@link #claimDerived}) and completes with the keys it wrote.
     */
    public RenderOutcome completeRender(PhotoKey key, String eTag, Rendered rendered) {
        Set<String> keys = PhotoRules.keysOf(key, rendered.renditions());
        return mutate(key, current -> PhotoRules.rendered(current, eTag, rendered, keys, keys, true, now()));
    }

    /**
     * Marks the row READY with what the render produced, if the row is still this version and every
     * one of {@code keys} (the objects this render wrote for it) is still claimed. Everything else in
     * the record, and whatever of {@code written} (all the render's rounds) is not in {@code keys}, is
     * doomed: the caller then removes it ({@link DerivedObjects#cleanUp}). {@link RenderOutcome#RECLAIMED}
     * when a concurrent render of this version completed and took these keys back.
     */
    public RenderOutcome completeRender(PhotoKey key, String eTag, Rendered rendered, Collection<String> keys, Collection<String> written) {
        return mutate(key, current -> PhotoRules.rendered(current, eTag, rendered, keys, written, false, now()));
    }

    /**
     * Records that a render of this version is about to write {@code keys} to the derived bucket.
     * GONE or REPLACED (nothing recorded) when the photo was deleted or replaced: then nothing may be written.
     */
    public RenderOutcome claimDerived(PhotoKey key, String eTag, Collection<String> keys) {
        return mutate(key, current -> PhotoRules.claim(current, eTag, keys));
    }

    /** Marks the row FAILED with the reason, if the row is still this version ({@link PhotoRules#failed}). */
    public RenderOutcome markFailed(PhotoKey key, String eTag, String reason) {
        Objects.requireNonNull(reason, "reason");
        return mutate(key, current -> PhotoRules.failed(current, eTag, reason, now()));
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

    private Boolean setPair(PhotoKey key, Boolean video, String pair, String onlyIf) {
        return mutate(key, current -> PhotoRules.pair(current, video, pair, onlyIf));
    }

    /** The photo's record of derived objects, from its row or its tombstone (empty when neither exists). */
    public DerivedRecord derivedRecord(PhotoKey key) {
        return record(read(key));
    }

    /**
     * These doomed objects are deleted and their edge copies invalidated, but for {@code invalidateLater}'s
     * (the version still current): drop them from the record, keeping those for when the version goes.
     */
    public void forgetDoomed(PhotoKey key, Collection<DerivedRecord.Doomed> done, Collection<DerivedRecord.Doomed> invalidateLater) {
        if (done.isEmpty()) return;
        mutate(key, current -> PhotoRules.forget(current, done, invalidateLater));
    }

    /** Adds objects found elsewhere (the resizer's stored results, listed) to the photo's doomed ones. */
    public void doom(PhotoKey key, Collection<DerivedRecord.Doomed> found) {
        if (found.isEmpty()) return;
        mutate(key, current -> PhotoRules.doom(current, found));
    }

    /** The record of an item (an empty one for none). */
    static DerivedRecord record(Map<String, AttributeValue> item) {
        if (item == null) return DerivedRecord.EMPTY;
        return new DerivedRecord(Items.strings(item, DERIVED), Items.strings(item, DOOMED), Items.strings(item, CACHED));
    }

    /** The rules' view of an item: null for none, a tombstone, or a row with its queued flag and record. */
    static PhotoRules.Current current(Map<String, AttributeValue> item) {
        if (item == null) return null;
        if (DELETED.equals(Items.str(item, STATUS))) return PhotoRules.Current.tombstone(Items.str(item, SEQUENCER), record(item));
        return new PhotoRules.Current(Items.str(item, SEQUENCER), Items.row(item), isTrue(item.get(QUEUED)), record(item));
    }

    /** The item a rules' {@link PhotoRules.Write} stands for, given the item it was decided on. */
    private Map<String, AttributeValue> item(PhotoRules.Write write, Map<String, AttributeValue> current) {
        Map<String, AttributeValue> item;
        switch (write) {
            case PhotoRules.Replace r -> {
                item = photoItem(r.row());
                if (r.queued() != null) item.put(QUEUED, AttributeValue.fromBool(r.queued()));
            }
            case PhotoRules.Patch p -> {
                item = new HashMap<>(current);
                if (p.row() != null) {
                    item.keySet().removeAll(ROW_ATTRIBUTES);
                    item.putAll(Items.attributes(p.row()));
                }
            }
            case PhotoRules.Tombstone t -> {
                item = new HashMap<>(Items.photoKey(t.key()));
                item.put(KEY, s(t.key().value()));
                item.put(ALBUM, s(t.key().album()));
                item.put(STATUS, s(DELETED));
                item.put(SEQUENCER, s(t.sequencer()));
                item.put(UPDATED_AT, s(t.updatedAt().toString()));
                item.put(EXPIRES_AT, n(t.expiresAt().getEpochSecond()));
            }
        }
        Items.putStrings(item, DERIVED, write.record().derived());
        Items.putStrings(item, DOOMED, write.record().doomed());
        Items.putStrings(item, CACHED, write.record().cached());
        return item;
    }

    /** The attributes {@link Items#attributes} may write: a patch replaces all of them. */
    private static final Set<String> ROW_ATTRIBUTES = Set.of(KEY, ALBUM, STATUS, REASON, ETAG, VERSION_ID, SEQUENCER, BYTES,
            WIDTH, HEIGHT, TAKEN_AT, CAMERA_MAKE, CAMERA_MODEL, LATITUDE, LONGITUDE, PLACEHOLDER, PRESET, PRESET_VERSION,
            RENDITIONS, VIDEO, LIVE, UPLOADED_AT, UPDATED_AT, UPLOADER);

    // ---------------------------------------------------------------- the write engine

    private Map<String, AttributeValue> read(PhotoKey key) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(Items.photoKey(key)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    /**
     * Read, decide ({@link PhotoRules}), write conditionally on the revision read; on a lost race, read
     * again. The photo item, its album entry and the album count change in one transaction when the
     * listing changes.
     */
    private <R> R mutate(PhotoKey key, Function<PhotoRules.Current, PhotoRules.Decision<R>> decide) {
        return mutate(key, null, decide, (read, written) -> { });
    }

    /**
     * As {@link #mutate(PhotoKey, Function)}, deciding first on {@code known} (an item this process just
     * read or wrote) when given; {@code seen} learns the item last read and the one written (null if none).
     */
    private <R> R mutate(PhotoKey key, Map<String, AttributeValue> known, Function<PhotoRules.Current, PhotoRules.Decision<R>> decide,
                         java.util.function.BiConsumer<Map<String, AttributeValue>, Map<String, AttributeValue>> seen) {
        for (int attempt = 1; ; attempt++) {
            Map<String, AttributeValue> current = attempt == 1 && known != null ? known : read(key);
            PhotoRules.Decision<R> d = decide.apply(current(current));
            if (d.write() == null) {
                seen.accept(current, null);
                return d.result();
            }
            try {
                Map<String, AttributeValue> next = item(d.write(), current);
                write(current, next);
                seen.accept(current, next);
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

    private Map<String, AttributeValue> photoItem(PhotoRow row) {
        Map<String, AttributeValue> item = Items.attributes(row);
        item.putAll(Items.photoKey(row.key()));
        if (row.status() == PhotoStatus.FAILED) {
            item.put(FAILED_PK, s(FAILED_ALL));
            item.put(FAILED_SK, s(Items.sortKey(row.state().updatedAt(), row.key())));
        }
        return item;
    }

    /** Whether the item has an album entry: READY, and not the motion of a Live Photo (its still is the item). */
    private static boolean listed(Map<String, AttributeValue> item) {
        return item != null && PhotoStatus.READY.name().equals(Items.str(item, STATUS)) && !Items.row(item).isLiveMotion();
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

    private Instant now() {
        return clock.instant();
    }
}
