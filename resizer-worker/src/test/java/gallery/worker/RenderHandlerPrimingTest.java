package gallery.worker;

import gallery.imaging.ImagingConfig;
import gallery.imaging.RenderResult;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RenderHandlerPrimingTest {
    /** Every AWS call the clients are asked to make; priming must make none. */
    private final List<String> calls = new ArrayList<>();
    private final ExecutionInterceptor recorder = new ExecutionInterceptor() {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            calls.add(context.request().getClass().getSimpleName());
        }
    };

    @Test
    void primingRendersASampleWithoutCallingAws() throws Exception {
        URI nowhere = URI.create("http://127.0.0.1:9");
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("none", "none"));
        try (S3Client s3 = S3Client.builder().endpointOverride(nowhere).region(Region.US_EAST_1).credentialsProvider(credentials)
                .overrideConfiguration(o -> o.addExecutionInterceptor(recorder)).build();
             DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(nowhere).region(Region.US_EAST_1).credentialsProvider(credentials)
                     .overrideConfiguration(o -> o.addExecutionInterceptor(recorder)).build()) {
            RenderHandler handler = new RenderHandler(new WorkerConfig("derived", "photos", ImagingConfig.defaults()), s3, dynamo);

            RenderResult result = handler.prime();
            assertThat(result.width()).isEqualTo(320);
            assertThat(result.renditions()).isNotEmpty();
            assertThat(result.renditions().getFirst().bytes()).isPositive();
            assertThat(result.placeholder()).isNotBlank();

            // The hook Lambda calls before the snapshot runs the same prime (and would log, not throw, on failure).
            handler.priming().beforeCheckpoint(null);
            assertThat(calls).isEmpty();
        }
    }

    @Test
    void theVideoWorkerPrimesItsPosterRenderingWithoutCallingAws() throws Exception {
        URI nowhere = URI.create("http://127.0.0.1:9");
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("none", "none"));
        try (S3Client s3 = S3Client.builder().endpointOverride(nowhere).region(Region.US_EAST_1).credentialsProvider(credentials)
                .overrideConfiguration(o -> o.addExecutionInterceptor(recorder)).build();
             DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(nowhere).region(Region.US_EAST_1).credentialsProvider(credentials)
                     .overrideConfiguration(o -> o.addExecutionInterceptor(recorder)).build()) {
            VideoHandler handler = new VideoHandler(gallery.worker.video.VideoConfig.defaults("derived", "photos", ImagingConfig.defaults()), s3, dynamo);

            RenderResult result = handler.prime();
            assertThat(result.renditions()).isNotEmpty();
            handler.priming().beforeCheckpoint(null);
            assertThat(calls).isEmpty();
        }
    }
}
