package gallery.api;

import gallery.core.config.Env;
import gallery.core.config.GalleryData;
import gallery.imaging.ImagingConfig;
import gallery.imaging.video.VideoLimits;

import java.time.Duration;
import java.util.Objects;

/**
 * What the browser upload needs, read once at start-up beside {@link ApiConfig}.
 *
 * @param originalsBucket where uploads go ({@code ORIGINALS_BUCKET})
 * @param maxImageBytes   largest photo taken: the pipeline's own limit ({@code MAX_BYTES}, read by
 *                        {@link ImagingConfig}), so the page never sends what ingest would refuse
 * @param maxVideoBytes   largest video taken ({@code MAX_VIDEO_MIB}, read by {@link VideoLimits})
 * @param partSize        bytes per multipart part (the last is shorter); S3's minimum is 5 MiB
 * @param urlLifetime     how long a presigned part URL works
 */
public record UploadConfig(String originalsBucket, long maxImageBytes, long maxVideoBytes, long partSize, Duration urlLifetime) {
    /**
     * 8 MiB: a phone photo is one part; a part lost to a dropped connection costs at most this much again,
     * and the 10,000-part limit allows 78 GiB, far above the largest video taken.
     */
    public static final long PART_SIZE = 8L * 1024 * 1024;
    /** Long enough for a part on a slow phone connection (8 MiB at 1 Mbit/s is about 70 s), short for a leaked URL. */
    public static final Duration URL_LIFETIME = Duration.ofMinutes(15);

    public UploadConfig {
        Objects.requireNonNull(originalsBucket, "originalsBucket");
        if (partSize < 5L * 1024 * 1024) throw new IllegalArgumentException("partSize " + partSize + " is below S3's 5 MiB minimum");
    }

    public static UploadConfig fromEnv(Env env) {
        String bucket = GalleryData.originalsBucket(env);
        long videos = VideoLimits.fromEnv(env).maxBytes();
        long images = ImagingConfig.fromEnv(env).maxBytes(); // validates every problem collected above too
        return new UploadConfig(bucket, images, videos, PART_SIZE, URL_LIFETIME);
    }

    /** The api's part of a function environment: where uploads go (the limits keep the pipeline's defaults unless set). */
    public static java.util.Map<String, String> environment(String originalsBucket) {
        return java.util.Map.of(GalleryData.ORIGINALS_BUCKET, originalsBucket);
    }
}
