package gallery.imaging;

import java.util.Locale;
import java.util.Objects;

/**
 * An input that will never render: not an allowed image type, over a limit, or corrupt. Retrying
 * cannot help; the message names the input, what was expected and what was found, and is fit to
 * store as a photo's failure reason. {@link #reason()} is its kind, for metrics (refusals by reason).
 * What that means for a queue message (acknowledge it) is the consumer's call, not this library's.
 */
public final class BadImage extends RuntimeException {
    /** Why an input is refused, in a few words a dashboard can group by. */
    public enum Reason {
        /** The file has no bytes. */
        EMPTY,
        /** Not one of the allowed image types. */
        TYPE,
        /** Over MAX_BYTES. */
        BYTES,
        /** Over MAX_PIXELS or MAX_FRAMES, or implausible dimensions (a decompression bomb). */
        DIMENSIONS,
        /** An allowed type this libvips cannot decode (e.g. HEVC HEIC with the npm build). */
        UNSUPPORTED,
        /** The decoder refused the data. */
        CORRUPT,
        /** The object named by the index or the event is not there. */
        MISSING;

        /** Lower case, as it appears in metrics: {@code type}, {@code dimensions}, ... */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public BadImage(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public BadImage(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** A refusal of unstated kind ({@link Reason#CORRUPT}). */
    public BadImage(String message) {
        this(Reason.CORRUPT, message);
    }

    public BadImage(String message, Throwable cause) {
        this(Reason.CORRUPT, message, cause);
    }

    public Reason reason() {
        return reason;
    }
}
