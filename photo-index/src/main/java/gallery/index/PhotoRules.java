package gallery.index;

import gallery.core.PhotoKey;
import gallery.core.PhotoMetadata;
import gallery.core.Rendition;
import gallery.core.RenditionKey;
import gallery.core.events.Sequencer;
import gallery.index.Outcomes.Removal;
import gallery.index.Outcomes.RenderOutcome;
import gallery.index.Outcomes.UploadOutcome;
import gallery.index.Outcomes.WriteOutcome;
import gallery.index.PhotoRow.Rendering;
import gallery.index.PhotoRow.State;
import gallery.index.PhotoRow.Version;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The photo state machine, pure: what a photo's item becomes when an upload, a refusal, a removal, a
 * claim, a finished or failed render or a Live Photo pairing meets it. {@link PhotoIndex} reads the
 * item, asks here, and writes the answer conditionally on the revision it read (retrying on a race).
 *
 * <p>S3 delivers events at least once and out of order. The S3 sequencer orders the events of a key;
 * an equal one is a duplicate, a lower one stale. A delete leaves a tombstone carrying its sequencer,
 * so a create that arrives after its own delete is recognised as older and ignored. A worker's write
 * applies only while the row is still the version (eTag) it rendered.
 */
public final class PhotoRules {
    /** Longer than SQS's longest retention (14 days), so no delayed event can outlive its tombstone. */
    public static final Duration TOMBSTONE_LIFETIME = Duration.ofDays(15);

    private PhotoRules() {
    }

    /**
     * A photo's item as read: a row, or a tombstone ({@code row} null) with the sequencer of the delete.
     *
     * @param queued whether the render job of a PENDING row is known to be on the queue
     * @param record the objects derived from the original that may exist ({@link DerivedRecord})
     */
    public record Current(String sequencer, PhotoRow row, boolean queued, DerivedRecord record) {
        public Current {
            record = record == null ? DerivedRecord.EMPTY : record;
        }

        public static Current of(PhotoRow row, boolean queued, DerivedRecord record) {
            return new Current(row.version().sequencer(), row, queued, record);
        }

        public static Current tombstone(String sequencer, DerivedRecord record) {
            return new Current(sequencer, null, false, record);
        }

        public boolean deleted() {
            return row == null;
        }
    }

    /** What to write: nothing ({@code write} null), or one {@link Write}; {@code result} goes to the caller. */
    public record Decision<R>(R result, Write write) {
        static <R> Decision<R> none(R result) {
            return new Decision<>(result, null);
        }

        static <R> Decision<R> write(R result, Write write) {
            return new Decision<>(result, Objects.requireNonNull(write, "write"));
        }
    }

    /** The photo item's next state. */
    public sealed interface Write {
        DerivedRecord record();
    }

    /**
     * A new item for this row: whatever else the old one carried (a reprocess mark, the failed index's
     * keys) goes with it. {@code queued} is written when not null.
     */
    public record Replace(PhotoRow row, Boolean queued, DerivedRecord record) implements Write {
    }

    /** The current item with its row (when not null) and its record replaced; everything else stays. */
    public record Patch(PhotoRow row, DerivedRecord record) implements Write {
    }

    /** The photo is gone: a tombstone carrying the delete's sequencer, expiring at {@code expiresAt}. */
    public record Tombstone(PhotoKey key, String sequencer, Instant updatedAt, Instant expiresAt, DerivedRecord record) implements Write {
    }

    // ---------------------------------------------------------------- ingest

    /**
     * A valid upload: a new version becomes PENDING ({@link UploadOutcome#RENDER}); an event already
     * applied, or a newer event for the same bytes, needs a render job only if the row is PENDING and
     * none is known to be queued.
     */
    public static Decision<UploadOutcome> upload(Current current, Upload upload, Instant now) {
        String seq = Sequencer.normalize(upload.sequencer());
        if (current != null) {
            int order = Sequencer.compare(current.sequencer(), seq);
            if (order > 0) return Decision.none(UploadOutcome.STALE);
            PhotoRow was = current.row();
            boolean sameContent = was != null && upload.eTag().equals(was.version().eTag());
            boolean needsJob = sameContent && was.status() == PhotoStatus.PENDING && !current.queued();
            UploadOutcome outcome = needsJob ? UploadOutcome.RENDER : UploadOutcome.DUPLICATE;
            if (order == 0) return Decision.none(outcome);
            if (sameContent) {
                // A newer event for identical bytes (e.g. a backup tool re-putting a file): remember the
                // newer sequencer and version, keep what was rendered.
                PhotoRow row = was.withVersion(was.version().withSequencer(seq, upload.versionId()))
                        .withState(new State(was.status(), was.state().failureReason(), now));
                return Decision.write(outcome, new Patch(row, current.record()));
            }
        }
        PhotoRow row = new PhotoRow(upload.key(), upload.key().album(),
                new Version(upload.eTag(), upload.versionId(), seq, upload.bytes(), upload.uploadedAt()),
                State.pending(now), upload.metadata(), Rendering.pending(upload.presetName(), upload.presetVersion()),
                upload.video(), LivePhoto.of(upload.contentId(), livePair(current)), upload.uploader());
        // Replaced: the previous picture's objects are doomed now, not when the new render ends, so
        // the old picture is not served while the new one renders (the caller cleans up before queuing).
        return Decision.write(UploadOutcome.RENDER, new Replace(row, false, replaced(current)));
    }

    /** An upload refused before rendering (bad file, over limits): FAILED with the reason, unless an event as new was applied. */
    public static Decision<WriteOutcome> rejected(Current current, Upload upload, String reason, Instant now) {
        Objects.requireNonNull(reason, "reason");
        String seq = Sequencer.normalize(upload.sequencer());
        WriteOutcome seen = seen(current, seq);
        if (seen != null) return Decision.none(seen);
        PhotoRow row = new PhotoRow(upload.key(), upload.key().album(),
                new Version(upload.eTag(), upload.versionId(), seq, upload.bytes(), upload.uploadedAt()),
                State.failed(reason, now), upload.metadata(), Rendering.pending(upload.presetName(), upload.presetVersion()),
                upload.video(), null, upload.uploader());
        return Decision.write(WriteOutcome.APPLIED, new Replace(row, null, replaced(current)));
    }

    /**
     * A removal: a tombstone carrying the event's sequencer, unless an event as new was applied. The
     * removal's previous row tells the caller which renditions to delete. {@code alsoDerived} is doomed
     * too when nothing was ever claimed for the photo: keys that may exist without a claim (a render by
     * a worker older than the record).
     */
    public static Decision<Removal> removal(Current current, PhotoKey key, String sequencer, Collection<String> alsoDerived, Instant now) {
        String seq = Sequencer.normalize(sequencer);
        WriteOutcome seen = seen(current, seq);
        if (seen != null) return Decision.none(new Removal(seen, null));
        PhotoRow previous = current == null ? null : current.row();
        DerivedRecord record = replaced(current);
        // Only for an item nothing was ever claimed on: anywhere else the record is complete, and each
        // doomed key costs an edge invalidation.
        DerivedRecord had = current == null ? DerivedRecord.EMPTY : current.record();
        if (had.derived().isEmpty() && had.doomed().isEmpty()) {
            record = record.doomAll(alsoDerived, previous == null ? null : previous.version().eTag());
        }
        return Decision.write(new Removal(WriteOutcome.APPLIED, previous),
                new Tombstone(key, seq, now, now.plus(TOMBSTONE_LIFETIME), record));
    }

    // ---------------------------------------------------------------- worker

    /** A render of this version is about to write {@code keys}: claimed, unless the photo is gone or replaced. */
    public static Decision<RenderOutcome> claim(Current current, String eTag, Collection<String> keys) {
        RenderOutcome gone = check(current, eTag);
        if (gone != null) return Decision.none(gone);
        return Decision.write(RenderOutcome.UPDATED, new Patch(null, current.record().claim(keys)));
    }

    /**
     * A finished render of this version: READY with what it produced (metadata the render read wins,
     * the row's fills the gaps), if every one of {@code keys} is still claimed ({@code claim}: claim
     * them now). The rest of the record and of {@code written} is doomed.
     */
    public static Decision<RenderOutcome> rendered(Current current, String eTag, Rendered rendered,
                                                   Collection<String> keys, Collection<String> written, boolean claim, Instant now) {
        RenderOutcome gone = check(current, eTag);
        if (gone != null) return Decision.none(gone);
        DerivedRecord record = current.record();
        if (claim) record = record.claim(keys);
        else if (!record.holds(keys)) return Decision.none(RenderOutcome.RECLAIMED);
        PhotoRow was = current.row();
        PhotoRow row = was.withState(State.ready(now))
                .withMetadata(rendered.metadata().orElse(was.metadata()))
                .withRendering(new Rendering(rendered.placeholder(), rendered.presetName(), rendered.presetVersion(), rendered.renditions()))
                .withVideo(rendered.video() != null ? rendered.video() : was.video());
        return Decision.write(RenderOutcome.UPDATED, new Replace(row, null, record.keepOnly(keys, written, eTag)));
    }

    /** A render that cannot succeed: FAILED with the reason, if still this version; it lists no renditions, so all its objects are doomed. */
    public static Decision<RenderOutcome> failed(Current current, String eTag, String reason, Instant now) {
        Objects.requireNonNull(reason, "reason");
        RenderOutcome gone = check(current, eTag);
        if (gone != null) return Decision.none(gone);
        PhotoRow was = current.row();
        PhotoRow row = was.withState(State.failed(reason, now)).withRendering(was.rendering().cleared());
        // A failed photo lists no renditions, so none of its objects may stay (an earlier version's
        // picture, or what this render's earlier rounds wrote).
        return Decision.write(RenderOutcome.UPDATED, new Replace(row, null, replaced(current)));
    }

    // ---------------------------------------------------------------- record of derived objects

    /** Doomed objects deleted: dropped from the record, but for {@code invalidateLater}'s while their version is current. */
    public static Decision<Void> forget(Current current, Collection<DerivedRecord.Doomed> done, Collection<DerivedRecord.Doomed> invalidateLater) {
        if (current == null) return Decision.none(null);
        // A version gone since the cleanup read the record: its copies are to be invalidated now, not later.
        Collection<DerivedRecord.Doomed> later = current.deleted() ? Set.of() : invalidateLater;
        return Decision.write(null, new Patch(null, current.record().forget(done, later)));
    }

    /** Objects found elsewhere (the resizer's stored results) added to the doomed ones. */
    public static Decision<Void> doom(Current current, Collection<DerivedRecord.Doomed> found) {
        if (current == null) return Decision.none(null);
        return Decision.write(null, new Patch(null, current.record().doom(found)));
    }

    // ---------------------------------------------------------------- Live Photos

    /**
     * Sets or clears a row's Live Photo partner. {@code video}: what the row must be (null: either);
     * {@code pair}: the partner to set (null: clear); {@code onlyIf}: clear only when this is the partner
     * named now. The result is true when the row names {@code pair} afterwards, null when there was no
     * live row to change. A row already paired with another keeps its first partner (IMG_1.HEIC and
     * IMG_1.JPG both there).
     */
    public static Decision<Boolean> pair(Current current, Boolean video, String pair, String onlyIf) {
        if (current == null || current.deleted()) return Decision.none(null);
        PhotoRow was = current.row();
        if (video != null && was.isVideo() != video) return Decision.none(null);
        String now = was.live() == null ? null : was.live().pair();
        if (onlyIf != null && !onlyIf.equals(now)) return Decision.none(Boolean.FALSE);
        if (Objects.equals(now, pair)) return Decision.none(pair != null);
        if (pair != null && now != null) return Decision.none(Boolean.FALSE);
        LivePhoto live = LivePhoto.of(was.live() == null ? null : was.live().contentId(), pair);
        return Decision.write(pair != null, new Patch(was.withLive(live), current.record()));
    }

    // ---------------------------------------------------------------- helpers

    /** The keys of a row's renditions in the derived bucket. */
    static Set<String> keysOf(PhotoKey key, List<Rendition> renditions) {
        Set<String> keys = new TreeSet<>();
        for (Rendition r : renditions) keys.add(new RenditionKey(r.size(), key, r.format()).value());
        return keys;
    }

    /**
     * The record once the current version is gone (deleted, replaced or refused): all of its objects
     * doomed, including the renditions a row written before the record existed lists.
     */
    static DerivedRecord replaced(Current current) {
        if (current == null) return DerivedRecord.EMPTY;
        if (current.deleted()) return current.record();
        PhotoRow was = current.row();
        return current.record().doomAll(keysOf(was.key(), was.rendering().renditions()), was.version().eTag());
    }

    /** DUPLICATE or STALE when an event this new was already applied; null when {@code seq} is newer. */
    private static WriteOutcome seen(Current current, String seq) {
        if (current == null) return null;
        int order = Sequencer.compare(current.sequencer(), seq);
        if (order > 0) return WriteOutcome.STALE;
        return order == 0 ? WriteOutcome.DUPLICATE : null;
    }

    private static RenderOutcome check(Current current, String eTag) {
        if (current == null || current.deleted()) return RenderOutcome.GONE;
        if (!Objects.equals(current.row().version().eTag(), eTag)) return RenderOutcome.REPLACED;
        return null;
    }

    /** The partner a live row names, kept across its versions (the names still pair); null for none. */
    private static String livePair(Current current) {
        if (current == null || current.deleted() || current.row().live() == null) return null;
        return current.row().live().pair();
    }
}
