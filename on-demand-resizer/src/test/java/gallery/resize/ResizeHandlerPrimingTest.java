package gallery.resize;

import gallery.testing.RecordingClients;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import gallery.imaging.ImagingConfig;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResizeHandlerPrimingTest {
    /** Every AWS call the clients are asked to make; priming must make none. */
    private final RecordingClients clients = new RecordingClients();

    @Test
    void primingResizesASampleIntoEveryFormatWithoutCallingAws() {
        try (S3Client s3 = clients.of(S3Client.builder());
             DynamoDbClient dynamo = clients.of(DynamoDbClient.builder())) {
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
            assertThat(clients.calls()).isEmpty();
        }
    }
}
