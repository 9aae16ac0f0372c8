package gallery.core;

import gallery.core.preset.OutputFormat;

import java.util.regex.Pattern;

/**
 * Where the on-demand resizer stores a result too large for a Lambda response:
 * {@code renditions/resized/<original key>/<edge>x<edge>.<ext>}. The original's key comes first so
 * that every stored result of one photo shares one prefix, and removing the photo finds them all
 * with a single listing (the edge is one of 54 rungs, the format one of three).
 */
public record ResizedKey(int edge, PhotoKey original, OutputFormat format) {
    /** Under renditions/ so the edge serves these through the renditions behaviour. */
    public static final String PREFIX = RenditionKey.PREFIX + "resized/";
    /**
     * How long a stored result lives in the derived bucket (a lifecycle rule in infra deletes it):
     * viewers ask for odd sizes of few photos, so results are a cache, rebuilt on the next request.
     */
    public static final int LIFETIME_DAYS = 30;
    /**
     * How long the resizer's redirect to a stored result may be cached. Each redirect is answered right
     * after the result was written, so a redirect cached for less than {@link #LIFETIME_DAYS} never
     * points at an object the lifecycle has already removed.
     */
    public static final int REDIRECT_MAX_AGE_SECONDS = 7 * 24 * 3600;
    private static final Pattern LEAF = Pattern.compile("[1-9][0-9]*x[1-9][0-9]*\\.[a-z0-9]+");

    public ResizedKey {
        if (edge <= 0) throw new IllegalArgumentException("resized edge must be positive, got " + edge);
        java.util.Objects.requireNonNull(original, "original");
        java.util.Objects.requireNonNull(format, "format");
    }

    public String value() {
        return prefixOf(original) + edge + "x" + edge + "." + format.extension();
    }

    /** The prefix every stored result of this photo starts with. */
    public static String prefixOf(PhotoKey original) {
        return PREFIX + original.value() + "/";
    }

    /**
     * Whether a derived key listed under {@link #prefixOf(PhotoKey)} is a result of that photo, not
     * of another photo whose key continues past a slash ({@code a.jpg} and {@code a.jpg/b.jpg} may
     * both be objects).
     */
    public static boolean isResultOf(PhotoKey original, String derivedKey) {
        String prefix = prefixOf(original);
        return derivedKey.startsWith(prefix) && LEAF.matcher(derivedKey.substring(prefix.length())).matches();
    }

    @Override
    public String toString() {
        return value();
    }
}
