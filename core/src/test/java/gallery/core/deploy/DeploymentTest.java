package gallery.core.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentTest {
    private static final Deployment.Queues QUEUES = new Deployment.Queues(
            "http://127.0.0.1:8402/000000000000/ingest", "http://127.0.0.1:8402/000000000000/ingest-dlq",
            "http://127.0.0.1:8402/000000000000/render", "http://127.0.0.1:8402/000000000000/render-dlq",
            "http://127.0.0.1:8402/000000000000/reprocess", "http://127.0.0.1:8402/000000000000/reprocess-dlq");

    private static Deployment local() {
        return new Deployment("us-east-1", "gallery", "secret",
                new Deployment.Endpoints(URI.create("http://127.0.0.1:8401"), URI.create("http://127.0.0.1:8402"),
                        URI.create("http://127.0.0.1:8403"), null, null),
                "originals", "derived", "web", "photos", QUEUES, null, null);
    }

    @Test
    void roundTripsThroughAFile(@TempDir Path dir) {
        Path file = dir.resolve("sub/endpoints.json");
        local().write(file);

        assertThat(Deployment.read(file)).isEqualTo(local());
        assertThat(Deployment.read(file).isLocal()).isTrue();
    }

    @Test
    void leavesOutWhatIsNotSet(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("endpoints.json");
        local().write(file);

        String json = Files.readString(file);
        assertThat(json).contains("\"s3\" : \"http://127.0.0.1:8401\"").doesNotContain("cognito").doesNotContain("userPoolId");
    }

    @Test
    void anAwsDeploymentHasNoEndpointsOrKeys() {
        Deployment aws = new Deployment("eu-west-1", null, null, null, "o", "d", null, "t", QUEUES, "pool", "client");

        assertThat(aws.isLocal()).isFalse();
        assertThat(aws.environment()).containsEntry("AWS_REGION", "eu-west-1")
                .doesNotContainKey("AWS_ENDPOINT_URL_S3").doesNotContainKey("AWS_ACCESS_KEY_ID");
    }

    @Test
    void environmentCarriesTheContractVariables() {
        assertThat(local().environment())
                .containsEntry("ORIGINALS_BUCKET", "originals")
                .containsEntry("DERIVED_BUCKET", "derived")
                .containsEntry("PHOTO_TABLE", "photos")
                .containsEntry("RENDER_QUEUE_URL", QUEUES.render())
                .doesNotContainKey("REPROCESS_QUEUE_URL")
                .containsEntry("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8403");
    }

    @Test
    void aFileMissingFieldsNamesThem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("endpoints.json");
        Files.writeString(file, "{\"region\":\"us-east-1\",\"derivedBucket\":\"d\"}");

        assertThatThrownBy(() -> Deployment.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("originalsBucket is missing")
                .hasMessageContaining("photoTable is missing")
                .hasMessageContaining("queues is missing");
    }

    @Test
    void aMissingFileSaysWhichFile(@TempDir Path dir) {
        assertThatThrownBy(() -> Deployment.read(dir.resolve("nope.json"))).hasMessageContaining("nope.json");
    }

    @Test
    void keysComeInPairs() {
        assertThatThrownBy(() -> new Deployment("us-east-1", "id", null, null, "o", "d", null, "t", QUEUES, null, null))
                .hasMessageContaining("accessKeyId and secretAccessKey");
    }
}
