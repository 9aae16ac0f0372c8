package gallery.core;

import gallery.core.preset.OutputFormat;

import java.util.Objects;

/** One rendition that exists in the derived bucket: preset size (longest edge asked for), actual pixels, format, bytes. */
public record Rendition(int size, int width, int height, OutputFormat format, long bytes) {
    public Rendition {
        Objects.requireNonNull(format, "format");
    }
}
