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

    /** A stored result's key back ({@code renditions/resized/<original>/<e>x<e>.<ext>}); empty for any other key. */
    public static java.util.Optional<ResizedKey> parse(String derivedKey) {
        if (derivedKey == null || !derivedKey.startsWith(PREFIX)) return java.util.Optional.empty();
        int slash = derivedKey.lastIndexOf('/');
        String leaf = derivedKey.substring(slash + 1);
        if (slash < PREFIX.length() || !LEAF.matcher(leaf).matches()) return java.util.Optional.empty();
        String original = derivedKey.substring(PREFIX.length(), slash);
        if (!PhotoKey.isPhotoKey(original)) return java.util.Optional.empty();
        int x = leaf.indexOf('x');
        int dot = leaf.indexOf('.');
        try {
            int edge = Integer.parseInt(leaf.substring(0, x));
            if (edge != Integer.parseInt(leaf.substring(x + 1, dot))) return java.util.Optional.empty();
            return java.util.Optional.of(new ResizedKey(edge, new PhotoKey(original), OutputFormat.fromExtension(leaf.substring(dot + 1))));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public String toString() {
        return value();
    }
}
