package gallery.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import gallery.core.RenderJob;
import gallery.lambda.SqsBatch;
import gallery.core.config.Env;
import gallery.core.deploy.Lane;
import gallery.core.events.ObjectEvent;
import gallery.core.events.S3EventDecoder;
import gallery.lambda.Priming;
import gallery.imaging.ImageGate;
import gallery.imaging.ImageHeader;
import gallery.core.edge.EdgeInvalidation;
import gallery.index.CloudFrontInvalidation;
import gallery.index.PhotoIndex;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.List;

/**
 * Lambda entry point for S3 event notifications delivered through the ingest queue. Each SQS
 * message carries one S3 notification; a failed message is reported in batchItemFailures so SQS
 * redelivers only that one.
 */
public final class IngestHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    /** An S3 notification as S3 sends it (form-encoded key), for priming. */
    private static final String SAMPLE_NOTIFICATION = """
            {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
            "eventTime":"2024-07-14T09:21:07.512Z","eventName":"ObjectCreated:Put",
            "s3":{"s3SchemaVersion":"1.0","bucket":{"name":"priming","arn":"arn:aws:s3:::priming"},
            "object":{"key":"photos/Summer+2024/Beach+%2B+Sun.jpg","size":4718592,
            "eTag":"d41d8cd98f00b204e9800998ecf8427e","sequencer":"0055AED6DCD90281E5"}}}]}""";

    private final SqsBatch<List<ObjectEvent>> batch;
    private final IngestConfig config;
    private final Priming priming;

    /** For Lambda: configuration from the environment, default SDK clients. */
    public IngestHandler() {
        this(IngestConfig.fromEnv(Env.system()), S3Client.create(), SqsClient.create(), DynamoDbClient.create(),
                CloudFrontInvalidation.fromEnv(Env.system()));
    }

    /** For tests: ready clients pointed wherever they need, no edge. */
    public IngestHandler(IngestConfig config, S3Client s3, SqsClient sqs, DynamoDbClient dynamo) {
        this(config, s3, sqs, dynamo, EdgeInvalidation.NONE);
    }

    /** For the local stack: its edge is told which cached copies to drop when derived objects are deleted. */
    public IngestHandler(IngestConfig config, S3Client s3, SqsClient sqs, DynamoDbClient dynamo, EdgeInvalidation edge) {
        Ingest ingest = new Ingest(config, s3, sqs, new PhotoIndex(dynamo, config.photoTable()), edge);
        this.batch = SqsBatch.of(S3EventDecoder::decode, events -> events.forEach(ingest::handle))
                // S3 puts one record in each notification
                .in(Lane.INGEST, events -> events.size() == 1 ? events.getFirst().photoKey().map(k -> k.value()).orElse(null) : null);
        this.config = config;
        this.priming = Priming.register("ingest", this::prime);
    }

    /**
     * What an upload event does, short of S3, DynamoDB and SQS: decode a notification, check a small
     * generated photo's header with the image gate (type sniffing, EXIF reading), write the render job.
     * Returns the gate's verdict, for tests.
     */
    ImageHeader prime() {
        ObjectEvent.Created created = (ObjectEvent.Created) S3EventDecoder.decode(SAMPLE_NOTIFICATION).getFirst();
        byte[] sample = Priming.sampleJpeg(320, 240);
        ImageHeader header = new ImageGate(config.imaging()).inspect(created.key(), sample, sample.length);
        header.metadata().stored();
        new RenderJob(created.bucket(), created.key(), created.versionId(), created.eTag(), config.preset().name()).toJson();
        new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure("priming")));
        return header;
    }

    /** The SnapStart hook registered for this handler. */
    Priming priming() {
        return priming;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return batch.process(event, context);
    }
}
