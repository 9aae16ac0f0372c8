package gallery.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import gallery.core.deploy.Lane;
import gallery.core.telemetry.LogContext;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SqsBatchTest {
    @Test
    void ofMessagesSeesTheWholeMessageAndFailuresStayPerItem() {
        List<String> seen = new ArrayList<>();
        SqsBatch<String> batch = SqsBatch.ofMessages(m -> m.getBody() + "#" + SqsBatch.receiveCount(m), item -> {
            seen.add(item);
            if (item.startsWith("retry")) throw new IllegalStateException("throttled");
        });
        SQSBatchResponse response = batch.process(event(message("a", "first", null), message("b", "retry", "3")));
        assertThat(seen).containsExactly("first#1", "retry#3");
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly("b");
    }

    @Test
    void aBodyThatDoesNotParseIsReportedFailedSoItReachesTheDeadLetterQueue() {
        List<Integer> handled = new ArrayList<>();
        SqsBatch<Integer> batch = SqsBatch.of(Integer::parseInt, handled::add);
        SQSBatchResponse response = batch.process(event(message("a", "1", null), message("b", "{not a number", null), message("c", "3", null)));
        assertThat(handled).containsExactly(1, 3);
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly("b");
    }

    @Test
    void aPermanentFailureIsAcknowledged() {
        SqsBatch<String> batch = SqsBatch.of(b -> b, b -> { throw new PermanentFailure("corrupt: " + b); });
        assertThat(batch.process(event(message("a", "x", null))).getBatchItemFailures()).isEmpty();
    }

    @Test
    void eachItemIsHandledWithTheRequestLaneJobAndPhotoInItsLogContextAndNothingIsLeftAfter() {
        List<Map<String, String>> contexts = new ArrayList<>();
        SqsBatch<String> batch = SqsBatch.of(body -> body, item -> contexts.add(MDC.getCopyOfContextMap()))
                .in(Lane.RENDER, item -> "photos/" + item + ".jpg");
        batch.process(event(message("m-1", "a", null), message("m-2", "b", null)), new InvocationContext("render", "req-7", "us-east-1", Duration.ofSeconds(30)));
        assertThat(contexts).containsExactly(
                Map.of(LogContext.REQUEST_ID, "req-7", LogContext.LANE, "render", LogContext.JOB, "m-1", LogContext.PHOTO_KEY, "photos/a.jpg"),
                Map.of(LogContext.REQUEST_ID, "req-7", LogContext.LANE, "render", LogContext.JOB, "m-2", LogContext.PHOTO_KEY, "photos/b.jpg"));
        Map<String, String> after = MDC.getCopyOfContextMap();
        assertThat(after == null ? Map.of() : after).isEmpty();
    }

    @Test
    void queueAgeIsTheTimeSinceSqsAcceptedTheMessage() {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(1_700_000_005_000L), ZoneOffset.UTC);
        SQSEvent.SQSMessage m = message("a", "x", null);
        assertThat(SqsBatch.queueAge(m, clock)).isNull();
        m.setAttributes(Map.of("SentTimestamp", "1700000000000"));
        assertThat(SqsBatch.queueAge(m, clock)).isEqualTo(Duration.ofSeconds(5));
        m.setAttributes(Map.of("SentTimestamp", "soon"));
        assertThat(SqsBatch.queueAge(m, clock)).isNull();
    }

    @Test
    void anUnreadableReceiveCountCountsAsTheFirstDelivery() {
        assertThat(SqsBatch.receiveCount(message("a", "x", "many"))).isEqualTo(1);
        assertThat(SqsBatch.receiveCount(message("a", "x", " 2 "))).isEqualTo(2);
    }

    private static SQSEvent.SQSMessage message(String id, String body, String receiveCount) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId(id);
        m.setBody(body);
        if (receiveCount != null) m.setAttributes(Map.of("ApproximateReceiveCount", receiveCount));
        return m;
    }

    private static SQSEvent event(SQSEvent.SQSMessage... messages) {
        SQSEvent e = new SQSEvent();
        e.setRecords(List.of(messages));
        return e;
    }
}
