package gallery.index;

import gallery.core.PhotoKey;
import gallery.core.PhotoMetadata;
import gallery.core.Rendition;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One original photo as the index knows it, in parts that change together: a field belongs to one
 * part, so adding one touches that part (and its attribute in {@link Items}).
 *
 * @param version   the version of the original this row is about
 * @param state     where it is in the pipeline
 * @param metadata  what the file says (never null; {@link PhotoMetadata#NONE} when nothing)
 * @param rendering what the last render produced (never null; {@link Rendering#NONE} before one)
 * @param video     what is known of a video; null for a photo
 * @param live      a Live Photo's content identifier and partner ({@link LivePhoto}); null for anything else
 * @param uploader  who added it ({@link gallery.core.Uploader}); null when not recorded
 */
public record PhotoRow(PhotoKey key, String album, Version version, State state, PhotoMetadata metadata,
                       Rendering rendering, Video video, LivePhoto live, String uploader) {
    /**
     * The stored version of the original.
     *
     * @param sequencer  the S3 event sequencer of the last event applied, normalized (see {@code Sequencer.normalize})
     * @param bytes      size of the original
     * @param uploadedAt when S3 stored this version (Last-Modified); the last guess of a date (see {@link PhotoDate})
     */
    public record Version(String eTag, String versionId, String sequencer, long bytes, Instant uploadedAt) {
        public Version withSequencer(String sequencer, String versionId) {
            return new Version(eTag, versionId, sequencer, bytes, uploadedAt);
        }
    }

    /** @param failureReason why the photo is {@link PhotoStatus#FAILED}; null otherwise */
    public record State(PhotoStatus status, String failureReason, Instant updatedAt) {
        public State {
            Objects.requireNonNull(status, "status");
        }

        public static State pending(Instant at) {
            return new State(PhotoStatus.PENDING, null, at);
        }

        public static State ready(Instant at) {
            return new State(PhotoStatus.READY, null, at);
        }

        public static State failed(String reason, Instant at) {
            return new State(PhotoStatus.FAILED, Objects.requireNonNull(reason, "reason"), at);
        }
    }

    /** @param renditions the renditions present in the derived bucket, by ascending size (of a video: its poster frame) */
    public record Rendering(String placeholder, String presetName, Integer presetVersion, List<Rendition> renditions) {
        public static final Rendering NONE = new Rendering(null, null, null, List.of());

        public Rendering {
            renditions = renditions == null ? List.of() : List.copyOf(renditions);
        }

        /** Nothing rendered (yet), for this preset. */
        public static Rendering pending(String presetName, Integer presetVersion) {
            return new Rendering(null, presetName, presetVersion, List.of());
        }

        /** The preset kept, the pictures dropped (a failed render lists none). */
        public Rendering cleared() {
            return pending(presetName, presetVersion);
        }
    }

    public PhotoRow {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(state, "state");
        metadata = metadata == null ? PhotoMetadata.NONE : metadata;
        rendering = rendering == null ? Rendering.NONE : rendering;
    }

    public PhotoRow withState(State state) {
        return new PhotoRow(key, album, version, state, metadata, rendering, video, live, uploader);
    }

    public PhotoRow withVersion(Version version) {
        return new PhotoRow(key, album, version, state, metadata, rendering, video, live, uploader);
    }

    public PhotoRow withMetadata(PhotoMetadata metadata) {
        return new PhotoRow(key, album, version, state, metadata, rendering, video, live, uploader);
    }

    public PhotoRow withRendering(Rendering rendering) {
        return new PhotoRow(key, album, version, state, metadata, rendering, video, live, uploader);
    }

    public PhotoRow withVideo(Video video) {
        return new PhotoRow(key, album, version, state, metadata, rendering, video, live, uploader);
    }

    public PhotoRow withLive(LivePhoto live) {
        return new PhotoRow(key, album, version, state, metadata, rendering, video, live, uploader);
    }

    public PhotoRow withUploader(String uploader) {
        return new PhotoRow(key, album, version, state, metadata, rendering, video, live, uploader);
    }

    public PhotoStatus status() {
        return state.status();
    }

    public boolean isVideo() {
        return video != null;
    }

    /** The motion of a Live Photo: a MOV paired with its still, shown through the still, never as an item of its own. */
    public boolean isLiveMotion() {
        return video != null && live != null && live.pair() != null;
    }

    /** The key of a still's Live Photo motion, when one was paired with it. */
    public Optional<PhotoKey> liveMotion() {
        return video == null && live != null && live.pair() != null ? Optional.of(new PhotoKey(live.pair())) : Optional.empty();
    }

    /** The date this photo is shown, sorted and grouped by (the camera's, else a guess): {@link PhotoDate}. */
    public PhotoDate date() {
        return PhotoDate.of(metadata.takenAt(), key.fileName(), version.uploadedAt());
    }
}
