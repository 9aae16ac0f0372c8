package gallery.index;

import java.util.List;

/** One page of a listing; {@code next} is an opaque cursor for the following page, null on the last. */
public record Page<T>(List<T> items, String next) {
    public Page {
        items = List.copyOf(items);
    }
}
