package gallery.imaging;

import gallery.core.preset.OutputFormat;

/**
 * One encoded output image, metadata-free and in sRGB.
 *
 * @param size   the preset size it was rendered for (longest edge asked for); for
 *               {@link Renderer#resize} the requested box's longest edge
 * @param width  actual width in pixels
 * @param height actual height in pixels
 * @param format encoding of {@code data}
 * @param data   the encoded file
 */
public record Rendition(int size, int width, int height, OutputFormat format, byte[] data) {
    /** Encoded size in bytes. */
    public int bytes() {
        return data.length;
    }

    /** True when the original was smaller than {@code size}, so this is the original's own size. */
    public boolean atOriginalSize() {
        return Math.max(width, height) < size;
    }

    @Override
    public String toString() {
        return "Rendition[" + size + ": " + width + "x" + height + " " + format + ", " + data.length + " bytes]";
    }
}
