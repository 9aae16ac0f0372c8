package gallery.admin;

import gallery.core.preset.Preset;
import gallery.index.PhotoIndex.Stored;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import gallery.core.Rendition;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Decides, for one listed original and what the index holds for it, whether the reprocess command
 * queues it and why. Pure: no AWS, so every rule has a unit test.
 *
 * <p><b>Not queuing twice.</b> A job the tool queued is marked on the row ({@code <preset>:<version>},
 * {@link gallery.index.PhotoIndex#markReprocessQueued}). The mark disappears with the next write of
 * the row (the worker's READY or FAILED, a new upload), so a marked row that is still not done means
 * its job is waiting, unless the reprocess lane is empty: then the job was consumed without a write
 * (lost, or dead-lettered after retries) and the photo is queued again. An approximate queue count
 * can at worst cause one duplicate job, which the worker skips (it acknowledges a job for a row
 * already READY with the job's preset and version).
 */
public final class ReprocessPlanner {
    /** What becomes of one original. */
    public enum Action { QUEUE, INGEST, SKIP }

    public enum Reason {
        /** No row (its S3 event was lost): a synthetic event goes to the ingest queue, which creates the row and queues the render. */
        NO_ROW(Action.INGEST, "not in the index"),
        PRESET_OUTDATED(Action.QUEUE, "rendered with an older or other preset"),
        RENDITIONS_MISSING(Action.QUEUE, "renditions missing"),
        /** A READY video without its web-playable copy (a row from before the copy, or a lost write). */
        COPY_MISSING(Action.QUEUE, "video without its web-playable copy"),
        PENDING_TOO_LONG(Action.QUEUE, "pending too long (its render job was lost or dead-lettered)"),
        FAILED_RETRY(Action.QUEUE, "failed before, retried"),
        FORCED(Action.QUEUE, "--all"),
        UP_TO_DATE(Action.SKIP, "up to date"),
        ALREADY_QUEUED(Action.SKIP, "already queued (reprocess lane, or the video lane for videos)"),
        PENDING(Action.SKIP, "pending (render job queued by ingest)"),
        FAILED(Action.SKIP, "failed (use --include-failed to retry)"),
        DELETED(Action.SKIP, "deleted (tombstone newer than the listing)"),
        OTHER_VERSION(Action.SKIP, "index holds another version (its upload event is still on the way)");

        private final Action action;
        private final String description;

        Reason(Action action, String description) {
            this.action = action;
            this.description = description;
        }

        public Action action() {
            return action;
        }

        public String description() {
            return description;
        }
    }

    /**
     * @param all               queue every photo in scope ({@code --all})
     * @param includeFailed     retry FAILED photos too
     * @param pendingAfter      a PENDING row older than this has lost its render job
     * @param reprocessLaneBusy the reprocess queue has messages waiting or in flight
     * @param videoLaneBusy     the video queue has (a video's mark counts only while its lane is busy)
     */
    public record Settings(Preset preset, boolean all, boolean includeFailed, Duration pendingAfter,
                           boolean reprocessLaneBusy, boolean videoLaneBusy, Instant now) {
        public Settings(Preset preset, boolean all, boolean includeFailed, Duration pendingAfter, boolean reprocessLaneBusy, Instant now) {
            this(preset, all, includeFailed, pendingAfter, reprocessLaneBusy, false, now);
        }

        public Settings {
            Objects.requireNonNull(preset, "preset");
            Objects.requireNonNull(pendingAfter, "pendingAfter");
            Objects.requireNonNull(now, "now");
        }
    }

    private final Settings settings;

    public ReprocessPlanner(Settings settings) {
        this.settings = settings;
    }

    /** The mark a queued job leaves on its row. */
    public static String mark(Preset preset) {
        return preset.name() + ":" + preset.version();
    }

    /** @param stored the index's item for the original, or null when it has none */
    public Reason decide(Original original, Stored stored) {
        if (stored == null) return Reason.NO_ROW;
        if (stored.deleted()) return Reason.DELETED;
        PhotoRow row = stored.row();
        if (row.version().eTag() != null && original.eTag() != null && !row.version().eTag().equals(original.eTag())) return Reason.OTHER_VERSION;
        boolean queued = mark(settings.preset()).equals(stored.reprocessMark())
                && (row.isVideo() ? settings.videoLaneBusy() : settings.reprocessLaneBusy());
        if (settings.all()) return queued ? Reason.ALREADY_QUEUED : Reason.FORCED;

        Reason need = switch (row.status()) {
            case READY -> readyNeeds(row);
            case FAILED -> settings.includeFailed() ? Reason.FAILED_RETRY : Reason.FAILED;
            case PENDING -> pendingSince(row).plus(settings.pendingAfter()).isBefore(settings.now())
                    ? Reason.PENDING_TOO_LONG : Reason.PENDING;
        };
        if (need.action() == Action.QUEUE && queued) return Reason.ALREADY_QUEUED;
        return need;
    }

    private Reason readyNeeds(PhotoRow row) {
        Preset preset = settings.preset();
        if (!preset.name().equals(row.rendering().presetName()) || row.rendering().presetVersion() == null || row.rendering().presetVersion() < preset.version()) {
            return Reason.PRESET_OUTDATED;
        }
        if (!expectedSizes(row, preset).stream().allMatch(size -> has(row, size, preset))) return Reason.RENDITIONS_MISSING;
        return row.isVideo() && row.video().copyBytes() <= 0 ? Reason.COPY_MISSING : Reason.UP_TO_DATE;
    }

    /**
     * The preset sizes a complete row lists: every size up to and including the first one at or
     * above the photo's longest edge (larger ones are never rendered: no upscaling). Without
     * dimensions, at least one rendition.
     */
    static Set<Integer> expectedSizes(PhotoRow row, Preset preset) {
        Set<Integer> sizes = new HashSet<>();
        if (row.metadata().width() == null || row.metadata().height() == null) {
            sizes.add(preset.sizes().get(0));
            return sizes;
        }
        int cap = preset.atLeast(Math.max(row.metadata().width(), row.metadata().height()));
        for (int s : preset.sizes()) if (s <= cap) sizes.add(s);
        return sizes;
    }

    private static boolean has(PhotoRow row, int size, Preset preset) {
        for (Rendition r : row.rendering().renditions()) {
            if (r.size() == size && r.format() == preset.format()) return true;
        }
        return false;
    }

    private static Instant pendingSince(PhotoRow row) {
        if (row.state().updatedAt() != null) return row.state().updatedAt();
        return row.version().uploadedAt() != null ? row.version().uploadedAt() : Instant.EPOCH;
    }
}
