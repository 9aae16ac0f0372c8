package gallery.imaging;

import gallery.core.preset.OutputFormat;

import java.util.Objects;

/**
 * How one output is encoded: the format, its quality, and libvips' {@code effort} (WebP 0-6, AVIF 0-9;
 * JPEG has none). Effort trades bytes for encode time: the presets are rendered once, in the background,
 * where bytes matter more; the on-demand resizer encodes while a viewer waits, so it picks its own
 * (gallery.resize.Resizer, measured by {@code ./gallery bench resize}).
 *
 * @param effort the encoder's effort, or {@link #DEFAULT_EFFORT} for the one {@link #of} gives the format
 */
public record Encoding(OutputFormat format, int quality, int effort) {
    /** libvips' own default for {@code webpsave}'s effort (0 fastest, 6 smallest). */
    public static final int WEBP_DEFAULT_EFFORT = 4;
    /**
     * AV1 at effort 2 rather than libvips' default 4. Measured with libvips 8.14 (libheif, libaom) on the
     * bench's 24 MP photo, encode only, Q60: 2896 px took 4,583 ms at effort 4 for 292,454 bytes, 886 ms
     * at effort 2 for 283,057 (effort 0: 227 ms, 353,449); 1448 px 1,674 ms vs 353 ms, 110,079 vs 106,138
     * bytes. WebP Q80 of the same took 547 ms for 450,924 bytes.
     */
    public static final int AVIF_DEFAULT_EFFORT = 2;
    /** Marks "the format's default" in {@link #of}; not passed to libvips. */
    public static final int DEFAULT_EFFORT = -1;

    public Encoding {
        Objects.requireNonNull(format, "format");
        if (quality < 1 || quality > 100) throw new IllegalArgumentException("quality " + quality + " outside 1..100");
        int most = switch (format) {
            case WEBP -> 6;
            case AVIF -> 9;
            case JPEG -> 0;
        };
        if (effort == DEFAULT_EFFORT) effort = defaultEffort(format);
        if (effort < 0 || effort > most) throw new IllegalArgumentException(format + " effort " + effort + " outside 0.." + most);
    }

    /** {@code format} at {@code quality} with the format's default effort (what the presets are rendered with). */
    public static Encoding of(OutputFormat format, int quality) {
        return new Encoding(format, quality, DEFAULT_EFFORT);
    }

    private static int defaultEffort(OutputFormat format) {
        return switch (format) {
            case WEBP -> WEBP_DEFAULT_EFFORT;
            case AVIF -> AVIF_DEFAULT_EFFORT;
            case JPEG -> 0;
        };
    }
}
