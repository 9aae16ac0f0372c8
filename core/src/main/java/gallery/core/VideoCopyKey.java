package gallery.core;

/**
 * Where the browser-playable copy of a video lives in the derived bucket:
 * {@code renditions/video/<original key>.mp4} (H.264/AAC, faststart, metadata stripped). Under
 * {@code renditions/} like every derived object, so the edge serves it through the renditions
 * behaviour (signed cookie, {@code ?v=} in the cache key) and removing the original removes it.
 * The video's poster frames are ordinary {@link RenditionKey}s of the video's own key.
 */
public record VideoCopyKey(PhotoKey original) {
    public static final String PREFIX = RenditionKey.PREFIX + "video/";
    public static final String CONTENT_TYPE = "video/mp4";

    public VideoCopyKey {
        java.util.Objects.requireNonNull(original, "original");
    }

    public String value() {
        return PREFIX + original.value() + ".mp4";
    }

    @Override
    public String toString() {
        return value();
    }
}
