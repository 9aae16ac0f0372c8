package gallery.core.batch;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Lambda's SQS partial-batch contract in one place: each message is parsed and handled on its own;
 * a retryable failure is reported in {@code batchItemFailures} so only that message is redelivered;
 * a permanent one (a photo that cannot be rendered: the service has already recorded why) is logged
 * and acknowledged, so a bad input never loops until the dead-letter queue. A body that does not
 * parse is the opposite case: nothing has recorded it (for an S3 notification it is a photo that would
 * silently never be ingested), so it is reported failed and, after the queue's maxReceiveCount, lands
 * in the dead-letter queue where `admin status` counts it and `admin dlq redrive` can replay it.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 */
public final class SqsBatch<T> {
    private static final Logger LOG = LoggerFactory.getLogger(SqsBatch.class);

    private final Function<SQSEvent.SQSMessage, T> parse;
    private final Consumer<T> handle;

    private SqsBatch(Function<SQSEvent.SQSMessage, T> parse, Consumer<T> handle) {
        this.parse = parse;
        this.handle = handle;
    }

    public static <T> SqsBatch<T> of(Function<String, T> parse, Consumer<T> handle) {
        return new SqsBatch<>(m -> parse.apply(m.getBody()), handle);
    }

    /** As {@link #of}, for a consumer that needs more than the body (e.g. the message's receive count). */
    public static <T> SqsBatch<T> ofMessages(Function<SQSEvent.SQSMessage, T> parse, Consumer<T> handle) {
        return new SqsBatch<>(parse, handle);
    }

    /**
     * How many times SQS has handed this message out, this time included ({@code ApproximateReceiveCount});
     * 1 when the attribute is absent.
     */
    public static int receiveCount(SQSEvent.SQSMessage message) {
        String count = message.getAttributes() == null ? null : message.getAttributes().get("ApproximateReceiveCount");
        if (count == null) return 1;
        try {
            return Integer.parseInt(count.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    public SQSBatchResponse process(SQSEvent event) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage m : records) {
            T item;
            try {
                item = parse.apply(m);
            } catch (RuntimeException e) {
                LOG.error("message {} is not readable, left for the dead-letter queue: {}", m.getMessageId(), e.getMessage());
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
                continue;
            }
            try {
                handle.accept(item);
            } catch (PermanentFailure e) {
                LOG.warn("message {} failed permanently, acknowledged: {}", m.getMessageId(), e.getMessage());
            } catch (RuntimeException | Error e) {
                if (e instanceof Error && !(e instanceof OutOfMemoryError)) throw (Error) e;
                LOG.warn("message {} failed, will be retried: {}", m.getMessageId(), e.toString());
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
