package gallery.index;

/** Where a photo is in the pipeline. Only {@link #READY} photos are listed in albums and the timeline. */
public enum PhotoStatus {
    /** Ingested and valid; a render job is queued. */
    PENDING,
    /** Every rendition of its preset exists in the derived bucket. */
    READY,
    /** Refused (bad file, over limits) or unrenderable; {@link PhotoRow.State#failureReason()} says why. */
    FAILED
}
