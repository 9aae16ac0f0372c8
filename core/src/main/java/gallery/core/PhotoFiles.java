package gallery.core;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which local files upload as photos (and, as a phone's camera roll holds both, videos), and the
 * content type each is stored with: one list for every
 * uploader (the admin tool's {@code upload}, the local stack's photo import). What is really inside a
 * file is decided later by sniffing its bytes; this is only the name-based first filter.
 */
public final class PhotoFiles {
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "jpg", "image/jpeg", "jpeg", "image/jpeg", "png", "image/png", "webp", "image/webp",
            "gif", "image/gif", "tif", "image/tiff", "tiff", "image/tiff", "heic", "image/heic",
            "heif", "image/heif", "avif", "image/avif");
    private static final Map<String, String> VIDEO_TYPES = Map.of(
            "mp4", "video/mp4", "m4v", "video/x-m4v", "mov", "video/quicktime", "webm", "video/webm", "mkv", "video/x-matroska");

    private PhotoFiles() {
    }

    /** True for a visible file whose extension is a photo or video format we accept. */
    public static boolean isPhoto(String fileName) {
        return !fileName.startsWith(".") && extension(fileName).map(e -> CONTENT_TYPES.containsKey(e) || VIDEO_TYPES.containsKey(e)).orElse(false);
    }

    /** True for a visible file whose extension is a video format we accept. */
    public static boolean isVideo(String fileName) {
        return !fileName.startsWith(".") && extension(fileName).map(VIDEO_TYPES::containsKey).orElse(false);
    }

    /** The content type for the file's extension, {@code application/octet-stream} when unknown. */
    public static String contentType(String fileName) {
        return extension(fileName).map(e -> CONTENT_TYPES.getOrDefault(e, VIDEO_TYPES.get(e))).orElse("application/octet-stream");
    }

    /**
     * Every extension taken, with the content type it is stored with and whether it goes through the
     * video lane: what the browser's upload page checks a file against before sending it (served by
     * the API, so the page never holds a copy of these lists).
     */
    public static java.util.SortedMap<String, Accepted> accepted() {
        java.util.SortedMap<String, Accepted> out = new java.util.TreeMap<>();
        CONTENT_TYPES.forEach((e, type) -> out.put(e, new Accepted(type, false)));
        VIDEO_TYPES.forEach((e, type) -> out.put(e, new Accepted(type, true)));
        return out;
    }

    /** How a file with an accepted extension is stored. */
    public record Accepted(String contentType, boolean video) {
    }

    private static Optional<String> extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot <= 0 ? Optional.empty() : Optional.of(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
