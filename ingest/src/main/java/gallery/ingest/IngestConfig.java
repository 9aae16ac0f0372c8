package gallery.ingest;

import gallery.core.config.Env;
import gallery.core.config.GalleryData;
import gallery.core.preset.Preset;
import gallery.core.preset.Presets;
import gallery.imaging.ImagingConfig;
import gallery.imaging.video.VideoLimits;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The ingest function's configuration, read once at start-up.
 *
 * @param originalsBucket events from any other bucket are ignored
 * @param derivedBucket   where renditions of removed photos are deleted from
 * @param photoTable      the photo index table
 * @param renderQueueUrl  the render lane (new uploads)
 * @param preset          the preset new uploads are rendered with
 * @param headerBytes     how much of an original the ranged GET reads (metadata of phone and camera photos fits in 256 KiB)
 * @param imaging         the untrusted-image limits the gate applies
 * @param videoQueueUrl   the video lane
 * @param video           the limits videos are refused by from their header
 */
public record IngestConfig(String originalsBucket, String derivedBucket, String photoTable, String renderQueueUrl,
                           Preset preset, int headerBytes, ImagingConfig imaging, String videoQueueUrl, VideoLimits video) {
    public static final int DEFAULT_HEADER_BYTES = 256 * 1024;
    public static final String PRESET = "PRESET";
    public static final String HEADER_BYTES = "HEADER_BYTES";

    /**
     * The ingest function's environment: where the data is, and the preset new uploads get ({@code null}:
     * the default, or what the caller sets). Add tunables ({@link #HEADER_BYTES}, imaging limits) to the copy.
     */
    public static Map<String, String> environment(String originalsBucket, String derivedBucket, String photoTable,
                                                  String renderQueueUrl, String videoQueueUrl, String preset) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(GalleryData.ORIGINALS_BUCKET, originalsBucket);
        env.put(GalleryData.DERIVED_BUCKET, derivedBucket);
        env.put(GalleryData.PHOTO_TABLE, photoTable);
        env.put(GalleryData.RENDER_QUEUE_URL, renderQueueUrl);
        env.put(GalleryData.VIDEO_QUEUE_URL, videoQueueUrl);
        if (preset != null) env.put(PRESET, preset);
        return env;
    }

    public IngestConfig {
        Objects.requireNonNull(originalsBucket, "originalsBucket");
        Objects.requireNonNull(derivedBucket, "derivedBucket");
        Objects.requireNonNull(photoTable, "photoTable");
        Objects.requireNonNull(renderQueueUrl, "renderQueueUrl");
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(imaging, "imaging");
        Objects.requireNonNull(videoQueueUrl, "videoQueueUrl");
        Objects.requireNonNull(video, "video");
    }

    /** Reads ORIGINALS_BUCKET, DERIVED_BUCKET, PHOTO_TABLE, RENDER_QUEUE_URL, VIDEO_QUEUE_URL, PRESET, HEADER_BYTES, the imaging and video limits. */
    public static IngestConfig fromEnv(Env env) {
        String originals = GalleryData.originalsBucket(env);
        String derived = GalleryData.derivedBucket(env);
        String table = GalleryData.photoTable(env);
        String queue = GalleryData.renderQueueUrl(env);
        String videoQueue = GalleryData.videoQueueUrl(env);
        VideoLimits video = VideoLimits.fromEnv(env);
        String presetName = env.string(PRESET, Presets.DEFAULT.name());
        Preset preset = Presets.byName(presetName).orElse(null);
        if (preset == null) env.problem(PRESET + "=" + presetName + " is not a known preset: " + Presets.expected());
        int headerBytes = env.integer(HEADER_BYTES, DEFAULT_HEADER_BYTES, 4 * 1024, 16 * 1024 * 1024);
        ImagingConfig imaging = ImagingConfig.fromEnv(env); // validates every problem collected above too
        return new IngestConfig(originals, derived, table, queue, preset, headerBytes, imaging, videoQueue, video);
    }
}
