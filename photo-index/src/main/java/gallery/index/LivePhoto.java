package gallery.index;

/**
 * What a row knows of an iPhone Live Photo ({@code gallery.core.LivePhotos} is the pairing rule).
 * On a still (HEIC/JPEG) {@code pair} is the key of its motion (the MOV); on a MOV, the key of its
 * still, and such a MOV is not listed in albums or the timeline: the still is the item, the MOV its
 * motion. Absent (null on the row) for every other photo or video.
 *
 * @param contentId Apple's content identifier, as the file carries it (null when it does not)
 * @param pair      the partner's key, null while none was found
 */
public record LivePhoto(String contentId, String pair) {
    public LivePhoto withPair(String key) {
        return new LivePhoto(contentId, key);
    }

    /** Null when there is nothing to record. */
    static LivePhoto of(String contentId, String pair) {
        return contentId == null && pair == null ? null : new LivePhoto(contentId, pair);
    }
}
