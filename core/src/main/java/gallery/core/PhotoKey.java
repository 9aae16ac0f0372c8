package gallery.core;

import java.util.Objects;

/**
 * The S3 key of an original photo: anything under {@code photos/} in the originals bucket.
 * The album is the key's folder below {@code photos/} ({@code photos/2024 Summer/a.jpg} is in album
 * {@code 2024 Summer}; {@code photos/a.jpg} is in the root album, named by the empty string).
 * Always the decoded key: events are decoded once, at the edge (see {@code S3EventDecoder}).
 */
public record PhotoKey(String value) implements Comparable<PhotoKey> {
    public static final String PREFIX = "photos/";

    public PhotoKey {
        Objects.requireNonNull(value, "key");
        if (!isPhotoKey(value)) {
            throw new IllegalArgumentException("not a photo key (expected photos/<album>/<file>): " + value);
        }
    }

    /** True for keys this system indexes: under photos/, not a folder marker, no empty segments or dot segments. */
    public static boolean isPhotoKey(String key) {
        if (key == null || !key.startsWith(PREFIX) || key.endsWith("/") || key.length() > 1024) return false;
        for (String segment : key.substring(PREFIX.length()).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) return false;
        }
        return true;
    }

    public static PhotoKey of(String value) {
        return new PhotoKey(value);
    }

    public String album() {
        String rest = value.substring(PREFIX.length());
        int slash = rest.lastIndexOf('/');
        return slash < 0 ? "" : rest.substring(0, slash);
    }

    public String fileName() {
        return value.substring(value.lastIndexOf('/') + 1);
    }

    @Override
    public int compareTo(PhotoKey o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
