package gallery.imaging;

import gallery.core.PhotoMetadata;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

/**
 * What an original's metadata says, as imaging reads it (with the orientation rendering needs).
 * Fields are null when the file does not say (JSON leaves them out). GPS is kept for the index only:
 * renditions never carry it. {@link #stored()} is what the index keeps of it.
 *
 * @param width       pixel width as displayed, i.e. after the EXIF orientation is applied
 * @param height      pixel height as displayed
 * @param orientation EXIF orientation 1..8 (1 when absent)
 * @param takenAt     when the photo was taken, in the camera's local clock (DateTimeOriginal)
 * @param takenOffset the camera's UTC offset at that time (OffsetTimeOriginal), when recorded
 * @param cameraMake  e.g. {@code SONY}
 * @param cameraModel e.g. {@code DSC-RX100M4}
 * @param latitude    decimal degrees, north positive
 * @param longitude   decimal degrees, east positive
 */
public record FileMetadata(Integer width, Integer height, int orientation, LocalDateTime takenAt,
                            ZoneOffset takenOffset, String cameraMake, String cameraModel,
                            Double latitude, Double longitude) {
    public static final FileMetadata EMPTY = new FileMetadata(null, null, 1, null, null, null, null, null, null);

    /**
     * What the index stores ({@link PhotoMetadata}): the one mapping from what imaging reads. The date
     * carries the camera's offset when recorded, else UTC (the local time then is the camera clock's).
     */
    public PhotoMetadata stored() {
        return new PhotoMetadata(width, height, takenAt == null ? null : takenAt.atOffset(takenOffset != null ? takenOffset : ZoneOffset.UTC),
                cameraMake, cameraModel, latitude, longitude);
    }

    /** The moment taken, when both the local time and its offset are known. */
    public Optional<OffsetDateTime> takenInstant() {
        return takenAt == null || takenOffset == null ? Optional.empty() : Optional.of(takenAt.atOffset(takenOffset));
    }

    /** Make and model for display, without repeating the make ("Canon Canon EOS R6" → "Canon EOS R6"). */
    public Optional<String> camera() {
        if (cameraModel == null) return Optional.ofNullable(cameraMake);
        if (cameraMake == null || cameraModel.toLowerCase(Locale.ROOT).startsWith(cameraMake.toLowerCase(Locale.ROOT))) {
            return Optional.of(cameraModel);
        }
        return Optional.of(cameraMake + " " + cameraModel);
    }

    /** Whether the pixels must be rotated by 90° or 270° to display (width and height swap). */
    public static boolean swapsAxes(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }
}
