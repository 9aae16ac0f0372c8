package gallery.imaging.video;

/**
 * A video that will never play: truncated, corrupt, without a picture, too long or too large.
 * Retrying cannot help; the message names the file, what was expected and what was found, and is
 * fit to store as the item's failure reason. What that means for a queue message is the consumer's call.
 */
public final class BadVideo extends RuntimeException {
    public BadVideo(String message) {
        super(message);
    }
}
