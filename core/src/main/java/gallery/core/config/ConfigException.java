package gallery.core.config;

/** Configuration that cannot work; thrown at start-up, never per request. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
