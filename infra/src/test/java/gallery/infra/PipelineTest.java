package gallery.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static gallery.infra.StorageTest.logicalId;
import static gallery.infra.SynthesizedGallery.firstTarget;
import static gallery.infra.SynthesizedGallery.list;
import static gallery.infra.SynthesizedGallery.resource;
import static gallery.infra.SynthesizedGallery.resources;
import static gallery.infra.SynthesizedGallery.stack;
import static gallery.infra.SynthesizedGallery.target;
import static org.assertj.core.api.Assertions.assertThat;

class PipelineTest {

    @Test
    void everyEventSourceReportsBatchItemFailuresAndInvokesTheSnapStartAlias() {
        Map<String, JsonNode> mappings = resources("AWS::Lambda::EventSourceMapping");
        assertThat(mappings).hasSize(4);
        mappings.forEach((id, m) -> {
            JsonNode p = m.get("Properties");
            assertThat(list(p.get("FunctionResponseTypes"))).as(id).extracting(JsonNode::asText)
                    .containsExactly("ReportBatchItemFailures");
            JsonNode alias = resource(firstTarget(p.get("FunctionName")));
            assertThat(alias.get("Type").asText()).as(id).isEqualTo("AWS::Lambda::Alias");
        });
    }

    @Test
    void eachLanesBatchSizeAndConcurrencyAreTheCoreLanesAwsConsumers() {
        Pipeline pipeline = stack().pipeline();
        Map<gallery.core.deploy.Lane, Pipeline.Lane> lanes = Map.of(gallery.core.deploy.Lane.INGEST, pipeline.ingest(),
                gallery.core.deploy.Lane.RENDER, pipeline.render(), gallery.core.deploy.Lane.REPROCESS, pipeline.reprocess(),
                gallery.core.deploy.Lane.VIDEO, pipeline.video());
        Map<String, JsonNode> mappings = resources("AWS::Lambda::EventSourceMapping");
        lanes.forEach((lane, deployed) -> {
            JsonNode p = mappings.values().stream().map(m -> m.get("Properties"))
                    .filter(m -> target(m.get("EventSourceArn")).equals(logicalId(deployed.queue()))).findFirst().orElseThrow();
            assertThat(p.get("BatchSize").asInt()).as(lane.label()).isEqualTo(lane.aws().batchSize());
            assertThat(p.at("/ScalingConfig/MaximumConcurrency").asInt()).as(lane.label()).isEqualTo(Math.max(2, lane.aws().concurrency()));
            assertThat(resource(logicalId(deployed.function().function())).at("/Properties/ReservedConcurrentExecutions").asInt())
                    .as(lane.label()).isEqualTo(lane.aws().concurrency());
        });
        // What the stack deployed before the lanes had one home (infra's FunctionSizing constants).
        assertThat(List.of(gallery.core.deploy.Lane.values())).extracting(l -> l.aws())
                .containsExactly(new gallery.core.deploy.Lane.Consumers(10, 4), new gallery.core.deploy.Lane.Consumers(2, 8),
                        new gallery.core.deploy.Lane.Consumers(2, 2), new gallery.core.deploy.Lane.Consumers(1, 2));
    }

    @Test
    void visibilityTimeoutIsAtLeastSixTimesTheConsumersTimeout() {
        resources("AWS::Lambda::EventSourceMapping").forEach((id, m) -> {
            JsonNode p = m.get("Properties");
            JsonNode queue = resource(target(p.get("EventSourceArn")));
            JsonNode function = resource(target(resource(firstTarget(p.get("FunctionName"))).at("/Properties/FunctionName")));
            int timeout = function.at("/Properties/Timeout").asInt();
            int window = p.path("MaximumBatchingWindowInSeconds").asInt(0);
            assertThat(timeout).as(id).isPositive();
            assertThat(queue.at("/Properties/VisibilityTimeout").asInt()).as(id)
                    .isGreaterThanOrEqualTo(6 * timeout + window);
        });
    }

    @Test
    void everySourceQueueHasADeadLetterQueueThatOutlivesIt() {
        int sources = 0;
        for (Map.Entry<String, JsonNode> e : resources("AWS::SQS::Queue").entrySet()) {
            JsonNode redrive = e.getValue().at("/Properties/RedrivePolicy");
            if (redrive.isMissingNode()) continue;
            sources++;
            assertThat(redrive.get("maxReceiveCount").asInt()).as(e.getKey()).isGreaterThanOrEqualTo(5);
            // One dead-letter queue for every lane: one alarm metric instead of four.
            assertThat(target(redrive.get("deadLetterTargetArn"))).as(e.getKey()).isEqualTo(logicalId(stack().pipeline().deadLetters()));
            JsonNode dlq = resource(target(redrive.get("deadLetterTargetArn")));
            assertThat(dlq.at("/Properties/MessageRetentionPeriod").asInt()).as(e.getKey())
                    .isGreaterThan(e.getValue().at("/Properties/MessageRetentionPeriod").asInt());
        }
        assertThat(sources).isEqualTo(4);
    }

    @Test
    void theSharedDeadLetterQueueHasOneAlarmThatSaysWhatToDo() {
        Map<String, JsonNode> alarms = resources("AWS::CloudWatch::Alarm");
        assertThat(resources("AWS::SQS::Queue")).hasSize(5); // four lanes and their dead letters
        String dlq = logicalId(stack().pipeline().deadLetters());
        assertThat(alarms.values().stream().filter(a -> a.at("/Properties/Dimensions/0/Value").isObject()
                && dlq.equals(target(a.at("/Properties/Dimensions/0/Value"))))).hasSize(1);
        for (Pipeline.Lane lane : stack().pipeline().lanes()) {
            assertThat(logicalId(lane.deadLetters())).isEqualTo(dlq);
            assertThat(alarms.values()).as(dlq).anySatisfy(a -> {
                JsonNode p = a.get("Properties");
                assertThat(p.get("MetricName").asText()).isEqualTo("ApproximateNumberOfMessagesVisible");
                assertThat(p.get("Namespace").asText()).isEqualTo("AWS/SQS");
                assertThat(p.get("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
                assertThat(p.get("Threshold").asDouble()).isZero();
                assertThat(target(p.at("/Dimensions/0/Value"))).isEqualTo(dlq);
                assertThat(list(p.get("AlarmActions"))).isNotEmpty();
                assertThat(p.get("AlarmDescription").asText()).contains("admin status").contains("admin dlq redrive");
            });
        }
    }

    @Test
    void theReprocessLaneHasLessConcurrencyThanUploads() {
        int render = reserved(stack().pipeline().render());
        int reprocess = reserved(stack().pipeline().reprocess());
        assertThat(reprocess).isPositive().isLessThan(render);
        assertThat(reserved(stack().pipeline().ingest())).isPositive();
    }

    @Test
    void functionsAreJava21OnArm64WithSnapStart() {
        resources("AWS::Lambda::Function").forEach((id, f) -> {
            JsonNode p = f.get("Properties");
            if (!p.path("Runtime").asText().startsWith("java")) return; // CDK's own deployment helpers
            assertThat(p.get("Runtime").asText()).as(id).isEqualTo("java21");
            assertThat(list(p.get("Architectures"))).as(id).extracting(JsonNode::asText).containsExactly("arm64");
            assertThat(p.at("/SnapStart/ApplyOn").asText()).as(id).isEqualTo("PublishedVersions");
        });
    }

    @Test
    void theResizersLoadLibvipsFromTheLayer() {
        for (JavaFunction fn : new JavaFunction[]{stack().pipeline().render().function(), stack().resizer()}) {
            JsonNode p = resource(logicalId(fn.function())).get("Properties");
            assertThat(p.at("/Environment/Variables/VIPS_LIBRARY").asText()).matches("/opt/lib/libvips-cpp\\.so\\.[0-9.]+");
            assertThat(list(p.get("Layers"))).hasSize(1);
            assertThat(p.get("MemorySize").asInt()).isEqualTo(FunctionSizing.RESIZER_MEMORY_MB);
        }
    }

    /** The bench found a 54 MP photo fits a 512 MB function only with 2 malloc arenas (LibvipsLayer). */
    @Test
    void theResizerAndBothWorkersGetTheLibvipsEnvironment() {
        List<JavaFunction> functions = List.of(stack().pipeline().render().function(),
                stack().pipeline().reprocess().function(), stack().pipeline().video().function(), stack().resizer());
        for (JavaFunction fn : functions) {
            JsonNode p = resource(logicalId(fn.function())).get("Properties");
            JsonNode vars = p.at("/Environment/Variables");
            String name = fn.function().getNode().getPath();
            assertThat(vars.path("MALLOC_ARENA_MAX").asText()).as(name).isEqualTo("2");
            assertThat(vars.path("VIPS_LIBRARY").asText()).as(name).matches("/opt/lib/libvips-cpp\\.so\\.[0-9.]+");
            assertThat(vars.path("HEIF_LIBRARY").asText()).as(name).isEqualTo("/opt/lib/libheif.so.1");
            // One libvips thread per vCPU the function's own memory buys.
            assertThat(vars.path("VIPS_CONCURRENCY").asText()).as(name)
                    .isEqualTo(Integer.toString(FunctionSizing.vcpus(p.get("MemorySize").asInt())));
        }
        // And no other function loads libvips without it.
        assertThat(resources("AWS::Lambda::Function").values().stream()
                .filter(f -> f.at("/Properties/Environment/Variables/VIPS_LIBRARY").isTextual())).hasSize(functions.size());
    }

    @Test
    void videosHaveTheirOwnLaneWithFfmpegFromItsLayerAndRoomOnDisk() {
        Pipeline.Lane video = stack().pipeline().video();
        JsonNode p = resource(logicalId(video.function().function())).get("Properties");
        assertThat(p.get("Handler").asText()).isEqualTo("gallery.worker.VideoHandler");
        assertThat(p.at("/Environment/Variables/FFMPEG_PATH").asText()).isEqualTo("/opt/bin/ffmpeg");
        assertThat(p.at("/Environment/Variables/FFPROBE_PATH").asText()).isEqualTo("/opt/bin/ffprobe");
        assertThat(list(p.get("Layers"))).hasSize(2);
        assertThat(p.get("Timeout").asInt()).isEqualTo(900);
        assertThat(p.at("/EphemeralStorage/Size").asInt()).isEqualTo(FunctionSizing.VIDEO_EPHEMERAL_MB);
        assertThat(p.at("/Environment/Variables/FFMPEG_TIMEOUT_SECONDS").asInt()).isLessThan(900);
        assertThat(reserved(video)).isPositive().isLessThanOrEqualTo(reserved(stack().pipeline().render()));
        // Ingest queues video jobs on it.
        JsonNode ingest = resource(logicalId(stack().pipeline().ingest().function().function())).get("Properties");
        assertThat(target(ingest.at("/Environment/Variables/VIDEO_QUEUE_URL"))).isEqualTo(logicalId(video.queue()));
    }

    /** Issue 15: whoever deletes derived objects invalidates the distribution's copies, and may do only that. */
    @Test
    void ingestAndBothWorkersInvalidateThisDistributionOnly() {
        String distribution = logicalId(stack().edge().distribution());
        for (Pipeline.Lane lane : List.of(stack().pipeline().ingest(), stack().pipeline().render(), stack().pipeline().reprocess())) {
            JsonNode p = resource(logicalId(lane.function().function())).get("Properties");
            assertThat(target(p.at("/Environment/Variables/DISTRIBUTION_ID"))).isEqualTo(distribution);
        }
        List<JsonNode> grants = new java.util.ArrayList<>();
        resources("AWS::IAM::Policy").values().forEach(policy -> list(policy.at("/Properties/PolicyDocument/Statement")).forEach(st -> {
            if (list(st.get("Action")).stream().anyMatch(a -> a.asText().equals("cloudfront:CreateInvalidation"))
                    && st.get("Resource").toString().contains(distribution)) grants.add(st);
        }));
        // (CDK's BucketDeployment for the web UI has its own, for its own invalidation after an upload.)
        assertThat(grants).hasSize(3);
    }

    private static int reserved(Pipeline.Lane lane) {
        return resource(logicalId(lane.function().function())).at("/Properties/ReservedConcurrentExecutions").asInt();
    }
}
