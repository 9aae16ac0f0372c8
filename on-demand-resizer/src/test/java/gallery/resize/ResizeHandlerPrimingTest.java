package gallery.resize;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import gallery.imaging.ImagingConfig;
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
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResizeHandlerPrimingTest {
    /** Every AWS call the clients are asked to make; priming must make none. */
    private final List<String> calls = new ArrayList<>();
    private final ExecutionInterceptor recorder = new ExecutionInterceptor() {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            calls.add(context.request().getClass().getSimpleName());
        }
    };

    @Test
    void primingResizesASampleIntoEveryFormatWithoutCallingAws() {
        URI nowhere = URI.create("http://127.0.0.1:9");
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("none", "none"));
        try (S3Client s3 = S3Client.builder().endpointOverride(nowhere).region(Region.US_EAST_1).credentialsProvider(credentials)
                .overrideConfiguration(o -> o.addExecutionInterceptor(recorder)).build();
             DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(nowhere).region(Region.US_EAST_1).credentialsProvider(credentials)
                     .overrideConfiguration(o -> o.addExecutionInterceptor(recorder)).build()) {
            ResizeConfig config = new ResizeConfig("originals", "derived", "photos", 16, 4096, 4 * 1024 * 1024, ImagingConfig.defaults());
            ResizeHandler handler = new ResizeHandler(config, s3, dynamo);

            List<APIGatewayV2HTTPResponse> responses = handler.prime();
            List<APIGatewayV2HTTPResponse> images = responses.stream().filter(r -> r.getStatusCode() == 200).toList();
            assertThat(images).extracting(r -> r.getHeaders().get("Content-Type")).contains("image/webp", "image/jpeg");
            for (APIGatewayV2HTTPResponse r : images) {
                assertThat(r.getIsBase64Encoded()).isTrue();
                assertThat(Base64.getDecoder().decode(r.getBody())).isNotEmpty();
            }
            assertThat(responses.getLast().getStatusCode()).isEqualTo(404);

            handler.priming().beforeCheckpoint(null);
            assertThat(calls).isEmpty();
        }
    }
}
