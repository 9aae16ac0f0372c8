package gallery.index;

import gallery.core.PhotoKey;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of an original as ingest saw it: from the S3 event (key, eTag, versionId, sequencer,
 * size) and from the object's header (Last-Modified, metadata), with the preset it will be rendered with.
 */
public record Upload(PhotoKey key, String eTag, String versionId, String sequencer, long bytes,
                     Instant uploadedAt, PhotoMetadata metadata, String presetName, int presetVersion) {
    public Upload {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(eTag, "eTag");
        metadata = metadata == null ? PhotoMetadata.NONE : metadata;
    }
}
