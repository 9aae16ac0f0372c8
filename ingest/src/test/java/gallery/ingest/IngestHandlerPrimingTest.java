package gallery.ingest;

import gallery.testing.RecordingClients;

import gallery.core.preset.Presets;
import gallery.imaging.ImageHeader;
import gallery.imaging.ImagingConfig;
import gallery.imaging.video.VideoLimits;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;


import static org.assertj.core.api.Assertions.assertThat;

class IngestHandlerPrimingTest {
    /** Every AWS call the clients are asked to make; priming must make none. */
    private final RecordingClients clients = new RecordingClients();

    @Test
    void primingChecksASampleWithoutCallingAws() {
        try (S3Client s3 = clients.of(S3Client.builder());
             SqsClient sqs = clients.of(SqsClient.builder());
             DynamoDbClient dynamo = clients.of(DynamoDbClient.builder())) {
            IngestHandler handler = new IngestHandler(new IngestConfig("originals", "derived", "photos", "http://127.0.0.1:9/q",
                    Presets.DEFAULT, IngestConfig.DEFAULT_HEADER_BYTES, ImagingConfig.defaults(), "http://127.0.0.1:9/v",
                    VideoLimits.DEFAULTS), s3, sqs, dynamo);

            ImageHeader header = handler.prime();
            assertThat(header.format().label()).isEqualTo("JPEG");
            assertThat(header.metadata().width()).isEqualTo(320);
            assertThat(header.metadata().height()).isEqualTo(240);

            handler.priming().beforeCheckpoint(null);
            assertThat(clients.calls()).isEmpty();
        }
    }
}
