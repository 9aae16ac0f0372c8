package gallery.admin;

/** A usage or configuration error (no deployment file, a bad option value): the tool exits 2. */
public final class ConfigProblem extends RuntimeException {
    public ConfigProblem(String message) {
        super(message);
    }

    public ConfigProblem(String message, Throwable cause) {
        super(message, cause);
    }
}
