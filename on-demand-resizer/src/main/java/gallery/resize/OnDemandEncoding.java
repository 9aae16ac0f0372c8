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
     * WebP effort 2 rather than libvips' 4: at 1880 px about half the CPU (170 vs 320 ms) for 3.4% more bytes;
     * effort 1 saves no more time there and costs 11% more bytes, effort 0 41%.
     */
    static final int WEBP_EFFORT = 2;
    /**
     * AVIF effort 0 rather than 2: at 1880 px libaom took 4.8 s of CPU at effort 2 and 0.27 s at effort 0, for
     * 184 KB, still smaller than WebP's 203 KB; at 936 px 90 vs 210 ms, 64 KB vs 54 KB (WebP 70 KB). AVIF is
     * only rendered on demand, so no stored rendition pays for the extra bytes.
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
