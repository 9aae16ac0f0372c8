package gallery.core;

import java.time.OffsetDateTime;

/**
 * What the index keeps about an original's content. Every field may be null when the file does not
 * say (no EXIF date, no GPS). Width and height are after EXIF rotation, as a viewer shows them.
 * {@code takenAt} carries the camera's UTC offset when the file records one; otherwise the offset is
 * UTC and the local time is the camera clock's.
 */
public record PhotoMetadata(Integer width, Integer height, OffsetDateTime takenAt,
                            String cameraMake, String cameraModel, Double latitude, Double longitude) {
    public static final PhotoMetadata NONE = new PhotoMetadata(null, null, null, null, null, null, null);

    /** This metadata, with {@code fallback}'s where this says nothing. */
    public PhotoMetadata orElse(PhotoMetadata fallback) {
        return new PhotoMetadata(or(width, fallback.width), or(height, fallback.height), or(takenAt, fallback.takenAt),
                or(cameraMake, fallback.cameraMake), or(cameraModel, fallback.cameraModel),
                or(latitude, fallback.latitude), or(longitude, fallback.longitude));
    }

    /** The same, with the pixel size of what was rendered (after rotation, as shown). */
    public PhotoMetadata withSize(Integer width, Integer height) {
        return new PhotoMetadata(width, height, takenAt, cameraMake, cameraModel, latitude, longitude);
    }

    private static <T> T or(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
