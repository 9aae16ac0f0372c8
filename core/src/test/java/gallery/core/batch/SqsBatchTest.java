package gallery.core.batch;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import org.junit.jupiter.api.Test;

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
