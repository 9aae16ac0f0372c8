package gallery.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import gallery.core.deploy.Lane;
import gallery.core.telemetry.GalleryMetrics;
import gallery.core.telemetry.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
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
 * <p>
 * It is also where every queue consumer's log lines get their context ({@link LogContext}: request
 * id, lane, the message as {@code job}, the photo key) and where the lane's queue age is measured.
 */
public final class SqsBatch<T> {
    private static final Logger LOG = LoggerFactory.getLogger(SqsBatch.class);

    private final Function<SQSEvent.SQSMessage, T> parse;
    private final Consumer<T> handle;
    private final Lane lane;
    private final Function<T, String> photoKey;
    private final GalleryMetrics metrics;
    private final Clock clock;

    private SqsBatch(Function<SQSEvent.SQSMessage, T> parse, Consumer<T> handle, Lane lane, Function<T, String> photoKey,
                     GalleryMetrics metrics, Clock clock) {
        this.parse = parse;
        this.handle = handle;
        this.lane = lane;
        this.photoKey = photoKey;
        this.metrics = metrics;
        this.clock = clock;
    }

    public static <T> SqsBatch<T> of(Function<String, T> parse, Consumer<T> handle) {
        return ofMessages(m -> parse.apply(m.getBody()), handle);
    }

    /** As {@link #of}, for a consumer that needs more than the body (e.g. the message's receive count). */
    public static <T> SqsBatch<T> ofMessages(Function<SQSEvent.SQSMessage, T> parse, Consumer<T> handle) {
        return new SqsBatch<>(parse, handle, null, item -> null, GalleryMetrics.forThisProcess(), Clock.systemUTC());
    }

    /**
     * The same batch, consuming {@code lane}: its log lines carry the lane and each item's photo key
     * ({@code photoKey} may answer null), and each message's time in the queue is a {@link GalleryMetrics#QUEUE_AGE}.
     */
    public SqsBatch<T> in(Lane lane, Function<T, String> photoKey) {
        return new SqsBatch<>(parse, handle, lane, photoKey, metrics, clock);
    }

    /** The same batch, measuring with {@code metrics} and {@code clock} (tests). */
    public SqsBatch<T> measuredBy(GalleryMetrics metrics, Clock clock) {
        return new SqsBatch<>(parse, handle, lane, photoKey, metrics, clock);
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

    /** How long the message waited since SQS accepted it ({@code SentTimestamp}, epoch millis); null when absent. */
    static Duration queueAge(SQSEvent.SQSMessage message, Clock clock) {
        String sent = message.getAttributes() == null ? null : message.getAttributes().get("SentTimestamp");
        if (sent == null) return null;
        try {
            long millis = clock.millis() - Long.parseLong(sent.trim());
            return Duration.ofMillis(Math.max(0, millis));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public SQSBatchResponse process(SQSEvent event) {
        return process(event, null);
    }

    /** Processes the batch; {@code context} (null in-process) gives the log lines their request id. */
    public SQSBatchResponse process(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        try (LogContext ignored = LogContext.invocation(context == null ? null : context.getAwsRequestId(), lane)) {
            for (SQSEvent.SQSMessage m : records) {
                try (LogContext item = LogContext.item(m.getMessageId(), null)) {
                    processOne(m, failures);
                }
            }
        }
        return new SQSBatchResponse(failures);
    }

    private void processOne(SQSEvent.SQSMessage m, List<SQSBatchResponse.BatchItemFailure> failures) {
        Duration age = lane == null ? null : queueAge(m, clock);
        if (age != null) metrics.queueAge(lane, age);
        T item;
        try {
            item = parse.apply(m);
        } catch (RuntimeException e) {
            LOG.error("message {} is not readable, left for the dead-letter queue: {}", m.getMessageId(), e.getMessage());
            failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
            return;
        }
        LogContext.photo(photoKey.apply(item));
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
}
