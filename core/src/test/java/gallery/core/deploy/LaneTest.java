package gallery.core.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LaneTest {
    /** Queue URLs named as the local stack names its queues, so each lane must find its own. */
    private static final Deployment D = new Deployment("us-east-1", null, null, null, "originals", "derived", null, "photos",
            new Deployment.Queues("q/ingest", "q/ingest-dlq", "q/render", "q/render-dlq",
                    "q/reprocess", "q/reprocess-dlq", "q/video", "q/video-dlq"), null, null);

    @ParameterizedTest
    @EnumSource(Lane.class)
    void eachLaneFindsItsOwnQueuesInADeployment(Lane lane) {
        assertThat(lane.url(D)).isEqualTo("q/" + lane.queueName());
        assertThat(lane.deadLetterUrl(D)).isEqualTo("q/" + lane.deadLetterQueueName());
    }

    @ParameterizedTest
    @EnumSource(Lane.class)
    void aLabelNamesOneLane(Lane lane) {
        assertThat(Lane.byLabel(lane.label())).contains(lane);
        assertThat(lane.label()).isLowerCase();
    }

    @Test
    void anUnknownLabelIsNoLane() {
        assertThat(Lane.byLabel("photos")).isEqualTo(Optional.empty());
        assertThat(Lane.byLabel("RENDER")).isEqualTo(Optional.empty());
    }

    @Test
    void batchesFitWhatSqsAndLambdaAllow() {
        for (Lane lane : Lane.values()) {
            for (Lane.Consumers c : new Lane.Consumers[]{lane.local(), lane.aws()}) {
                assertThat(c.batchSize()).as(lane + " batch").isBetween(1, 10);
                assertThat(c.concurrency()).as(lane + " concurrency").isPositive();
            }
        }
        // The reprocess lane never takes more than the upload lane, here or in AWS.
        assertThat(Lane.REPROCESS.local().concurrency()).isLessThanOrEqualTo(Lane.RENDER.local().concurrency());
        assertThat(Lane.REPROCESS.aws().concurrency()).isLessThanOrEqualTo(Lane.RENDER.aws().concurrency());
    }
}
