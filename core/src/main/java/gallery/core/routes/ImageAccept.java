package gallery.core.routes;

import gallery.core.preset.OutputFormat;

import java.util.Locale;

/**
 * Reduces a browser's {@code Accept} header to the one image format the resizer will answer in,
 * so the cache holds at most three variants of a size. AVIF when accepted, else WebP, else JPEG
 * (every browser takes JPEG). {@code image/*} alone does not count as AVIF or WebP support: some
 * browsers send it without decoding either.
 */
public final class ImageAccept {
    private ImageAccept() {
    }

    public static OutputFormat format(String accept) {
        if (accept == null) return OutputFormat.JPEG;
        boolean avif = false;
        boolean webp = false;
        for (String part : accept.toLowerCase(Locale.ROOT).split(",")) {
            String[] fields = part.trim().split(";");
            String type = fields[0].trim();
            if (refused(fields)) continue;
            if (type.equals("image/avif")) avif = true;
            if (type.equals("image/webp")) webp = true;
        }
        return avif ? OutputFormat.AVIF : webp ? OutputFormat.WEBP : OutputFormat.JPEG;
    }

    /** The normalised header value sent on to the origin and used in the cache key. */
    public static String normalize(String accept) {
        return format(accept).contentType();
    }

    private static boolean refused(String[] fields) {
        for (int i = 1; i < fields.length; i++) {
            String f = fields[i].trim();
            if (f.startsWith("q=")) {
                try {
                    return Double.parseDouble(f.substring(2).trim()) <= 0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }
}
