package gallery.core.events;

import gallery.core.PhotoKey;

/**
 * One S3 event notification record, decoded once at the edge. Keys are already URL-decoded.
 * {@code sequencer} orders events for the same key (see {@link Sequencer}).
 */
public sealed interface ObjectEvent {
    String bucket();

    /**
     * An object was written (Put, Post, Copy, CompleteMultipartUpload). {@code principalId} is who signed
     * the request, as the event's {@code userIdentity.principalId} names it ({@code AWS:<IAM user id>} for
     * a member's backup key), null when the event has none (a synthetic one).
     */
    record Created(String bucket, String key, long size, String eTag, String versionId, String sequencer,
                   String principalId) implements ObjectEvent {
        public Created(String bucket, String key, long size, String eTag, String versionId, String sequencer) {
            this(bucket, key, size, eTag, versionId, sequencer, null);
        }
    }

    /** An object was deleted or a delete marker was created. */
    record Removed(String bucket, String key, String versionId, String sequencer) implements ObjectEvent {
    }

    /** S3 sends {@code s3:TestEvent} when a notification configuration is saved; acknowledge and ignore. */
    record Test(String bucket) implements ObjectEvent {
    }

    /** The photo key when the event's key is one this system indexes. */
    default java.util.Optional<PhotoKey> photoKey() {
        String key = switch (this) {
            case Created c -> c.key();
            case Removed r -> r.key();
            case Test t -> null;
        };
        return PhotoKey.isPhotoKey(key) ? java.util.Optional.of(new PhotoKey(key)) : java.util.Optional.empty();
    }
}
