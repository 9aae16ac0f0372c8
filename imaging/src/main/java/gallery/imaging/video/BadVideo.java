package gallery.imaging.video;

import gallery.core.batch.PermanentFailure;

/**
 * A video that will never play: truncated, corrupt, without a picture, too long or too large.
 * Retrying cannot help; the message names the file, what was expected and what was found, and is
 * fit to store as the item's failure reason.
 */
public final class BadVideo extends PermanentFailure {
    public BadVideo(String message) {
        super(message);
    }
}
