package gallery.core.deploy;

/**
 * The pipeline's queues, each with a dead-letter queue, and where a deployment names them. Videos
 * have a lane of their own: a transcode takes minutes and must not sit in front of photo renders.
 */
public enum Lane {
    INGEST, RENDER, REPROCESS, VIDEO;

    public String url(Deployment d) {
        return switch (this) {
            case INGEST -> d.queues().ingest();
            case RENDER -> d.queues().render();
            case REPROCESS -> d.queues().reprocess();
            case VIDEO -> d.queues().video();
        };
    }

    /** Null when the deployment names no dead-letter queue for the lane. */
    public String deadLetterUrl(Deployment d) {
        return switch (this) {
            case INGEST -> d.queues().ingestDlq();
            case RENDER -> d.queues().renderDlq();
            case REPROCESS -> d.queues().reprocessDlq();
            case VIDEO -> d.queues().videoDlq();
        };
    }
}
