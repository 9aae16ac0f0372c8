package gallery.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import gallery.core.RenderJob;
import gallery.lambda.SqsBatch;
import gallery.core.config.Env;
import gallery.core.preset.Presets;
import gallery.lambda.Priming;
import gallery.imaging.RenderResult;
import gallery.imaging.Renderer;
import gallery.index.PhotoIndex;
import gallery.worker.video.VideoConfig;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.List;

/**
 * Lambda entry point for the video lane: jobs ({@link RenderJob}, the same shape as a photo's) that
 * ingest queued for videos. Same jar as {@link RenderHandler}, its own function, queue and
 * dead-letter queue, so a long transcode never holds photo renders back.
 */
public final class VideoHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final SqsBatch<JobDelivery> batch;
    private final Renderer renderer;
    private final Priming priming;

    /** For Lambda: configuration from the environment, default SDK clients. */
    public VideoHandler() {
        this(VideoConfig.fromEnv(Env.system()), S3Client.create(), DynamoDbClient.create());
    }

    public VideoHandler(VideoConfig config, S3Client s3, DynamoDbClient dynamo) {
        this(config, s3, dynamo, new Renderer(config.imaging()));
    }

    /** Shares one already-loaded renderer (the local stack runs several handlers in one process). */
    public VideoHandler(VideoConfig config, S3Client s3, DynamoDbClient dynamo, Renderer renderer) {
        VideoService service = new VideoService(config, s3, new PhotoIndex(dynamo, config.photoTable()), renderer);
        this.renderer = renderer;
        this.batch = SqsBatch.ofMessages(JobDelivery::of, d -> service.process(d.job(), d.redelivered()));
        this.priming = Priming.register("video worker", this::prime);
    }


    Priming priming() {
        return priming;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return batch.process(event);
    }

    /**
     * What a job does short of S3, DynamoDB and ffmpeg (a child process is not in a snapshot): read a
     * job, render a generated frame into the poster sizes with libvips. Returns the render, for tests.
     */
    RenderResult prime() {
        RenderJob job = RenderJob.fromJson(new RenderJob("priming", "photos/priming/clip.mov", null, "0", Presets.DEFAULT.name()).toJson());
        RenderResult result = renderer.render(job.key(), Priming.sampleJpeg(320, 240), Presets.byName(job.preset()).orElseThrow());
        new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure("priming")));
        return result;
    }
}
