package gallery.core;

import gallery.core.preset.OutputFormat;

/**
 * Where a rendition lives in the derived bucket: {@code renditions/<size>/<original key>.<ext>}.
 * Deterministic, so a retried render overwrites rather than duplicates. URLs handed to browsers add
 * {@code ?v=<etag>} so a re-uploaded original is a new cache entry while the object key stays stable.
 */
public record RenditionKey(int size, PhotoKey original, OutputFormat format) {
    public static final String PREFIX = "renditions/";

    /** For a photo key too long for that to fit S3's 1,024 bytes, the key's part is hashed ({@link KeyBytes}). */
    public String value() {
        return KeyBytes.fit(PREFIX + size + "/", original.value(), "." + format.extension());
    }

    /** Parses a derived key back; empty when the key is not a rendition key. */
    public static java.util.Optional<RenditionKey> parse(String key) {
        if (key == null || !key.startsWith(PREFIX)) return java.util.Optional.empty();
        String rest = key.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        int dot = rest.lastIndexOf('.');
        if (slash <= 0 || dot <= slash) return java.util.Optional.empty();
        try {
            int size = Integer.parseInt(rest.substring(0, slash));
            String original = rest.substring(slash + 1, dot);
            OutputFormat format = OutputFormat.fromExtension(rest.substring(dot + 1));
            if (!PhotoKey.isPhotoKey(original)) return java.util.Optional.empty();
            return java.util.Optional.of(new RenditionKey(size, new PhotoKey(original), format));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public String toString() {
        return value();
    }
}
