package gallery.auth;

/** A bearer token that must not be trusted; the message says why (for logs, never for the response body). */
public final class InvalidTokenException extends Exception {
    public InvalidTokenException(String message) {
        super(message);
    }

    public InvalidTokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
