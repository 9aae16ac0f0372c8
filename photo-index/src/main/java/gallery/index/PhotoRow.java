package gallery.index;

import gallery.core.PhotoKey;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

/**
 * One original photo as the index knows it.
 *
 * @param failureReason why the photo is {@link PhotoStatus#FAILED}; null otherwise
 * @param sequencer     the S3 event sequencer of the last event applied, normalized (see {@code Sequencer.normalize})
 * @param bytes         size of the original
 * @param uploadedAt    when S3 stored this version (Last-Modified); the last guess of a date (see {@link PhotoDate})
 * @param renditions    the renditions present in the derived bucket, by ascending size (of a video: its poster frame)
 * @param video         what is known of a video; null for a photo
 * @param live          a Live Photo's content identifier and partner ({@link LivePhoto}); null for anything else
 * @param uploader      who added it ({@link gallery.core.Uploader}); null when not recorded
 */
public record PhotoRow(PhotoKey key, String album, PhotoStatus status, String failureReason,
                       String eTag, String versionId, String sequencer, long bytes,
                       Integer width, Integer height, OffsetDateTime takenAt,
                       String cameraMake, String cameraModel, Double latitude, Double longitude,
                       String placeholder, String presetName, Integer presetVersion,
                       List<Rendition> renditions, Instant uploadedAt, Instant updatedAt, Video video, LivePhoto live,
                       String uploader) {
    /** A row that is no Live Photo, with a recorded uploader or none (rows written before uploaders were recorded). */
    public PhotoRow(PhotoKey key, String album, PhotoStatus status, String failureReason,
                    String eTag, String versionId, String sequencer, long bytes,
                    Integer width, Integer height, OffsetDateTime takenAt,
                    String cameraMake, String cameraModel, Double latitude, Double longitude,
                    String placeholder, String presetName, Integer presetVersion,
                    List<Rendition> renditions, Instant uploadedAt, Instant updatedAt, Video video, String uploader) {
        this(key, album, status, failureReason, eTag, versionId, sequencer, bytes, width, height, takenAt, cameraMake,
                cameraModel, latitude, longitude, placeholder, presetName, presetVersion, renditions, uploadedAt, updatedAt,
                video, null, uploader);
    }

    /** A Live Photo half (or any row) without a recorded uploader. */
    public PhotoRow(PhotoKey key, String album, PhotoStatus status, String failureReason,
                    String eTag, String versionId, String sequencer, long bytes,
                    Integer width, Integer height, OffsetDateTime takenAt,
                    String cameraMake, String cameraModel, Double latitude, Double longitude,
                    String placeholder, String presetName, Integer presetVersion,
                    List<Rendition> renditions, Instant uploadedAt, Instant updatedAt, Video video, LivePhoto live) {
        this(key, album, status, failureReason, eTag, versionId, sequencer, bytes, width, height, takenAt, cameraMake,
                cameraModel, latitude, longitude, placeholder, presetName, presetVersion, renditions, uploadedAt, updatedAt,
                video, live, null);
    }

    /** A row that is no Live Photo and has no recorded uploader. */
    public PhotoRow(PhotoKey key, String album, PhotoStatus status, String failureReason,
                    String eTag, String versionId, String sequencer, long bytes,
                    Integer width, Integer height, OffsetDateTime takenAt,
                    String cameraMake, String cameraModel, Double latitude, Double longitude,
                    String placeholder, String presetName, Integer presetVersion,
                    List<Rendition> renditions, Instant uploadedAt, Instant updatedAt, Video video) {
        this(key, album, status, failureReason, eTag, versionId, sequencer, bytes, width, height, takenAt, cameraMake,
                cameraModel, latitude, longitude, placeholder, presetName, presetVersion, renditions, uploadedAt, updatedAt,
                video, null, null);
    }

    /** A photo's row (no video). */
    public PhotoRow(PhotoKey key, String album, PhotoStatus status, String failureReason,
                    String eTag, String versionId, String sequencer, long bytes,
                    Integer width, Integer height, OffsetDateTime takenAt,
                    String cameraMake, String cameraModel, Double latitude, Double longitude,
                    String placeholder, String presetName, Integer presetVersion,
                    List<Rendition> renditions, Instant uploadedAt, Instant updatedAt) {
        this(key, album, status, failureReason, eTag, versionId, sequencer, bytes, width, height, takenAt, cameraMake,
                cameraModel, latitude, longitude, placeholder, presetName, presetVersion, renditions, uploadedAt, updatedAt,
                (Video) null);
    }

    public PhotoRow {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(status, "status");
        renditions = renditions == null ? List.of() : List.copyOf(renditions);
    }

    public boolean isVideo() {
        return video != null;
    }

    /** The motion of a Live Photo: a MOV paired with its still, shown through the still, never as an item of its own. */
    public boolean isLiveMotion() {
        return video != null && live != null && live.pair() != null;
    }

    /** The key of a still's Live Photo motion, when one was paired with it. */
    public java.util.Optional<PhotoKey> liveMotion() {
        return video == null && live != null && live.pair() != null ? java.util.Optional.of(new PhotoKey(live.pair())) : java.util.Optional.empty();
    }

    public PhotoMetadata metadata() {
        return new PhotoMetadata(width, height, takenAt, cameraMake, cameraModel, latitude, longitude);
    }

    /** The date this photo is shown, sorted and grouped by (the camera's, else a guess): {@link PhotoDate}. */
    public PhotoDate date() {
        return PhotoDate.of(takenAt, key.fileName(), uploadedAt);
    }
}
