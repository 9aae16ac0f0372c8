package gallery.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import gallery.core.batch.SqsBatch;
import gallery.core.config.Env;
import gallery.core.events.ObjectEvent;
import gallery.core.events.S3EventDecoder;
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
    private final SqsBatch<List<ObjectEvent>> batch;

    /** For Lambda: configuration from the environment, default SDK clients. */
    public IngestHandler() {
        this(IngestConfig.fromEnv(Env.system()), S3Client.create(), SqsClient.create(), DynamoDbClient.create());
    }

    /** For the local stack and tests: ready clients pointed wherever they need. */
    public IngestHandler(IngestConfig config, S3Client s3, SqsClient sqs, DynamoDbClient dynamo) {
        Ingest ingest = new Ingest(config, s3, sqs, new PhotoIndex(dynamo, config.photoTable()));
        this.batch = SqsBatch.of(S3EventDecoder::decode, events -> events.forEach(ingest::handle));
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return batch.process(event);
    }
}
