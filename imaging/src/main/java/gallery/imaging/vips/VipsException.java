package gallery.imaging.vips;

/** A libvips call failed; the message is libvips' own error buffer for that call. */
public final class VipsException extends RuntimeException {
    private final String operation;

    VipsException(String operation, String message) {
        super(operation + ": " + message);
        this.operation = operation;
    }

    /** The libvips operation that failed, e.g. {@code thumbnail_buffer}. */
    public String operation() {
        return operation;
    }

    /** True when libvips ran out of memory rather than found a fault in the input. */
    public boolean outOfMemory() {
        String m = getMessage().toLowerCase(java.util.Locale.ROOT);
        return m.contains("out of memory") || m.contains("unable to allocate") || m.contains("cannot allocate");
    }
}
