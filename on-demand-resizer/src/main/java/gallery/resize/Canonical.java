package gallery.resize;

import gallery.core.PhotoKey;
import gallery.core.UrlPaths;

/**
 * The one URL each distinct output has. The picture fits inside the asked box with its aspect kept,
 * so what decides the output is only its longest edge: that edge is snapped up to the ladder and the
 * canonical box is square ({@code /resize/1088x1088/...}), whatever box was asked. Boxes that would
 * give the same picture share one URL, one render and one cached copy, and a photo has at most one
 * URL per rung up to its own size (never upscaled: every rung above its longest edge gives the
 * original's size, so they collapse to the first such rung).
 *
 * @param edge        the canonical rung: width and height of the canonical box
 * @param outputEdge  the longest edge of the picture served: the rung, or the original's if smaller
 */
public record Canonical(int edge, int outputEdge) {
    /**
     * @param photoWidth  the original's width as shown (after EXIF rotation)
     * @param photoHeight the original's height as shown
     */
    public static Canonical of(int boxWidth, int boxHeight, int photoWidth, int photoHeight, SizeLadder ladder) {
        if (photoWidth < 1 || photoHeight < 1) throw new IllegalArgumentException("photo size " + photoWidth + "x" + photoHeight);
        int longest = Math.max(photoWidth, photoHeight);
        double scale = Math.min(1.0, Math.min((double) boxWidth / photoWidth, (double) boxHeight / photoHeight));
        // The fitted picture's longest edge, rounded up so the result is never smaller than asked.
        int fitted = (int) Math.ceil(longest * scale - 1e-9);
        int edge = ladder.snapUp(Math.max(ladder.min(), Math.min(fitted, ladder.max())));
        return new Canonical(edge, Math.min(edge, longest));
    }

    public boolean matches(int boxWidth, int boxHeight) {
        return boxWidth == edge && boxHeight == edge;
    }

    /** {@code /resize/<edge>x<edge>/<key, percent-encoded per segment>?v=<version>} */
    public String url(PhotoKey key, String version) {
        return ResizeRequest.PREFIX + edge + "x" + edge + "/" + UrlPaths.encodeKey(key.value())
                + (version.isEmpty() ? "" : "?v=" + version);
    }
}
