package gallery.auth;

/** The user pool could not say whether a user may come in (unreachable, throttled): answer 503, not 401. */
public final class UserCheckUnavailableException extends RuntimeException {
    public UserCheckUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
