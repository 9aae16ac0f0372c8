package gallery.worker;

import gallery.testing.RecordingClients;

import gallery.imaging.ImagingConfig;
import gallery.imaging.RenderResult;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;


import static org.assertj.core.api.Assertions.assertThat;

class RenderHandlerPrimingTest {
    /** Every AWS call the clients are asked to make; priming must make none. */
    private final RecordingClients clients = new RecordingClients();

    @Test
    void primingRendersASampleWithoutCallingAws() throws Exception {
        try (S3Client s3 = clients.of(S3Client.builder());
             DynamoDbClient dynamo = clients.of(DynamoDbClient.builder())) {
            RenderHandler handler = new RenderHandler(new WorkerConfig("derived", "photos", ImagingConfig.defaults()), s3, dynamo);

            RenderResult result = handler.prime();
            assertThat(result.width()).isEqualTo(320);
            assertThat(result.renditions()).isNotEmpty();
            assertThat(result.renditions().getFirst().bytes()).isPositive();
            assertThat(result.placeholder()).isNotBlank();

            // The hook Lambda calls before the snapshot runs the same prime (and would log, not throw, on failure).
            handler.priming().beforeCheckpoint(null);
            assertThat(clients.calls()).isEmpty();
        }
    }

    @Test
    void theVideoWorkerPrimesItsPosterRenderingWithoutCallingAws() throws Exception {
        try (S3Client s3 = clients.of(S3Client.builder());
             DynamoDbClient dynamo = clients.of(DynamoDbClient.builder())) {
            VideoHandler handler = new VideoHandler(gallery.worker.video.VideoConfig.defaults("derived", "photos", ImagingConfig.defaults()), s3, dynamo);

            RenderResult result = handler.prime();
            assertThat(result.renditions()).isNotEmpty();
            handler.priming().beforeCheckpoint(null);
            assertThat(clients.calls()).isEmpty();
        }
    }
}
