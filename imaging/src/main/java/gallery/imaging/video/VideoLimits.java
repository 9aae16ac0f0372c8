package gallery.imaging.video;

import gallery.core.config.Env;

/**
 * How much video the pipeline takes, read once at start-up by ingest (which refuses early, from
 * the header) and by the video worker (which checks again with ffprobe).
 *
 * @param maxSeconds    longest video transcoded; longer ones are FAILED with a reason naming this
 *                      limit. The default comes from the transcode speed measured on this machine
 *                      (bench/results/video.md) with a margin for a Lambda's 15 minutes
 * @param maxBytes      largest original downloaded to the worker's disk
 * @param maxIndexBytes largest {@code moov} box read by ingest (a phone's is a few hundred KiB per minute)
 * @param maxLongEdge   largest picture accepted, in pixels (8K is 7680)
 */
public record VideoLimits(int maxSeconds, long maxBytes, int maxIndexBytes, int maxLongEdge) {
    /** 2 minutes: 710 s of lane time at the speed measured here (bench/results/video.md), inside Lambda's 900 s. */
    public static final int DEFAULT_MAX_SECONDS = 120;
    public static final long DEFAULT_MAX_BYTES = 4L * 1024 * 1024 * 1024;
    public static final int DEFAULT_MAX_INDEX_BYTES = 32 * 1024 * 1024;
    public static final int DEFAULT_MAX_LONG_EDGE = 8192;
    public static final VideoLimits DEFAULTS = new VideoLimits(DEFAULT_MAX_SECONDS, DEFAULT_MAX_BYTES, DEFAULT_MAX_INDEX_BYTES, DEFAULT_MAX_LONG_EDGE);

    /** Reads MAX_VIDEO_SECONDS and MAX_VIDEO_BYTES; problems are collected by {@code env}. */
    public static VideoLimits fromEnv(Env env) {
        int seconds = env.integer("MAX_VIDEO_SECONDS", DEFAULT_MAX_SECONDS, 1, 24 * 3600);
        long bytes = env.integer("MAX_VIDEO_MIB", (int) (DEFAULT_MAX_BYTES >> 20), 1, 10 * 1024) * 1024L * 1024L;
        return new VideoLimits(seconds, bytes, DEFAULT_MAX_INDEX_BYTES, DEFAULT_MAX_LONG_EDGE);
    }
}
