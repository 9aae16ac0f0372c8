package gallery.imaging;

/**
 * A render that failed for a reason outside the input (out of memory, an encoder missing from the
 * loaded libvips, I/O). Retryable, unlike {@link BadImage}: an SQS consumer reports the message
 * failed and it is delivered again.
 */
public final class RenderFailure extends RuntimeException {
    public RenderFailure(String message, Throwable cause) {
        super(message, cause);
    }

    public RenderFailure(String message) {
        super(message);
    }
}
