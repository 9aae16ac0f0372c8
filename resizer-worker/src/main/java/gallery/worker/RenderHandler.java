package gallery.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import gallery.core.RenderJob;
import gallery.core.batch.SqsBatch;
import gallery.core.config.Env;
import gallery.imaging.Renderer;
import gallery.index.PhotoIndex;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Lambda entry point for render jobs from the render and reprocess queues. libvips is loaded and
 * the clients are built once, here, so warm invocations (and SnapStart) reuse them.
 */
public final class RenderHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final SqsBatch<RenderJob> batch;

    /** For Lambda: configuration from the environment, default SDK clients. */
    public RenderHandler() {
        this(WorkerConfig.fromEnv(Env.system()), S3Client.create(), DynamoDbClient.create());
    }

    /** For the local stack and tests: ready clients pointed wherever they need. */
    public RenderHandler(WorkerConfig config, S3Client s3, DynamoDbClient dynamo) {
        this(config, s3, dynamo, new Renderer(config.imaging()));
    }

    /** Shares one already-loaded renderer (the local stack runs several handlers in one process). */
    public RenderHandler(WorkerConfig config, S3Client s3, DynamoDbClient dynamo, Renderer renderer) {
        RenditionService service = new RenditionService(config, s3, new PhotoIndex(dynamo, config.photoTable()), renderer);
        this.batch = SqsBatch.of(RenderJob::fromJson, service::render);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return batch.process(event);
    }
}
