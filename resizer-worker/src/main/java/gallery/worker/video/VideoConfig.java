package gallery.worker.video;

import gallery.core.config.Env;
import gallery.imaging.ImagingConfig;
import gallery.imaging.video.VideoLimits;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The video worker's configuration, read once at start-up.
 *
 * @param derivedBucket  where the poster renditions and the web-playable copy are written
 * @param photoTable     the photo index table
 * @param imaging        libvips and the image limits, for the poster frame
 * @param limits         the longest and largest video taken (shared with ingest)
 * @param ffmpeg         the ffmpeg binary ({@code FFMPEG_PATH}; in Lambda the layer's {@code /opt/bin/ffmpeg})
 * @param ffprobe        the ffprobe binary beside it ({@code FFPROBE_PATH})
 * @param workDir        where the original and the outputs are written (Lambda: {@code /tmp}, its ephemeral storage)
 * @param maxEdge        the copy's longest edge ({@code VIDEO_MAX_EDGE}, default 1080)
 * @param videoBitrateKbps the copy's peak video bitrate ({@code VIDEO_MAX_KBPS}): 4000 kbit/s is ~30 MB a minute, fit for mobile data
 * @param timeout        the most one ffmpeg run may take ({@code FFMPEG_TIMEOUT_SECONDS})
 * @param memoryMb       the address space one ffmpeg run may use ({@code FFMPEG_MEMORY_MB})
 * @param threads        ffmpeg's threads ({@code FFMPEG_THREADS}, default one per processor)
 */
public record VideoConfig(String derivedBucket, String photoTable, ImagingConfig imaging, VideoLimits limits,
                          Path ffmpeg, Path ffprobe, Path workDir, int maxEdge, int videoBitrateKbps,
                          Duration timeout, int memoryMb, int threads) {
    public VideoConfig {
        Objects.requireNonNull(derivedBucket, "derivedBucket");
        Objects.requireNonNull(photoTable, "photoTable");
        Objects.requireNonNull(imaging, "imaging");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(ffmpeg, "ffmpeg");
        Objects.requireNonNull(ffprobe, "ffprobe");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** The defaults for this machine's ffmpeg (on the PATH) and temporary folder, with the given tables and buckets. */
    public static VideoConfig defaults(String derivedBucket, String photoTable, ImagingConfig imaging) {
        return new VideoConfig(derivedBucket, photoTable, imaging, VideoLimits.DEFAULTS, Path.of("ffmpeg"), Path.of("ffprobe"),
                Path.of(System.getProperty("java.io.tmpdir")), 1080, 4000, Duration.ofMinutes(12), 3072,
                Runtime.getRuntime().availableProcessors());
    }

    /** Reads DERIVED_BUCKET, PHOTO_TABLE, the imaging variables, MAX_VIDEO_*, FFMPEG_*, FFPROBE_PATH and VIDEO_*. */
    public static VideoConfig fromEnv(Env env) {
        String derived = env.required("DERIVED_BUCKET", "the bucket holding renditions/...");
        String table = env.required("PHOTO_TABLE", "the photo index DynamoDB table name");
        VideoLimits limits = VideoLimits.fromEnv(env);
        Path ffmpeg = Path.of(env.string("FFMPEG_PATH", "ffmpeg"));
        Path ffprobe = Path.of(env.string("FFPROBE_PATH", ffmpeg.getParent() == null ? "ffprobe" : ffmpeg.resolveSibling("ffprobe").toString()));
        Path work = Path.of(env.string("VIDEO_WORK_DIR", System.getProperty("java.io.tmpdir")));
        int maxEdge = env.integer("VIDEO_MAX_EDGE", 1080, 144, 4096);
        int kbps = env.integer("VIDEO_MAX_KBPS", 4000, 200, 50_000);
        // Lambda stops a function at 15 minutes; one run must leave time for the download and uploads.
        int timeout = env.integer("FFMPEG_TIMEOUT_SECONDS", 720, 10, 3600);
        int memory = env.integer("FFMPEG_MEMORY_MB", 3072, 256, 65_536);
        int threads = env.integer("FFMPEG_THREADS", Runtime.getRuntime().availableProcessors(), 1, 64);
        ImagingConfig imaging = ImagingConfig.fromEnv(env); // validates every problem collected above too
        return new VideoConfig(derived, table, imaging, limits, ffmpeg, ffprobe, work, maxEdge, kbps, Duration.ofSeconds(timeout), memory, threads);
    }
}
