package gallery.index;

/** Namespace for the results of index writes. */
public final class Outcomes {
    private Outcomes() {
    }

    /** Result of recording a new version of an original. */
    public enum UploadOutcome {
        /** The row is PENDING for this version and no render job is known to be queued: queue one, then call {@code markQueued}. */
        RENDER,
        /** This event (or this content) was already recorded; nothing to do. */
        DUPLICATE,
        /** A newer event for this key (a later upload, or a delete) was already applied; ignored. */
        STALE
    }

    /** Result of recording a refused upload or a removal. */
    public enum WriteOutcome { APPLIED, DUPLICATE, STALE }

    /** Result of a worker's update, which is conditional on the row still being that version. */
    public enum RenderOutcome {
        UPDATED,
        /** The photo was deleted meanwhile (tombstone or no row). */
        GONE,
        /** The photo was replaced by another version meanwhile. */
        REPLACED,
        /**
         * Still this version, but a concurrent render of it (another preset) completed after these
         * renditions were claimed and doomed them: write them again and complete, or leave it.
         */
        RECLAIMED
    }

    /** Result of recording a removal; {@code previous} is the row it replaced with a tombstone (null if none). */
    public record Removal(WriteOutcome outcome, PhotoRow previous) {
    }
}
