package gallery.core.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.core.Json;
import gallery.core.deploy.Lane;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The EMF lines, as CloudWatch reads them: namespace, one dimension, the metric with its unit and value. */
class GalleryMetricsTest {

    @Test
    void aRenderWritesItsTimeForTheLaneAndTheBytesOfEachSize() throws Exception {
        Map<Integer, Long> sizes = new LinkedHashMap<>();
        sizes.put(256, 9_000L);
        sizes.put(1024, 120_000L);
        List<JsonNode> lines = captured(() -> {
            try (LogContext ignored = LogContext.invocation(null, Lane.RENDER); LogContext item = LogContext.item("m-1", "photos/a.jpg")) {
                MDC.put(LogContext.REQUEST_ID, "req-42");
                GalleryMetrics.toStdout().rendered(Lane.RENDER, Duration.ofMillis(1234), sizes);
            }
        });
        assertThat(lines).hasSize(3);
        assertMetric(lines.get(0), GalleryMetrics.RENDER_TIME, "Milliseconds", GalleryMetrics.LANE, "render", 1234);
        assertThat(lines.get(0).get("requestId").asText()).isEqualTo("req-42");
        assertThat(lines.get(0).get("photoKey").asText()).isEqualTo("photos/a.jpg");
        assertMetric(lines.get(1), GalleryMetrics.RENDITION_BYTES, "Bytes", GalleryMetrics.SIZE, "256", 9_000);
        assertMetric(lines.get(2), GalleryMetrics.RENDITION_BYTES, "Bytes", GalleryMetrics.SIZE, "1024", 120_000);
    }

    @Test
    void refusalsResizesAndQueueAgeEachHaveTheirDimension() throws Exception {
        GalleryMetrics metrics = GalleryMetrics.toStdout();
        List<JsonNode> lines = captured(() -> {
            metrics.refused("type");
            metrics.resized("rendition", Duration.ofMillis(85));
            metrics.queueAge(Lane.INGEST, Duration.ofSeconds(3));
        });
        assertThat(lines).hasSize(3);
        assertMetric(lines.get(0), GalleryMetrics.REFUSED, "Count", GalleryMetrics.REASON, "type", 1);
        assertMetric(lines.get(1), GalleryMetrics.RESIZE_TIME, "Milliseconds", GalleryMetrics.SOURCE, "rendition", 85);
        assertMetric(lines.get(2), GalleryMetrics.QUEUE_AGE, "Milliseconds", GalleryMetrics.LANE, "ingest", 3000);
    }

    @Test
    void outsideLambdaTheProcessWritesNothing() throws Exception {
        assertThat(System.getenv("AWS_LAMBDA_FUNCTION_NAME")).as("this test runs outside Lambda").isNull();
        assertThat(GalleryMetrics.forThisProcess().enabled()).isFalse();
        assertThat(captured(() -> GalleryMetrics.forThisProcess().refused("type"))).isEmpty();
    }

    private static void assertMetric(JsonNode line, String name, String unit, String dimension, String value, double amount) {
        JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
        assertThat(directive.get("Namespace").asText()).isEqualTo(GalleryMetrics.NAMESPACE);
        assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"" + dimension + "\"]]");
        assertThat(directive.at("/Metrics/0/Name").asText()).isEqualTo(name);
        assertThat(directive.at("/Metrics/0/Unit").asText()).isEqualTo(unit);
        assertThat(line.at("/_aws/Timestamp").asLong()).isPositive();
        assertThat(line.get(dimension).asText()).isEqualTo(value);
        assertThat(line.get(name).asDouble()).isEqualTo(amount);
    }

    private static synchronized List<JsonNode> captured(Runnable r) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.out.flush();
            System.setOut(original);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{")) lines.add(Json.MAPPER.readTree(line));
        }
        return lines;
    }
}
