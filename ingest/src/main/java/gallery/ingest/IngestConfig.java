package gallery.ingest;

import gallery.core.config.Env;
import gallery.core.preset.Preset;
import gallery.core.preset.Presets;
import gallery.imaging.ImagingConfig;
import gallery.imaging.video.VideoLimits;

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
        String originals = env.required("ORIGINALS_BUCKET", "the bucket holding photos/... originals");
        String derived = env.required("DERIVED_BUCKET", "the bucket holding renditions/...");
        String table = env.required("PHOTO_TABLE", "the photo index DynamoDB table name");
        String queue = env.required("RENDER_QUEUE_URL", "the URL of the render SQS queue");
        String videoQueue = env.required("VIDEO_QUEUE_URL", "the URL of the video SQS queue");
        VideoLimits video = VideoLimits.fromEnv(env);
        String presetName = env.string("PRESET", Presets.DEFAULT.name());
        Preset preset = Presets.byName(presetName).orElse(null);
        if (preset == null) env.problem("PRESET=" + presetName + " is not a known preset: expected default or jpeg");
        int headerBytes = env.integer("HEADER_BYTES", DEFAULT_HEADER_BYTES, 4 * 1024, 16 * 1024 * 1024);
        ImagingConfig imaging = ImagingConfig.fromEnv(env); // validates every problem collected above too
        return new IngestConfig(originals, derived, table, queue, preset, headerBytes, imaging, videoQueue, video);
    }
}
