package gallery.imaging;

import gallery.core.Rendition;
import gallery.core.preset.OutputFormat;

import java.util.Objects;

/**
 * One encoded output image, metadata-free and in sRGB: what it is ({@link Rendition}, the descriptor
 * the index and the photo JSON use) and the encoded file.
 *
 * @param rendition its size asked for (for {@link Renderer#resize} the requested box's longest edge),
 *                  actual pixels, format and byte count
 * @param data      the encoded file
 */
public record Encoded(Rendition rendition, byte[] data) {
    public Encoded {
        Objects.requireNonNull(rendition, "rendition");
        Objects.requireNonNull(data, "data");
    }

    public Encoded(int size, int width, int height, OutputFormat format, byte[] data) {
        this(new Rendition(size, width, height, format, data.length), data);
    }

    public int size() {
        return rendition.size();
    }

    public int width() {
        return rendition.width();
    }

    public int height() {
        return rendition.height();
    }

    public OutputFormat format() {
        return rendition.format();
    }

    /** Encoded size in bytes. */
    public int bytes() {
        return data.length;
    }

    /** True when the original was smaller than {@code size}, so this is the original's own size. */
    public boolean atOriginalSize() {
        return Math.max(width(), height()) < size();
    }

    @Override
    public String toString() {
        return "Encoded[" + size() + ": " + width() + "x" + height() + " " + format() + ", " + data.length + " bytes]";
    }
}
