package gallery.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.core.telemetry.GalleryMetrics;
import gallery.lambda.BundleRun;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingest bundle ({@code target/ingest-lambda.jar}) run as Lambda runs it, in a JVM of its own
 * with the function's JSON log format: one SQS batch prints a JSON log line carrying the request id,
 * the lane and the job, and an EMF line with the lane's queue age.
 */
class BundleTelemetryIT {

    @Test
    void aBatchPrintsAJsonLogLineAndTheQueueAgeAsEmf() throws Exception {
        Map<String, String> env = new HashMap<>(IngestConfig.environment("originals", "derived", "photos",
                "http://127.0.0.1:9/000000000000/render", "http://127.0.0.1:9/000000000000/video", null));
        env.putAll(Map.of("AWS_ACCESS_KEY_ID", "unused", "AWS_SECRET_ACCESS_KEY", "unused"));
        BundleRun run = BundleRun.of("ingest", BundleMain.class, env, "req-ingest-1");
        List<JsonNode> lines = run.jsonLines();
        String out = run.output();
        assertThat(lines).as(out).anySatisfy(line -> {
            assertThat(line.path("message").asText()).isEqualTo("s3:TestEvent from bucket originals acknowledged");
            assertThat(line.path("level").asText()).isEqualTo("INFO");
            assertThat(line.path("AWSRequestId").asText()).isEqualTo("req-ingest-1");
            assertThat(line.path("lane").asText()).isEqualTo("ingest");
            assertThat(line.path("job").asText()).isEqualTo("msg-1");
        });
        assertThat(lines).as(out).anySatisfy(line -> {
            assertThat(line.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo(GalleryMetrics.NAMESPACE);
            assertThat(line.at("/_aws/CloudWatchMetrics/0/Metrics/0/Name").asText()).isEqualTo(GalleryMetrics.QUEUE_AGE);
            assertThat(line.path(GalleryMetrics.LANE).asText()).isEqualTo("ingest");
            assertThat(line.path(GalleryMetrics.QUEUE_AGE).asDouble()).isBetween(2500.0, 60_000.0);
            assertThat(line.path("requestId").asText()).isEqualTo("req-ingest-1");
        });
        assertThat(out).as("every line is JSON").doesNotContain("SLF4J");
    }
}
