package gallery.admin;

import gallery.core.deploy.Deployment;
import gallery.core.deploy.Lane;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lanes' dead letters, where each lane's are: a dead-letter queue of its own (the local stack), or the one
 * queue every lane shares (the AWS stack: one alarm metric instead of four, docs/deploy.md). In a shared queue
 * a message's lane is the queue SQS moved it from, which SQS records on it as {@code DeadLetterQueueSourceArn}.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html
 */
final class DeadLetters {
    /** What a redrive did for one lane. */
    record Tally(long found, int moved, int failed) {
        Tally plus(long f, int m, int x) {
            return new Tally(found + f, moved + m, failed + x);
        }
    }

    /** How many a status reads of a shared queue to count them by lane, without taking any. */
    static final int MAX_PEEK = 1000;

    private final SqsClient sqs;
    private final Deployment d;
    /** Dead-letter queue URL → the lanes whose messages go there. */
    private final Map<String, List<Lane>> byQueue = new LinkedHashMap<>();
    private Map<String, Lane> byArn;

    DeadLetters(SqsClient sqs, Deployment d) {
        this.sqs = sqs;
        this.d = d;
        for (Lane lane : Lane.values()) {
            String url = lane.deadLetterUrl(d);
            if (url != null) byQueue.computeIfAbsent(url, k -> new ArrayList<>()).add(lane);
        }
    }

    boolean has(Lane lane) {
        return lane.deadLetterUrl(d) != null;
    }

    /** Dead letters by lane. A shared queue is read (up to {@link #MAX_PEEK}, visibility untouched) to tell them apart. */
    Map<Lane, Long> counts() {
        Map<Lane, Long> out = new EnumMap<>(Lane.class);
        byQueue.forEach((url, lanes) -> {
            if (lanes.size() == 1) {
                out.put(lanes.getFirst(), Queues.depth(sqs, url).total());
                return;
            }
            lanes.forEach(l -> out.put(l, 0L));
            Set<String> seen = new HashSet<>();
            int idle = 0;
            while (seen.size() < MAX_PEEK && idle < 2) {
                // Visibility 0: the messages stay where they are, visible to a redrive at once.
                List<Message> batch = receive(url, 10, 0);
                boolean fresh = false;
                for (Message m : batch) {
                    if (!seen.add(m.messageId())) continue;
                    fresh = true;
                    Lane lane = laneOf(m);
                    if (lane != null) out.merge(lane, 1L, Long::sum);
                }
                idle = fresh ? 0 : idle + 1;
            }
        });
        return out;
    }

    /** Total messages in the dead-letter queues, each queue counted once. */
    long total() {
        return byQueue.keySet().stream().mapToLong(url -> Queues.depth(sqs, url).total()).sum();
    }

    /**
     * Moves the dead letters of {@code lanes} back to the lane each came from: receive, send, delete (only what
     * was sent, so a failure leaves the message where it was, never lost). Bounded by each queue's depth at the
     * start (and {@code maxPerLane}), so a message that fails again while this runs is not moved round in a loop.
     * In a shared queue, another lane's message, or one without its source, is made visible again at once.
     */
    Map<Lane, Tally> redrive(Set<Lane> lanes, Integer maxPerLane, PrintWriter err) {
        Map<Lane, Tally> out = new EnumMap<>(Lane.class);
        for (Lane lane : lanes) if (has(lane)) out.put(lane, new Tally(0, 0, 0));
        byQueue.forEach((url, sharing) -> {
            if (sharing.stream().noneMatch(lanes::contains)) return;
            long depth = Queues.depth(sqs, url).visible();
            if (sharing.size() == 1) {
                // Its own queue: every message is the lane's, and what it holds is what was found.
                Lane lane = sharing.getFirst();
                long limit = maxPerLane != null ? Math.min(maxPerLane, depth) : depth;
                Tally t = limit == 0 ? new Tally(0, 0, 0) : move(url, limit, m -> lane, Set.of(lane), maxPerLane, err).get(lane);
                out.put(lane, new Tally(depth, t.moved(), t.failed()));
                return;
            }
            Map<Lane, Tally> moved = move(url, depth, this::laneOf, lanes, maxPerLane, err);
            moved.forEach((lane, t) -> { if (lanes.contains(lane)) out.put(lane, t); });
        });
        return out;
    }

    private Map<Lane, Tally> move(String from, long limit, java.util.function.Function<Message, Lane> laneOf,
                                         Set<Lane> wanted, Integer maxPerLane, PrintWriter err) {
        Map<Lane, Tally> tally = new EnumMap<>(Lane.class);
        for (Lane l : wanted) tally.put(l, new Tally(0, 0, 0));
        Set<String> seen = new HashSet<>();
        long handled = 0;
        int emptyReceives = 0;
        // Stops after three receives that bring nothing new: what we made visible again can come back first.
        while (handled < limit && emptyReceives < 3) {
            int want = (int) Math.min(10, limit - handled);
            // Hidden for a minute while we move them; one that we fail to send reappears in the dead-letter queue.
            List<Message> messages = receive(from, want, 60);
            if (messages.isEmpty()) {
                emptyReceives++;
                continue;
            }
            emptyReceives = 0;
            Map<Lane, List<Message>> toSend = new EnumMap<>(Lane.class);
            List<Message> putBack = new ArrayList<>();
            boolean fresh = false;
            for (Message m : messages) {
                if (!seen.add(m.messageId())) { putBack.add(m); continue; } // received again within this run: already counted
                fresh = true;
                handled++;
                Lane lane = laneOf.apply(m);
                if (lane == null) {
                    err.println("dead letter " + m.messageId() + " does not say which lane it came from (no DeadLetterQueueSourceArn): left in " + from);
                    putBack.add(m);
                } else if (!wanted.contains(lane) || (maxPerLane != null && tally.get(lane).found() >= maxPerLane)) {
                    putBack.add(m);
                } else {
                    tally.put(lane, tally.get(lane).plus(1, 0, 0));
                    toSend.computeIfAbsent(lane, k -> new ArrayList<>()).add(m);
                }
            }
            toSend.forEach((lane, batch) -> {
                int[] r = sendAndDelete(from, lane.url(d), batch, err);
                tally.put(lane, tally.get(lane).plus(0, r[0], r[1]));
            });
            show(from, putBack);
            if (!fresh) emptyReceives++;
        }
        return tally;
    }

    /** Sends {@code messages} to {@code to}, then deletes from {@code from} what was sent: {moved, failed}. */
    private int[] sendAndDelete(String from, String to, List<Message> messages, PrintWriter err) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(m.body())
                    .messageAttributes(m.messageAttributes()).build());
        }
        SendMessageBatchResponse sent = sqs.sendMessageBatch(b -> b.queueUrl(to).entries(entries));
        int failed = 0;
        for (var f : sent.failed()) {
            failed++;
            err.println("could not move message " + messages.get(Integer.parseInt(f.id())).messageId() + ": " + f.code() + " " + f.message());
        }
        List<DeleteMessageBatchRequestEntry> delete = sent.successful().stream()
                .map(s -> DeleteMessageBatchRequestEntry.builder().id(s.id())
                        .receiptHandle(messages.get(Integer.parseInt(s.id())).receiptHandle()).build())
                .toList();
        if (!delete.isEmpty()) {
            var deleted = sqs.deleteMessageBatch(b -> b.queueUrl(from).entries(delete));
            // A message sent but not deleted is delivered twice: consumers are idempotent, so say so and go on.
            for (var f : deleted.failed()) err.println("moved but not deleted from the dead-letter queue (will be seen again): " + f.id() + " " + f.message());
        }
        return new int[]{delete.size(), failed};
    }

    /** Makes messages this run does not move visible again at once, for the next redrive or another lane's. */
    private void show(String queue, List<Message> messages) {
        if (messages.isEmpty()) return;
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(messages.get(i).receiptHandle()).visibilityTimeout(0).build());
        }
        sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queue).entries(entries));
    }

    private List<Message> receive(String url, int max, int visibility) {
        return sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(max).waitTimeSeconds(1).visibilityTimeout(visibility)
                .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.DEAD_LETTER_QUEUE_SOURCE_ARN)).messages();
    }

    /** The lane whose queue SQS moved {@code m} from, or null when the message does not say. */
    Lane laneOf(Message m) {
        String source = m.attributes().get(MessageSystemAttributeName.DEAD_LETTER_QUEUE_SOURCE_ARN);
        if (source == null) return null;
        if (byArn == null) {
            Map<String, Lane> arns = new HashMap<>();
            for (Lane lane : Lane.values()) {
                String arn = sqs.getQueueAttributes(b -> b.queueUrl(lane.url(d)).attributeNames(QueueAttributeName.QUEUE_ARN))
                        .attributes().get(QueueAttributeName.QUEUE_ARN);
                arns.put(arn, lane);
            }
            byArn = arns;
        }
        return byArn.get(source);
    }
}
