package gallery.resize;

import gallery.core.PhotoKey;
import gallery.core.UrlPaths;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /resize/<width>x<height>/<photo key>?v=<version>}, parsed and checked before anything
 * is read: the box the picture must fit in, the original's key, and the version the URL names.
 * <p>
 * The key is decoded one segment at a time, so an encoded slash ({@code %2F}) can never join or split
 * segments, and a segment that decodes to {@code .} or {@code ..} ({@code %2e%2e}) is refused rather
 * than resolved. Some front doors hand the function an already-decoded path (API Gateway turns
 * {@code %2F} into {@code /}); that reads as a different key or a dot segment, never as a way out of
 * {@code photos/}.
 */
public record ResizeRequest(int width, int height, PhotoKey key, Optional<String> version) {
    public static final String PREFIX = "/resize/";
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,6})x([0-9]{1,6})");

    /**
     * @param rawPath the request path as received, percent-encoded
     * @param version the {@code v} query parameter, or null
     * @throws BadRequest naming {@code size}, {@code width}, {@code height} or {@code key}
     */
    public static ResizeRequest parse(String rawPath, String version, SizeLadder ladder) {
        if (rawPath == null || !rawPath.startsWith(PREFIX)) {
            throw new BadRequest("path", "expected /resize/<width>x<height>/<photo key>, got " + quote(rawPath));
        }
        String rest = rawPath.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String size = slash < 0 ? rest : rest.substring(0, slash);
        Matcher m = SIZE.matcher(size);
        if (!m.matches()) {
            throw new BadRequest("size", "size must be <width>x<height> in pixels, such as 640x480; got " + quote(size));
        }
        int w = bounded("width", m.group(1), ladder);
        int h = bounded("height", m.group(2), ladder);
        if (slash < 0 || slash == rest.length() - 1) {
            throw new BadRequest("key", "the path has no photo key after the size");
        }
        PhotoKey key = key(rest.substring(slash + 1));
        Optional<String> v = Optional.ofNullable(version).filter(s -> !s.isBlank());
        return new ResizeRequest(w, h, key, v);
    }

    private static int bounded(String name, String digits, SizeLadder ladder) {
        int v = Integer.parseInt(digits);
        if (v < ladder.min() || v > ladder.max()) {
            throw new BadRequest(name, name + " " + v + " is out of range: expected " + ladder.min() + ".." + ladder.max());
        }
        return v;
    }

    private static PhotoKey key(String encoded) {
        StringBuilder key = new StringBuilder(encoded.length());
        for (String segment : encoded.split("/", -1)) {
            String s;
            try {
                s = UrlPaths.decodeSegment(segment);
            } catch (IllegalArgumentException e) {
                throw new BadRequest("key", "key: " + e.getMessage());
            }
            if (s.isEmpty()) throw new BadRequest("key", "key has an empty path segment: " + quote(encoded));
            if (s.equals(".") || s.equals("..")) {
                throw new BadRequest("key", "key may not contain '.' or '..' segments: " + quote(encoded));
            }
            if (s.indexOf('/') >= 0 || s.indexOf('\\') >= 0) {
                throw new BadRequest("key", "key may not contain an encoded slash or a backslash: " + quote(encoded));
            }
            if (s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new BadRequest("key", "key may not contain control characters: " + quote(encoded));
            }
            if (!key.isEmpty()) key.append('/');
            key.append(s);
        }
        String k = key.toString();
        if (!PhotoKey.isPhotoKey(k)) {
            throw new BadRequest("key", "key must name a photo under " + PhotoKey.PREFIX + ", got " + quote(k));
        }
        return new PhotoKey(k);
    }

    private static String quote(String s) {
        if (s == null) return "nothing";
        return "'" + (s.length() > 200 ? s.substring(0, 200) + "..." : s) + "'";
    }
}
