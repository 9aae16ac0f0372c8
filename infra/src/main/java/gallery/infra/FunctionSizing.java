package gallery.infra;

import gallery.core.deploy.FunctionMemory;
import gallery.core.deploy.Lane;
import software.amazon.awscdk.Duration;

/**
 * Memory and timeouts of the functions, and the values derived from them (batch sizes and concurrency per lane
 * are {@link Lane#aws()}).
 * Lambda gives CPU in proportion to memory: 1769 MB is one full vCPU
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html).
 */
public final class FunctionSizing {
    /** Lambda's memory per vCPU. */
    public static final int MB_PER_VCPU = FunctionMemory.MB_PER_VCPU;

    /**
     * Both resizers: decoding and resizing is CPU-bound, so one full vCPU; a 24 MP JPEG decoded with
     * shrink-on-load and written at the preset's sizes stays well under 1 GB of pixels. Starting point until
     * the bench module's per-photo figures (GB-seconds per photo) replace it.
     */
    public static final int RESIZER_MEMORY_MB = FunctionMemory.RENDER_MB;
    /** Ingest reads a header and EXIF by ranged GET and writes one row: I/O-bound, half a vCPU is plenty. */
    public static final int INGEST_MEMORY_MB = FunctionMemory.INGEST_MB;
    /** Signer and api: a token check, a DynamoDB query and JSON; SnapStart removes the JVM start-up. */
    public static final int HTTP_MEMORY_MB = FunctionMemory.HTTP_MB;

    /**
     * The video worker: two vCPUs (libx264 and the HEVC decoder use every core they get) and
     * Lambda's longest timeout; {@code MAX_VIDEO_SECONDS} keeps a job well inside it
     * (bench/results/video.md). The original and the copy go to /tmp, sized for the largest original.
     */
    public static final int VIDEO_MEMORY_MB = 2 * MB_PER_VCPU;
    public static final Duration VIDEO_TIMEOUT = Duration.minutes(15);
    public static final int VIDEO_EPHEMERAL_MB = 10_240;
    /** One ffmpeg run's limit, leaving the rest of the 15 minutes to the download, probe, poster and uploads. */
    public static final int FFMPEG_TIMEOUT_SECONDS = 600;

    /** The worker's budget per photo at one vCPU: the largest allowed original (200 MP) at the preset's sizes. */
    public static final Duration RENDER_SECONDS_PER_PHOTO = Duration.seconds(60);
    public static final Duration INGEST_TIMEOUT = Duration.seconds(30);
    /** Behind CloudFront, whose origin read timeout is 30 s by default. */
    public static final Duration HTTP_TIMEOUT = Duration.seconds(10);
    public static final Duration RESIZE_TIMEOUT = Duration.seconds(25);
    /** How long Lambda gathers a batch before invoking (counts towards the visibility timeout). */
    public static final Duration MAX_BATCHING_WINDOW = Duration.seconds(1);

    /**
     * SQS visibility timeout at least six times the function timeout plus the batching window, so a
     * message is not handed out again while a throttled or retried invocation still holds it
     * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html).
     */
    public static final int VISIBILITY_TIMEOUTS = 6;

    /**
     * The on-demand resizer: a viewer's odd sizes arrive a screenful at a time, and CloudFront caches
     * each answer; the cap bounds what a burst of distinct sizes (or someone with a leaked cookie) costs.
     */
    public static final int RESIZER_CONCURRENCY = 10;

    /** Receives before a message goes to its dead-letter queue: enough to ride out throttling. */
    public static final int MAX_RECEIVE_COUNT = 5;

    private FunctionSizing() {
    }

    /** The render workers' timeout: the budget per photo times the photos of a batch ({@link Lane#aws()}). */
    public static Duration renderTimeout() {
        return Duration.seconds(RENDER_SECONDS_PER_PHOTO.toSeconds().longValue() * Lane.RENDER.aws().batchSize());
    }

    public static Duration visibilityTimeout(Duration functionTimeout) {
        return Duration.seconds(VISIBILITY_TIMEOUTS * functionTimeout.toSeconds().longValue() + MAX_BATCHING_WINDOW.toSeconds().longValue());
    }

    /** libvips worker threads: one per vCPU the memory setting buys (Lambda caps at 6). */
    public static int vcpus(int memoryMb) {
        return Math.min(6, Math.max(1, (memoryMb + MB_PER_VCPU - 1) / MB_PER_VCPU));
    }
}
