package gallery.index;

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
}
