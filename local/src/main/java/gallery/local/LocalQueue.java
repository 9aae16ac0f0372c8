package gallery.local;

import gallery.core.deploy.Deployment;

import java.time.Duration;

/**
 * The queues of the system, each with a dead-letter queue. The visibility timeout is how long a
 * received message stays hidden from other pollers: longer than a batch takes, or a slow batch
 * is handed out twice (AWS advises six times the function timeout).
 */
public enum LocalQueue {
    /** Small, fast messages: whole batches, a couple at a time. */
    INGEST("ingest", Duration.ofSeconds(60), new LambdaPoller.Settings(10, 2, Duration.ofSeconds(2), Duration.ofSeconds(60))),
    /** New uploads: one photo per invocation and one invocation per core, so rendering fills the CPU. */
    RENDER("render", Duration.ofMinutes(3), new LambdaPoller.Settings(1, Math.max(1, Runtime.getRuntime().availableProcessors()),
            Duration.ofSeconds(2), Duration.ofMinutes(3))),
    /** Admin rebuilds: the low-priority lane, one at a time, so new uploads never wait behind it. */
    REPROCESS("reprocess", Duration.ofMinutes(3), new LambdaPoller.Settings(1, 1, Duration.ofSeconds(2), Duration.ofMinutes(3))),
    /**
     * Videos: one at a time, as a transcode uses every core by itself; its own lane so a long video
     * never holds photo renders back. The timeout covers the longest video the lane accepts
     * ({@code MAX_VIDEO_SECONDS}) at the transcode speed measured here, with margin.
     */
    VIDEO("video", Duration.ofMinutes(15), new LambdaPoller.Settings(1, 1, Duration.ofSeconds(2), Duration.ofMinutes(15)));

    private final String queueName;
    private final Duration visibilityTimeout;
    private final LambdaPoller.Settings settings;

    LocalQueue(String queueName, Duration visibilityTimeout, LambdaPoller.Settings settings) {
        this.queueName = queueName;
        this.visibilityTimeout = visibilityTimeout;
        this.settings = settings;
    }

    /** Batch size, concurrency and timeout of the handler on this queue unless a registration says otherwise. */
    public LambdaPoller.Settings defaultSettings() {
        return settings;
    }

    public String queueName() {
        return queueName;
    }

    public String deadLetterQueueName() {
        return queueName + "-dlq";
    }

    public Duration defaultVisibilityTimeout() {
        return visibilityTimeout;
    }

    public String url(Deployment d) {
        return gallery.core.deploy.Lane.valueOf(name()).url(d);
    }

    public String deadLetterUrl(Deployment d) {
        return gallery.core.deploy.Lane.valueOf(name()).deadLetterUrl(d);
    }
}
