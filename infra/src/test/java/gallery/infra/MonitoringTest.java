package gallery.infra;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.core.telemetry.GalleryMetrics;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static gallery.infra.StorageTest.logicalId;
import static gallery.infra.SynthesizedGallery.list;
import static gallery.infra.SynthesizedGallery.resource;
import static gallery.infra.SynthesizedGallery.resources;
import static gallery.infra.SynthesizedGallery.stack;
import static gallery.infra.SynthesizedGallery.target;
import static org.assertj.core.api.Assertions.assertThat;

/** Logs and metrics an operator can use: JSON logs kept a month, alarms that page, one dashboard. */
class MonitoringTest {

    @Test
    void everyGalleryFunctionLogsJsonLines() {
        List<JsonNode> java = resources("AWS::Lambda::Function").values().stream()
                .filter(f -> f.at("/Properties/Runtime").asText().startsWith("java")).toList();
        assertThat(java).hasSize(6);
        for (JsonNode f : java) {
            assertThat(f.at("/Properties/LoggingConfig/LogFormat").asText()).isEqualTo("JSON");
            assertThat(f.at("/Properties/LoggingConfig/ApplicationLogLevel").asText()).isEqualTo("INFO");
        }
    }

    @Test
    void everyFunctionWritesToALogGroupOfItsOwnAndEveryLogGroupExpires() {
        Map<String, JsonNode> groups = resources("AWS::Logs::LogGroup");
        groups.forEach((id, g) -> assertThat(g.at("/Properties/RetentionInDays").asInt()).as(id).isEqualTo(30));
        resources("AWS::Lambda::Function").forEach((id, f) -> {
            JsonNode group = f.at("/Properties/LoggingConfig/LogGroup");
            assertThat(group.isMissingNode()).as(id + " has no log group of its own: Lambda would make one kept forever").isFalse();
            assertThat(groups).as(id).containsKey(target(group));
        });
    }

    @Test
    void everyFunctionAlarmsOnErrorsAndThrottles() {
        Map<String, JsonNode> alarms = resources("AWS::CloudWatch::Alarm");
        List<String> functions = resources("AWS::Lambda::Function").entrySet().stream()
                .filter(e -> e.getValue().at("/Properties/Runtime").asText().startsWith("java")).map(Map.Entry::getKey).toList();
        for (String fn : functions) {
            for (String metric : List.of("Errors", "Throttles")) {
                assertThat(alarms.values()).as(fn + " " + metric).anySatisfy(a -> {
                    JsonNode p = a.get("Properties");
                    assertThat(p.get("Namespace").asText()).isEqualTo("AWS/Lambda");
                    assertThat(p.get("MetricName").asText()).isEqualTo(metric);
                    assertThat(p.get("Threshold").asDouble()).isZero();
                    assertThat(target(p.at("/Dimensions/0/Value"))).isEqualTo(fn);
                    assertThat(list(p.get("AlarmActions"))).isNotEmpty();
                });
            }
        }
    }

    @Test
    void everyLaneAlarmsOnTheAgeOfItsOldestMessage() {
        Map<String, JsonNode> alarms = resources("AWS::CloudWatch::Alarm");
        for (Pipeline.Lane lane : stack().pipeline().lanes()) {
            String queue = logicalId(lane.queue());
            assertThat(alarms.values()).as(queue).anySatisfy(a -> {
                JsonNode p = a.get("Properties");
                assertThat(p.get("Namespace").asText()).isEqualTo("AWS/SQS");
                assertThat(p.get("MetricName").asText()).isEqualTo("ApproximateAgeOfOldestMessage");
                assertThat(target(p.at("/Dimensions/0/Value"))).isEqualTo(queue);
                assertThat(p.get("Threshold").asDouble()).isEqualTo(
                        Monitoring.oldestMessageLimit(lane, stack().pipeline()).toSeconds().doubleValue());
                assertThat(list(p.get("AlarmActions"))).isNotEmpty();
            });
        }
        assertThat(alarms.values()).allSatisfy(a -> assertThat(list(a.at("/Properties/AlarmActions"))).isNotEmpty());
    }

    @Test
    void theDashboardShowsTheGallerysOwnMetrics() {
        Map<String, JsonNode> dashboards = resources("AWS::CloudWatch::Dashboard");
        assertThat(dashboards).hasSize(1);
        String body = resource(dashboards.keySet().iterator().next()).at("/Properties/DashboardBody").toString();
        for (String metric : List.of(GalleryMetrics.QUEUE_AGE, GalleryMetrics.RENDER_TIME, GalleryMetrics.RENDITION_BYTES,
                GalleryMetrics.REFUSED, GalleryMetrics.RESIZE_TIME, "ApproximateAgeOfOldestMessage", "Throttles", "Errors")) {
            assertThat(body).as(metric).contains(metric);
        }
    }
}
