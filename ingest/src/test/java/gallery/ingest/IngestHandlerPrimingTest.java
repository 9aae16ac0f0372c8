package gallery.ingest;

import gallery.core.preset.Presets;
import gallery.imaging.ImageHeader;
import gallery.imaging.ImagingConfig;
import gallery.imaging.video.VideoLimits;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IngestHandlerPrimingTest {
    /** Every AWS call the clients are asked to make; priming must make none. */
    private final List<String> calls = new ArrayList<>();
    private final ExecutionInterceptor recorder = new ExecutionInterceptor() {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            calls.add(context.request().getClass().getSimpleName());
        }
    };

    @Test
    void primingChecksASampleWithoutCallingAws() {
        URI nowhere = URI.create("http://127.0.0.1:9");
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("none", "none"));
        try (S3Client s3 = S3Client.builder().endpointOverride(nowhere).region(Region.US_EAST_1).credentialsProvider(credentials)
                .overrideConfiguration(o -> o.addExecutionInterceptor(recorder)).build();
             SqsClient sqs = SqsClient.builder().endpointOverride(nowhere).region(Region.US_EAST_1).credentialsProvider(credentials)
                     .overrideConfiguration(o -> o.addExecutionInterceptor(recorder)).build();
             DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(nowhere).region(Region.US_EAST_1).credentialsProvider(credentials)
                     .overrideConfiguration(o -> o.addExecutionInterceptor(recorder)).build()) {
            IngestHandler handler = new IngestHandler(new IngestConfig("originals", "derived", "photos", "http://127.0.0.1:9/q",
                    Presets.DEFAULT, IngestConfig.DEFAULT_HEADER_BYTES, ImagingConfig.defaults(), "http://127.0.0.1:9/v",
                    VideoLimits.DEFAULTS), s3, sqs, dynamo);

            ImageHeader header = handler.prime();
            assertThat(header.format().label()).isEqualTo("JPEG");
            assertThat(header.metadata().width()).isEqualTo(320);
            assertThat(header.metadata().height()).isEqualTo(240);

            handler.priming().beforeCheckpoint(null);
            assertThat(calls).isEmpty();
        }
    }
}
