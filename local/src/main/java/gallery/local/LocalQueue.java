package gallery.local;

import gallery.core.deploy.Deployment;

import java.time.Duration;

/**
 * The queues of the system, each with a dead-letter queue. The visibility timeout is how long a
 * received message stays hidden from other pollers: longer than a batch takes, or a slow batch
 * is handed out twice (AWS advises six times the function timeout).
 */
public enum LocalQueue {
    INGEST("ingest", Duration.ofSeconds(60)),
    RENDER("render", Duration.ofMinutes(3)),
    REPROCESS("reprocess", Duration.ofMinutes(3));

    private final String queueName;
    private final Duration visibilityTimeout;

    LocalQueue(String queueName, Duration visibilityTimeout) {
        this.queueName = queueName;
        this.visibilityTimeout = visibilityTimeout;
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
        return switch (this) {
            case INGEST -> d.queues().ingest();
            case RENDER -> d.queues().render();
            case REPROCESS -> d.queues().reprocess();
        };
    }

    public String deadLetterUrl(Deployment d) {
        return switch (this) {
            case INGEST -> d.queues().ingestDlq();
            case RENDER -> d.queues().renderDlq();
            case REPROCESS -> d.queues().reprocessDlq();
        };
    }
}
