package gallery.core.preset;

import java.util.List;
import java.util.Objects;

/**
 * A named, versioned set of rendition sizes (longest edge, in pixels) and one output format.
 * Changing sizes, format or quality means a new version: reprocess renders what is missing.
 */
public record Preset(String name, int version, List<Integer> sizes, OutputFormat format, int quality) {
    public Preset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(format, "format");
        sizes = List.copyOf(sizes);
        if (sizes.isEmpty()) throw new IllegalArgumentException("preset " + name + " has no sizes");
        for (int i = 0; i < sizes.size(); i++) {
            int s = sizes.get(i);
            if (s < 16 || s > 16384) throw new IllegalArgumentException("preset " + name + ": size " + s + " outside 16..16384");
            if (i > 0 && s <= sizes.get(i - 1)) throw new IllegalArgumentException("preset " + name + ": sizes must be strictly ascending");
        }
        if (quality < 1 || quality > 100) throw new IllegalArgumentException("preset " + name + ": quality " + quality + " outside 1..100");
        if (version < 1) throw new IllegalArgumentException("preset " + name + ": version must be >= 1");
    }

    public int largest() {
        return sizes.get(sizes.size() - 1);
    }

    /** The smallest preset size that is at least {@code edge}, or the largest if none is. */
    public int atLeast(int edge) {
        for (int s : sizes) if (s >= edge) return s;
        return largest();
    }
}
