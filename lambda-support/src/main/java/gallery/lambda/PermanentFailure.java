package gallery.lambda;

/**
 * A message that can never succeed (a corrupt photo, a malformed job). The batch acknowledges it
 * so SQS does not redeliver it; whoever throws it has already recorded why (e.g. a failed row).
 * Anything else thrown while handling a message is taken as retryable.
 */
public class PermanentFailure extends RuntimeException {
    public PermanentFailure(String message) {
        super(message);
    }

    public PermanentFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
