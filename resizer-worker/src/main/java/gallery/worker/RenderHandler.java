package gallery.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import gallery.core.RenderJob;
import gallery.core.RenditionKey;
import gallery.lambda.SqsBatch;
import gallery.core.config.Env;
import gallery.core.preset.Presets;
import gallery.lambda.Priming;
import gallery.imaging.RenderResult;
import gallery.imaging.Renderer;
import gallery.core.edge.EdgeInvalidation;
import gallery.index.CloudFrontInvalidation;
import gallery.index.PhotoIndex;
import gallery.index.Rendered;
import gallery.core.Rendition;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.util.List;

/**
 * Lambda entry point for render jobs from the render and reprocess queues. libvips is loaded and
 * the clients are built once, here, so warm invocations (and SnapStart) reuse them.
 */
public final class RenderHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final SqsBatch<JobDelivery> batch;
    private final Renderer renderer;
    private final Priming priming;

    /** For Lambda: configuration from the environment, default SDK clients. */
    public RenderHandler() {
        this(WorkerConfig.fromEnv(Env.system()));
    }

    private RenderHandler(WorkerConfig config) {
        this(config, S3Client.create(), DynamoDbClient.create(), new Renderer(config.imaging()),
                CloudFrontInvalidation.fromEnv(Env.system()));
    }

    /** For the local stack and tests: ready clients pointed wherever they need. */
    public RenderHandler(WorkerConfig config, S3Client s3, DynamoDbClient dynamo) {
        this(config, s3, dynamo, new Renderer(config.imaging()));
    }

    /** Shares one already-loaded renderer (the local stack runs several handlers in one process). */
    public RenderHandler(WorkerConfig config, S3Client s3, DynamoDbClient dynamo, Renderer renderer) {
        this(config, s3, dynamo, renderer, EdgeInvalidation.NONE);
    }

    /** @param edge told which cached copies to drop when superseded renditions are deleted */
    public RenderHandler(WorkerConfig config, S3Client s3, DynamoDbClient dynamo, Renderer renderer, EdgeInvalidation edge) {
        RenditionService service = new RenditionService(config, s3, new PhotoIndex(dynamo, config.photoTable()), renderer,
                RenditionService.Stages.NONE, edge);
        this.renderer = renderer;
        this.batch = SqsBatch.ofMessages(JobDelivery::of, d -> service.render(d.job(), d.redelivered()))
                .in(config.lane(), d -> d.job().key());
        this.priming = Priming.register("render worker", this::prime);
    }


    /** The SnapStart hook registered for this handler. */
    Priming priming() {
        return priming;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return batch.process(event, context);
    }

    /**
     * What a job does, short of S3 and DynamoDB: read a job, render a small generated photo with
     * libvips (its first decode and encode set up codecs and thread pools), build the index update
     * and the put requests. Returns the render, for tests.
     */
    RenderResult prime() {
        RenderJob job = RenderJob.fromJson(new RenderJob("priming", "photos/priming/sample.jpg", null, "0", Presets.DEFAULT.name()).toJson());
        RenderResult result = renderer.render(job.key(), Priming.sampleJpeg(320, 240), Presets.byName(job.preset()).orElseThrow());
        new Rendered(result.stored(), result.placeholder(), job.preset(), Presets.DEFAULT.version(), result.described());
        for (gallery.imaging.Encoded r : result.renditions()) {
            PutObjectRequest.builder().bucket(job.bucket()).key(new RenditionKey(r.size(), job.photoKey(), r.format()).value())
                    .contentType(r.format().contentType()).cacheControl(RenditionService.CACHE_CONTROL).build();
            RequestBody.fromBytes(r.data());
        }
        new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure("priming")));
        return result;
    }
}
