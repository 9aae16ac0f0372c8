package gallery.core.deploy;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The pipeline's queues, each with a dead-letter queue: the one place that names a lane and holds what
 * differs between lanes, here and in AWS (infra's {@code Pipeline}, the local stack, the admin tool, logs
 * and metrics all read it). Videos have a lane of their own: a transcode takes minutes and must not sit in
 * front of photo renders.
 */
public enum Lane {
    /** Small, fast messages: whole batches, a couple at a time. */
    INGEST(new Consumers(10, 2), new Consumers(10, 4), Duration.ofSeconds(60), Deployment.Queues::ingest, Deployment.Queues::ingestDlq),
    /**
     * New uploads. Locally one photo per invocation and one invocation per core, so rendering fills the CPU;
     * in AWS two jobs per invocation (small, so one slow photo does not hold many others back), eight at once.
     */
    RENDER(new Consumers(1, Math.max(1, Runtime.getRuntime().availableProcessors())), new Consumers(2, 8), Duration.ofMinutes(3),
            Deployment.Queues::render, Deployment.Queues::renderDlq),
    /** Admin rebuilds: the low-priority lane, one at a time locally and a trickle of two in AWS, so new uploads never wait behind it. */
    REPROCESS(new Consumers(1, 1), new Consumers(2, 2), Duration.ofMinutes(3), Deployment.Queues::reprocess, Deployment.Queues::reprocessDlq),
    /**
     * Videos: one per invocation, as a transcode uses every core by itself; a family's phone sync at once
     * in AWS. The local timeout covers the longest video the lane accepts ({@code MAX_VIDEO_SECONDS}) at the
     * transcode speed measured here, with margin.
     */
    VIDEO(new Consumers(1, 1), new Consumers(1, 2), Duration.ofMinutes(15), Deployment.Queues::video, Deployment.Queues::videoDlq);

    /** Messages per invocation and invocations at once on a lane. */
    public record Consumers(int batchSize, int concurrency) {
    }

    private final Consumers local;
    private final Consumers aws;
    private final Duration localTimeout;
    private final Function<Deployment.Queues, String> url;
    private final Function<Deployment.Queues, String> deadLetterUrl;

    Lane(Consumers local, Consumers aws, Duration localTimeout, Function<Deployment.Queues, String> url,
         Function<Deployment.Queues, String> deadLetterUrl) {
        this.local = local;
        this.aws = aws;
        this.localTimeout = localTimeout;
        this.url = url;
        this.deadLetterUrl = deadLetterUrl;
    }

    /** How a lane appears in queue names, logs, metric dimensions, the {@code LANE} variable and the admin tool. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Lane> byLabel(String label) {
        return Arrays.stream(values()).filter(l -> l.label().equals(label)).findFirst();
    }

    /** The queue's name in the local stack (in AWS CloudFormation names it). */
    public String queueName() {
        return label();
    }

    public String deadLetterQueueName() {
        return queueName() + "-dlq";
    }

    /** The local stack's consumers (one machine, shared with everything else). */
    public Consumers local() {
        return local;
    }

    /** The Lambda event source's batch size and the function's reserved concurrency in AWS. */
    public Consumers aws() {
        return aws;
    }

    /**
     * The local handler's timeout, and the queue's visibility timeout: how long a received message stays
     * hidden from other pollers, longer than a batch takes, or a slow batch is handed out twice. (In AWS
     * infra's {@code FunctionSizing} derives both from the function's budget.)
     */
    public Duration localTimeout() {
        return localTimeout;
    }

    public String url(Deployment d) {
        return url.apply(d.queues());
    }

    /** Null when the deployment names no dead-letter queue for the lane. */
    public String deadLetterUrl(Deployment d) {
        return deadLetterUrl.apply(d.queues());
    }
}
