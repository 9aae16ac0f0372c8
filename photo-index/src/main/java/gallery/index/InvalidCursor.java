package gallery.index;

/**
 * A paging cursor the index did not hand out, or one from another listing. Its own type, so a caller
 * answers it (the API: 400 naming the cursor) without reading the message.
 */
public final class InvalidCursor extends IllegalArgumentException {
    InvalidCursor(String message) {
        super(message);
    }
}
