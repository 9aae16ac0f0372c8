package gallery.admin;

import gallery.core.deploy.Deployment;
import gallery.core.deploy.Lane;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The pipeline's queues by lane, their depths, and batched sends. */
public final class Queues {
    /** SQS's approximate counts: waiting, received and not yet deleted, delayed. */
    public record Depth(long visible, long inFlight, long delayed) {
        public long total() {
            return visible + inFlight + delayed;
        }
    }

    private Queues() {
    }

    public static Depth depth(SqsClient sqs, String url) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return new Depth(count(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
                count(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
                count(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
    }

    /** Each lane's own queue (dead letters are counted by {@link DeadLetters}, which knows they may share one). */
    public static Map<Lane, Depth> depths(SqsClient sqs, Deployment d) {
        Map<Lane, Depth> out = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            String url = lane.url(d);
            if (url != null) out.put(lane, depth(sqs, url));
        }
        return out;
    }

    private static long count(Map<QueueAttributeName, String> a, QueueAttributeName name) {
        String v = a.get(name);
        return v == null ? 0 : Long.parseLong(v);
    }

    /**
     * Sends up to 10 bodies in one request; returns the indexes (into {@code bodies}) that SQS
     * refused, each with its reason, so the caller retries or reports exactly those.
     */
    public static Map<Integer, String> sendBatch(SqsClient sqs, String url, List<String> bodies) {
        if (bodies.size() > 10) throw new IllegalArgumentException("SQS takes at most 10 messages a batch, got " + bodies.size());
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(bodies.get(i)).build());
        }
        SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
        Map<Integer, String> failed = new java.util.TreeMap<>();
        for (BatchResultErrorEntry e : r.failed()) failed.put(Integer.parseInt(e.id()), e.code() + ": " + e.message());
        return failed;
    }
}
