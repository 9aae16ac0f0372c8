package gallery.local;

import gallery.aws.DeploymentClients;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import gallery.core.deploy.Deployment;
import gallery.core.deploy.Lane;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Handlers behind pollers keep Lambda's SQS semantics: partial batch responses, whole-batch
 * failure on a throw, redelivery after the visibility timeout, the dead-letter queue after
 * maxReceiveCount. Each lane runs one scenario, with a short visibility timeout.
 */
class LambdaPollerIT {
    @TempDir
    static Path data;
    static LocalStack stack;
    static Deployment d;
    static SqsClient sqs;

    /** Every delivery a handler saw: body and its ApproximateReceiveCount. */
    record Delivery(String body, int receiveCount, SQSEvent.SQSMessage message) {
    }

    static final Map<Lane, List<Delivery>> seen = new ConcurrentHashMap<>();
    static final Map<Lane, AtomicInteger> instances = new ConcurrentHashMap<>();

    /** Reports the failures {@code fails} names, or throws when it returns null. */
    static LocalStack.HandlerFactory recording(Lane queue, Function<List<Delivery>, List<String>> fails) {
        seen.put(queue, new CopyOnWriteArrayList<>());
        instances.put(queue, new AtomicInteger());
        return deployment -> {
            instances.get(queue).incrementAndGet();
            return new RequestHandler<SQSEvent, SQSBatchResponse>() {
                @Override
                public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
                    List<Delivery> batch = new ArrayList<>();
                    for (SQSEvent.SQSMessage m : event.getRecords()) {
                        batch.add(new Delivery(m.getBody(), Integer.parseInt(m.getAttributes().get("ApproximateReceiveCount")), m));
                    }
                    seen.get(queue).addAll(batch);
                    List<String> failed = fails.apply(batch);
                    if (failed == null) throw new IllegalStateException("this batch fails as a whole");
                    return new SQSBatchResponse(failed.stream().map(SQSBatchResponse.BatchItemFailure::new).toList());
                }
            };
        };
    }

    @BeforeAll
    static void start() {
        var settings = LambdaPoller.Settings.DEFAULT.withTimeout(Duration.ofSeconds(30));
        stack = LocalStack.builder(data).freePorts()
                .visibilityTimeout(Duration.ofSeconds(3))
                // render: bodies starting "fail" fail on their first delivery only, the rest succeed
                .handler(Lane.RENDER, recording(Lane.RENDER, batch -> batch.stream()
                        .filter(x -> x.body().startsWith("fail") && x.receiveCount() == 1)
                        .map(x -> x.message().getMessageId()).toList()), settings.withConcurrency(1))
                // reprocess: a batch holding any first delivery throws
                .handler(Lane.REPROCESS, recording(Lane.REPROCESS, batch ->
                        batch.stream().anyMatch(x -> x.receiveCount() == 1 && x.body().startsWith("throw")) ? null
                                // a failure naming a message not in the batch fails it all, as in Lambda
                                : batch.stream().anyMatch(x -> x.receiveCount() == 1 && x.body().startsWith("bogus"))
                                ? List.of("not-a-message-id-of-this-batch") : List.of()), settings.withConcurrency(3))
                // ingest: "poison" always fails
                .handler(Lane.INGEST, recording(Lane.INGEST, batch -> batch.stream()
                        .filter(x -> x.body().equals("poison")).map(x -> x.message().getMessageId()).toList()), settings)
                .start();
        d = stack.deployment();
        sqs = DeploymentClients.sqs(d);
    }

    @AfterAll
    static void stop() {
        sqs.close();
        stack.close();
    }

    @Test
    void onlyTheFailedMessagesOfABatchComeBack() {
        send(Lane.RENDER, "ok-1", "fail-1", "ok-2", "ok-3", "fail-2", "ok-4");

        List<Delivery> deliveries = Await.until("both failed messages redelivered", () -> {
            List<Delivery> s = seen.get(Lane.RENDER);
            return s.stream().filter(x -> x.receiveCount() == 2).count() == 2 ? List.copyOf(s) : null;
        });
        awaitEmpty(Lane.RENDER);

        assertThat(deliveries).filteredOn(x -> x.body().startsWith("ok"))
                .extracting(Delivery::body).containsExactlyInAnyOrder("ok-1", "ok-2", "ok-3", "ok-4");
        assertThat(deliveries).filteredOn(x -> x.body().startsWith("fail"))
                .extracting(Delivery::body, Delivery::receiveCount)
                .containsExactlyInAnyOrder(tuple("fail-1", 1), tuple("fail-1", 2),
                        tuple("fail-2", 1), tuple("fail-2", 2));
        assertThat(dlqDepth(Lane.RENDER)).isZero();
    }

    @Test
    void aThrowingInvocationFailsTheWholeBatchAndABogusFailureIdToo() {
        send(Lane.REPROCESS, "throw-1", "bogus-1");

        List<Delivery> deliveries = Await.until("both redelivered", () -> {
            List<Delivery> s = seen.get(Lane.REPROCESS);
            return s.stream().filter(x -> x.receiveCount() >= 2).map(Delivery::body).distinct().count() == 2 ? List.copyOf(s) : null;
        });
        awaitEmpty(Lane.REPROCESS);

        // Neither was deleted after its first delivery, whichever batch it came in.
        assertThat(deliveries).filteredOn(x -> x.receiveCount() == 1).extracting(Delivery::body)
                .containsExactlyInAnyOrder("throw-1", "bogus-1");
        assertThat(instances.get(Lane.REPROCESS)).as("one handler per concurrent poller").hasValue(3);
        assertThat(dlqDepth(Lane.REPROCESS)).isZero();
    }

    @Test
    void aMessageThatKeepsFailingEndsInTheDeadLetterQueue() {
        send(Lane.INGEST, "poison", "fine");

        Message dead = Await.until("poison in the dead-letter queue", () -> {
            List<Message> m = sqs.receiveMessage(r -> r.queueUrl(d.queues().ingestDlq()).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            return m.isEmpty() ? null : m.getFirst();
        });

        assertThat(dead.body()).isEqualTo("poison");
        assertThat(seen.get(Lane.INGEST)).filteredOn(x -> x.body().equals("poison"))
                .extracting(Delivery::receiveCount).containsExactly(1, 2, 3, 4, 5);
        assertThat(seen.get(Lane.INGEST)).filteredOn(x -> x.body().equals("fine")).hasSize(1);
        awaitEmpty(Lane.INGEST);
    }

    @Test
    void recordsCarryWhatLambdaPutsInThem() throws Exception {
        send(Lane.RENDER, "attributes-check");

        Delivery delivery = Await.until("delivery", () -> seen.get(Lane.RENDER).stream()
                .filter(x -> x.body().equals("attributes-check")).findFirst().orElse(null));
        SQSEvent.SQSMessage m = delivery.message();

        assertThat(m.getMessageId()).isNotBlank();
        assertThat(m.getReceiptHandle()).isNotBlank();
        assertThat(m.getMd5OfBody()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("MD5").digest("attributes-check".getBytes(StandardCharsets.UTF_8))));
        assertThat(m.getAttributes()).containsKeys("ApproximateReceiveCount", "SentTimestamp", "ApproximateFirstReceiveTimestamp");
        assertThat(Long.parseLong(m.getAttributes().get("SentTimestamp"))).isPositive();
        assertThat(m.getEventSource()).isEqualTo("aws:sqs");
        assertThat(m.getEventSourceArn()).isEqualTo("arn:aws:sqs:" + d.region() + ":000000000000:render");
        assertThat(m.getAwsRegion()).isEqualTo(d.region());
    }

    private static void send(Lane queue, String... bodies) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(bodies[i]).build());
        }
        assertThat(sqs.sendMessageBatch(b -> b.queueUrl(queue.url(d)).entries(entries)).failed()).isEmpty();
    }

    private static void awaitEmpty(Lane queue) {
        Await.until(queue + " empty", () -> {
            Map<QueueAttributeName, String> a = sqs.getQueueAttributes(g -> g.queueUrl(queue.url(d)).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            return a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES).equals("0")
                    && a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE).equals("0");
        });
    }

    private static int dlqDepth(Lane queue) {
        return Integer.parseInt(sqs.getQueueAttributes(g -> g.queueUrl(queue.deadLetterUrl(d))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }
}
