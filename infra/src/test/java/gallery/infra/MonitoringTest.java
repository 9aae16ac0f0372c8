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
        assertThat(java).hasSize(7); // ingest, render, reprocess, video, api, signer, resizer
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
    void theAccountsFunctionsAlarmOnErrorsAndShowThrottlesOnTheDashboardOnly() {
        Map<String, JsonNode> alarms = resources("AWS::CloudWatch::Alarm");
        // Throttles cost an alarm metric ($0.10 a month) and page for nothing the other alarms miss (Monitoring says why).
        assertThat(alarms.values()).noneMatch(a -> a.at("/Properties/MetricName").asText().equals("Throttles"));
        for (String metric : List.of("Errors")) {
            assertThat(alarms.values()).as(metric).anySatisfy(a -> {
                JsonNode p = a.get("Properties");
                assertThat(p.get("Namespace").asText()).isEqualTo("AWS/Lambda");
                assertThat(p.get("MetricName").asText()).isEqualTo(metric);
                assertThat(p.get("Threshold").asDouble()).isZero();
                // No dimension: every function of the region, one billed alarm metric instead of one per function.
                assertThat(p.has("Dimensions")).isFalse();
                assertThat(list(p.get("AlarmActions"))).isNotEmpty();
            });
        }
    }

    @Test
    void theIngestAndRenderLanesAlarmOnTheirOldestMessageEachAgainstItsLimit() {
        JsonNode alarm = resources("AWS::CloudWatch::Alarm").values().stream()
                .filter(a -> a.at("/Properties/Metrics").isArray()).findFirst().orElseThrow().get("Properties");
        List<JsonNode> metrics = list(alarm.get("Metrics"));
        String expression = metrics.stream().filter(m -> m.has("Expression")).findFirst().orElseThrow().get("Expression").asText();
        for (Pipeline.Lane lane : List.of(stack().pipeline().ingest(), stack().pipeline().render())) {
            String queue = logicalId(lane.queue());
            JsonNode stat = metrics.stream().filter(m -> m.has("MetricStat")
                    && target(m.at("/MetricStat/Metric/Dimensions/0/Value")).equals(queue)).findFirst().orElseThrow();
            assertThat(stat.at("/MetricStat/Metric/MetricName").asText()).isEqualTo("ApproximateAgeOfOldestMessage");
            assertThat(expression).contains(stat.get("Id").asText() + " / "
                    + Monitoring.oldestMessageLimit(lane, stack().pipeline()).toSeconds().intValue());
        }
        assertThat(alarm.get("Threshold").asDouble()).isEqualTo(1);
        assertThat(resources("AWS::CloudWatch::Alarm").values()).allSatisfy(a -> assertThat(list(a.at("/Properties/AlarmActions"))).isNotEmpty());
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
