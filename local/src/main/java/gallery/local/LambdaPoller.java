package gallery.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import gallery.core.deploy.Lane;
import gallery.lambda.InvocationContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs an SQS-triggered Lambda handler in this process with the semantics of Lambda's SQS event
 * source (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html):
 * <ul>
 *   <li>long-polls batches of up to {@code batchSize} messages and hands each batch to the handler
 *       as an {@link SQSEvent} (message id, receipt handle, body, attributes such as
 *       {@code ApproximateReceiveCount} and {@code SentTimestamp});</li>
 *   <li>deletes only what succeeded: the messages not named in {@code batchItemFailures}
 *       (ReportBatchItemFailures); a failure entry that names no message of the batch fails the
 *       whole batch, as in Lambda;</li>
 *   <li>a handler that throws fails the whole batch: nothing is deleted, and every message
 *       becomes visible again when its visibility timeout ends;</li>
 *   <li>the queue's redrive policy moves a message that keeps failing to the dead-letter queue
 *       (SQS does that, not the poller);</li>
 *   <li>{@code concurrency} pollers run at once, each with its own handler instance, as Lambda
 *       runs one batch at a time per execution environment.</li>
 * </ul>
 */
public final class LambdaPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LambdaPoller.class);

    /**
     * @param batchSize   messages per invocation, 1..10 (SQS returns at most 10 per receive)
     * @param concurrency invocations at once (Lambda's maximum concurrency for the event source)
     * @param waitTime    long-poll wait per receive, 1..20 s; also bounds how long {@link #close()} waits
     * @param timeout     the function timeout that {@link Context#getRemainingTimeInMillis()} counts down
     */
    public record Settings(int batchSize, int concurrency, Duration waitTime, Duration timeout) {
        public static final Settings DEFAULT = new Settings(10, 2, Duration.ofSeconds(2), Duration.ofMinutes(1));

        /** A lane's local consumers ({@link Lane#local()}) with its local timeout, polling every 2 s. */
        public static Settings of(Lane lane) {
            return new Settings(lane.local().batchSize(), lane.local().concurrency(), Duration.ofSeconds(2), lane.localTimeout());
        }

        public Settings {
            if (batchSize < 1 || batchSize > 10) throw new IllegalArgumentException("batchSize=" + batchSize + ": expected 1..10");
            if (concurrency < 1) throw new IllegalArgumentException("concurrency=" + concurrency + ": expected at least 1");
            Objects.requireNonNull(waitTime, "waitTime");
            Objects.requireNonNull(timeout, "timeout");
            if (waitTime.toSeconds() < 1 || waitTime.toSeconds() > 20) {
                throw new IllegalArgumentException("waitTime=" + waitTime + ": expected 1..20 seconds");
            }
        }

        public Settings withBatchSize(int batchSize) {
            return new Settings(batchSize, concurrency, waitTime, timeout);
        }

        public Settings withConcurrency(int concurrency) {
            return new Settings(batchSize, concurrency, waitTime, timeout);
        }

        public Settings withTimeout(Duration timeout) {
            return new Settings(batchSize, concurrency, waitTime, timeout);
        }
    }

    private final String functionName;
    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final String region;
    private final Supplier<? extends RequestHandler<SQSEvent, SQSBatchResponse>> handlers;
    private final Settings settings;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public LambdaPoller(String functionName, SqsClient sqs, String queueUrl, String queueArn, String region,
                        Supplier<? extends RequestHandler<SQSEvent, SQSBatchResponse>> handlers, Settings settings) {
        this.functionName = functionName;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.region = region;
        this.handlers = handlers;
        this.settings = settings;
    }

    /** Builds one handler per concurrent poller (failing here fails the start) and starts polling. */
    public synchronized LambdaPoller start() {
        if (running) throw new IllegalStateException(functionName + " is already polling");
        List<RequestHandler<SQSEvent, SQSBatchResponse>> instances = new ArrayList<>();
        for (int i = 0; i < settings.concurrency(); i++) {
            instances.add(Objects.requireNonNull(handlers.get(), "handler factory of " + functionName + " returned null"));
        }
        running = true;
        for (int i = 0; i < instances.size(); i++) {
            RequestHandler<SQSEvent, SQSBatchResponse> handler = instances.get(i);
            threads.add(Thread.ofPlatform().name(functionName + "-" + i).daemon().start(() -> poll(handler)));
        }
        return this;
    }

    private void poll(RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        while (running) {
            List<Message> messages;
            try {
                messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                        .maxNumberOfMessages(settings.batchSize())
                        .waitTimeSeconds((int) settings.waitTime().toSeconds())
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All")).messages();
            } catch (SdkException e) {
                if (!running) return;
                LOG.warn("{}: receive from {} failed, retrying: {}", functionName, queueUrl, e.toString());
                pause();
                continue;
            }
            if (!messages.isEmpty()) invoke(handler, messages);
        }
    }

    /** One invocation; deletes what the response says succeeded. Package-private for tests of the contract. */
    void invoke(RequestHandler<SQSEvent, SQSBatchResponse> handler, List<Message> messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(messages.stream().map(this::record).toList());
        SQSBatchResponse response;
        try {
            response = handler.handleRequest(event, InvocationContext.next(functionName, region, settings.timeout()));
        } catch (RuntimeException | Error e) {
            if (e instanceof Error && !(e instanceof OutOfMemoryError || e instanceof StackOverflowError)) throw (Error) e;
            LOG.warn("{}: invocation failed, the whole batch of {} will be retried: {}", functionName, messages.size(), e.toString());
            return;
        }
        Set<String> failed = failedIds(response, messages);
        if (failed == null) {
            LOG.warn("{}: batchItemFailures names a message not in the batch, the whole batch of {} will be retried",
                    functionName, messages.size());
            return;
        }
        List<Message> succeeded = messages.stream().filter(m -> !failed.contains(m.messageId())).toList();
        delete(succeeded);
        if (!failed.isEmpty()) {
            LOG.info("{}: {} of {} messages failed and will be retried", functionName, failed.size(), messages.size());
        }
    }

    /** The failed message ids, or null when the response is invalid (Lambda then fails the whole batch). */
    private static Set<String> failedIds(SQSBatchResponse response, List<Message> messages) {
        Set<String> failed = new HashSet<>();
        if (response == null || response.getBatchItemFailures() == null) return failed;
        Set<String> inBatch = new HashSet<>();
        messages.forEach(m -> inBatch.add(m.messageId()));
        for (SQSBatchResponse.BatchItemFailure f : response.getBatchItemFailures()) {
            String id = f == null ? null : f.getItemIdentifier();
            if (id == null || !inBatch.contains(id)) return null;
            failed.add(id);
        }
        return failed;
    }

    private void delete(List<Message> messages) {
        for (int from = 0; from < messages.size(); from += 10) {
            List<Message> chunk = messages.subList(from, Math.min(messages.size(), from + 10));
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(String.valueOf(i)).receiptHandle(chunk.get(i).receiptHandle()).build());
            }
            try {
                DeleteMessageBatchResponse r = sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
                // A message not deleted comes back after its visibility timeout; handlers are idempotent.
                r.failed().forEach(f -> LOG.warn("{}: delete failed ({}), the message will be delivered again", functionName, f.message()));
            } catch (SdkException e) {
                LOG.warn("{}: delete of {} messages failed, they will be delivered again: {}", functionName, chunk.size(), e.toString());
            }
        }
    }

    private SQSEvent.SQSMessage record(Message m) {
        SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
        r.setMessageId(m.messageId());
        r.setReceiptHandle(m.receiptHandle());
        r.setBody(m.body());
        r.setMd5OfBody(m.md5OfBody());
        r.setMd5OfMessageAttributes(m.md5OfMessageAttributes());
        Map<String, String> attributes = new HashMap<>();
        m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
        r.setAttributes(attributes);
        Map<String, SQSEvent.MessageAttribute> messageAttributes = new HashMap<>();
        m.messageAttributes().forEach((k, v) -> messageAttributes.put(k, attribute(v)));
        r.setMessageAttributes(messageAttributes);
        r.setEventSource("aws:sqs");
        r.setEventSourceArn(queueArn);
        r.setAwsRegion(region);
        return r;
    }

    private static SQSEvent.MessageAttribute attribute(MessageAttributeValue v) {
        SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
        a.setDataType(v.dataType());
        a.setStringValue(v.stringValue());
        if (v.binaryValue() != null) a.setBinaryValue(v.binaryValue().asByteBuffer());
        return a;
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops receiving and waits for the batches in flight to finish (their deletes included). */
    @Override
    public synchronized void close() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join(settings.waitTime().plus(settings.timeout()).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.clear();
    }
}
