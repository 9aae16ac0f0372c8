package gallery.core.deploy;

/** The pipeline's three queues, each with a dead-letter queue, and where a deployment names them. */
public enum Lane {
    INGEST, RENDER, REPROCESS;

    public String url(Deployment d) {
        return switch (this) {
            case INGEST -> d.queues().ingest();
            case RENDER -> d.queues().render();
            case REPROCESS -> d.queues().reprocess();
        };
    }

    /** Null when the deployment names no dead-letter queue for the lane. */
    public String deadLetterUrl(Deployment d) {
        return switch (this) {
            case INGEST -> d.queues().ingestDlq();
            case RENDER -> d.queues().renderDlq();
            case REPROCESS -> d.queues().reprocessDlq();
        };
    }
}
