package gallery.index;

import gallery.core.PhotoMetadata;
import gallery.core.PhotoKey;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of an original as ingest saw it: from the S3 event (key, eTag, versionId, sequencer,
 * size) and from the object's header (Last-Modified, metadata), with the preset it will be rendered with
 * (a video's poster frame is), and for a video what its header says ({@code video} is null for a photo);
 * {@code contentId} is Apple's Live Photo content identifier when the file carries one;
 * {@code uploader} is who added it ({@link gallery.core.Uploader}), null when not known.
 */
public record Upload(PhotoKey key, String eTag, String versionId, String sequencer, long bytes,
                     Instant uploadedAt, PhotoMetadata metadata, String presetName, int presetVersion, Video video,
                     String contentId, String uploader) {
    public Upload(PhotoKey key, String eTag, String versionId, String sequencer, long bytes,
                  Instant uploadedAt, PhotoMetadata metadata, String presetName, int presetVersion) {
        this(key, eTag, versionId, sequencer, bytes, uploadedAt, metadata, presetName, presetVersion, null, null, null);
    }

    public Upload(PhotoKey key, String eTag, String versionId, String sequencer, long bytes,
                  Instant uploadedAt, PhotoMetadata metadata, String presetName, int presetVersion, Video video) {
        this(key, eTag, versionId, sequencer, bytes, uploadedAt, metadata, presetName, presetVersion, video, null, null);
    }

    public Upload(PhotoKey key, String eTag, String versionId, String sequencer, long bytes,
                  Instant uploadedAt, PhotoMetadata metadata, String presetName, int presetVersion, Video video,
                  String contentId) {
        this(key, eTag, versionId, sequencer, bytes, uploadedAt, metadata, presetName, presetVersion, video, contentId, null);
    }

    public Upload withUploader(String uploader) {
        return new Upload(key, eTag, versionId, sequencer, bytes, uploadedAt, metadata, presetName, presetVersion, video, contentId, uploader);
    }

    public Upload {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(eTag, "eTag");
        metadata = metadata == null ? PhotoMetadata.NONE : metadata;
    }
}
