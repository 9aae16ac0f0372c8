package gallery.resize;

import gallery.core.preset.OutputFormat;
import gallery.imaging.Encoding;

/**
 * How the resizer encodes what a viewer is waiting for, per format. Quality as the presets (WebP 80,
 * JPEG 82) and AVIF 60 (about WebP 80's look at fewer bytes). Effort chosen by measurement
 * ({@code ./gallery bench resize}, bench/results/resize.md), where the presets keep libvips' defaults
 * because they are rendered once, in the background.
 */
public final class OnDemandEncoding {
    /**
     * WebP effort 1 rather than libvips' 4: on a quiet machine (medians of 5, libvips 8.14, bench/results/resize.md)
     * 56 vs 94 ms at 936 px (from the 1280 rendition) and 126 vs 225 ms at 1880 px (from the 1920), for 11% more
     * bytes. Effort 2 took 64 and 137 ms for 7% fewer bytes than 1, which kept a miss just over its goal (81 vs
     * 80 ms, 162 vs 160 ms); effort 0 is no faster and 41% larger. A viewer waits on every miss, while the bytes
     * are paid once per size and cached.
     */
    static final int WEBP_EFFORT = 1;
    /**
     * AVIF effort 0 rather than 2: libaom took 4.6 s of CPU at effort 2 for 1880 px and 0.34 s at effort 0, for
     * 184 KB instead of 148 KB, still under WebP's 203 KB; at 936 px 100 vs 300 ms, 64 KB vs 54 KB (WebP 70 KB).
     * AVIF is only rendered on demand, so no stored copy pays for the extra bytes for long.
     */
    static final int AVIF_EFFORT = 0;

    private OnDemandEncoding() {
    }

    public static Encoding of(OutputFormat format) {
        return switch (format) {
            case WEBP -> new Encoding(OutputFormat.WEBP, 80, WEBP_EFFORT);
            case JPEG -> Encoding.of(OutputFormat.JPEG, 82);
            case AVIF -> new Encoding(OutputFormat.AVIF, 60, AVIF_EFFORT);
        };
    }
}
