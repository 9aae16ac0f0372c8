package gallery.imaging;

import gallery.core.batch.PermanentFailure;

/**
 * An input that will never render: not an allowed image type, over a limit, or corrupt. Retrying
 * cannot help; the message names the input, what was expected and what was found, and is fit to
 * store as a photo's failure reason.
 */
public final class BadImage extends PermanentFailure {
    public BadImage(String message) {
        super(message);
    }

    public BadImage(String message, Throwable cause) {
        super(message, cause);
    }
}
