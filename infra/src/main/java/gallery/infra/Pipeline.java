package gallery.infra;

import gallery.core.PhotoKey;
import gallery.core.preset.Presets;
import gallery.ingest.IngestConfig;
import gallery.worker.WorkerConfig;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.amazon.awscdk.interfaces.s3.IBucketRef;
import software.amazon.awscdk.services.iam.AddToResourcePolicyResult;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.BucketNotificationDestinationConfig;
import software.amazon.awscdk.services.s3.BucketNotificationDestinationType;
import software.amazon.awscdk.services.s3.EventType;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.IBucketNotificationDestination;
import software.amazon.awscdk.services.s3.NotificationKeyFilter;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Uploads to renditions: S3 notifications for {@code photos/} → ingest queue → ingest function →
 * render queue → worker; an admin's reprocess requests take a separate, slower lane so uploads never
 * wait behind a rebuild; videos go from ingest to a lane of their own (ffmpeg, minutes per job), so
 * they never hold photos back. Each lane is a queue and a function whose visibility timeout, batch and
 * concurrency are computed from its sizing; the four lanes share one dead-letter queue and its one alarm.
 * CloudWatch bills each alarm metric ($0.10 a month, idle or not): one queue is $0.30 a month less than four,
 * and SQS records on every dead letter the queue it came from ({@code DeadLetterQueueSourceArn}), which is
 * how {@code admin dlq redrive} and {@code admin status} tell the lanes apart.
 */
public final class Pipeline extends Construct {
    /** A message stays this long in its queue; its dead-letter queue keeps it longer (SQS's maximum). */
    static final Duration QUEUE_RETENTION = Duration.days(4);
    static final Duration DEAD_LETTER_RETENTION = Duration.days(14);
    static final String RENDITIONS_PREFIX = "renditions/";
    /** Where the on-demand resizer stores results too large to answer inline (docs/architecture.md). */
    static final String RESIZED_PREFIX = RENDITIONS_PREFIX + "resized/";

    private final Lane ingest;
    private final Lane render;
    private final Lane reprocess;
    private final Lane video;
    private final Topic alarms;
    /** Every lane's dead letters, and the alarm on them. */
    private final Queue deadLetters;
    private final Alarm deadLettersAlarm;

    /** One queue, the (shared) dead-letter queue and its alarm, and the function that consumes it. */
    public record Lane(Queue queue, IQueue deadLetters, JavaFunction function, Alarm alarm) {
    }

    public Pipeline(Construct scope, String id, Props props) {
        super(scope, id);
        String photos = PhotoKey.PREFIX;
        this.alarms = Topic.Builder.create(this, "Alarms")
                .displayName("Gallery dead letters")
                .enforceSsl(true)
                .build();
        props.alarmEmail.ifPresent(email -> alarms.addSubscription(new EmailSubscription(email)));
        this.deadLetters = Queue.Builder.create(this, "DeadLetters")
                .retentionPeriod(DEAD_LETTER_RETENTION)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .build();
        this.deadLettersAlarm = deadLetters.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .period(Duration.minutes(5)).statistic("Maximum").build())
                .createAlarm(this, "DeadLettersAlarm", CreateAlarmOptions.builder()
                        .alarmDescription("messages of a lane (ingest, render, reprocess or video) failed " + FunctionSizing.MAX_RECEIVE_COUNT
                                + " times and wait in the dead-letter queue: `./gallery admin status` counts them by lane; read the lane's "
                                + "function log, then `./gallery admin dlq redrive` moves each back to the lane it came from")
                        .threshold(0)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                        .evaluationPeriods(1)
                        .treatMissingData(TreatMissingData.NOT_BREACHING)
                        .build());
        deadLettersAlarm.addAlarmAction(new SnsAction(alarms));

        // The render queue exists before the ingest function, which sends to it.
        Duration renderTimeout = FunctionSizing.renderTimeout();
        Queue renderQueue = queue("Render", renderTimeout);
        Queue reprocessQueue = queue("Reprocess", renderTimeout);
        Queue videoQueue = queue("Video", FunctionSizing.VIDEO_TIMEOUT);

        Map<String, String> ingestEnv = IngestConfig.environment(props.storage.originals().getBucketName(),
                props.storage.derived().getBucketName(), props.table.getTableName(), renderQueue.getQueueUrl(),
                videoQueue.getQueueUrl(), Presets.DEFAULT.name());
        JavaFunction ingestFn = JavaFunction.builder()
                .jars(props.jars).module("ingest").handler("gallery.ingest.IngestHandler")
                .memoryMb(FunctionSizing.INGEST_MEMORY_MB).timeout(FunctionSizing.INGEST_TIMEOUT)
                .environment(ingestEnv)
                .reservedConcurrency(props.reserveConcurrency ? gallery.core.deploy.Lane.INGEST.aws().concurrency() : null)
                .build(this, "IngestFunction");
        Queue ingestQueue = queue("Ingest", ingestFn.timeout());
        this.ingest = lane("Ingest", gallery.core.deploy.Lane.INGEST, ingestQueue, ingestFn);
        ObjectGrants.read(ingestFn.role(), props.storage.originals(), photos);
        // A deleted original takes its renditions with it.
        ObjectGrants.delete(ingestFn.role(), props.storage.derived(), RENDITIONS_PREFIX);
        PhotoIndexTable.grantReadWrite(props.table, ingestFn.role());
        renderQueue.grantSendMessages(ingestFn.role());
        videoQueue.grantSendMessages(ingestFn.role());

        NotificationKeyFilter underPhotos = NotificationKeyFilter.builder().prefix(photos).build();
        IBucketNotificationDestination toIngest = notificationsTo(ingestQueue, props.storage.originals());
        props.storage.originals().addEventNotification(EventType.OBJECT_CREATED, toIngest, underPhotos);
        props.storage.originals().addEventNotification(EventType.OBJECT_REMOVED, toIngest, underPhotos);

        this.render = workerLane("Render", gallery.core.deploy.Lane.RENDER, renderQueue, props);
        this.reprocess = workerLane("Reprocess", gallery.core.deploy.Lane.REPROCESS, reprocessQueue, props);
        this.video = videoLane(videoQueue, props);
    }

    /** The video worker: same jar as the render worker, libvips for the poster frame, ffmpeg from its layer. */
    private Lane videoLane(Queue queue, Props props) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put(gallery.core.config.GalleryData.ORIGINALS_BUCKET, props.storage.originals().getBucketName());
        env.put(gallery.core.config.GalleryData.DERIVED_BUCKET, props.storage.derived().getBucketName());
        env.put(gallery.core.config.GalleryData.PHOTO_TABLE, props.table.getTableName());
        env.put("PRESET", Presets.DEFAULT.name());
        env.putAll(props.libvips.environment(FunctionSizing.VIDEO_MEMORY_MB));
        env.putAll(props.ffmpeg.environment());
        env.put("FFMPEG_TIMEOUT_SECONDS", Integer.toString(FunctionSizing.FFMPEG_TIMEOUT_SECONDS));
        env.put("FFMPEG_THREADS", Integer.toString(FunctionSizing.vcpus(FunctionSizing.VIDEO_MEMORY_MB)));
        env.put("VIDEO_WORK_DIR", "/tmp");
        JavaFunction fn = JavaFunction.builder()
                .jars(props.jars).module("resizer-worker").handler("gallery.worker.VideoHandler")
                .memoryMb(FunctionSizing.VIDEO_MEMORY_MB).timeout(FunctionSizing.VIDEO_TIMEOUT)
                .environment(env)
                .layers(List.<ILayerVersion>of(props.libvips.layer(), props.ffmpeg.layer()))
                .reservedConcurrency(props.reserveConcurrency ? gallery.core.deploy.Lane.VIDEO.aws().concurrency() : null)
                .build(this, "VideoWorker");
        // The original and the copy are files in /tmp: room for the largest original and its copy.
        ((CfnFunction) fn.function().getNode().getDefaultChild())
                .setEphemeralStorage(CfnFunction.EphemeralStorageProperty.builder().size(FunctionSizing.VIDEO_EPHEMERAL_MB).build());
        ObjectGrants.read(fn.role(), props.storage.originals(), PhotoKey.PREFIX);
        ObjectGrants.write(fn.role(), props.storage.derived(), RENDITIONS_PREFIX);
        ObjectGrants.delete(fn.role(), props.storage.derived(), RENDITIONS_PREFIX);
        PhotoIndexTable.grantReadWrite(props.table, fn.role());
        return lane("Video", gallery.core.deploy.Lane.VIDEO, queue, fn);
    }

    /**
     * S3 notifications into {@code queue}, allowed by a queue policy that names the bucket and the
     * account ({@code aws:SourceArn} and {@code aws:SourceAccount}): a bucket name can be taken by
     * another account once this one deletes it, and the ARN alone does not say whose it is.
     * (CDK's SqsDestination writes the ARN condition only.)
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html
     */
    private static IBucketNotificationDestination notificationsTo(Queue queue, IBucket bucket) {
        AddToResourcePolicyResult added = queue.addToResourcePolicy(PolicyStatement.Builder.create()
                .principals(List.of(new ServicePrincipal("s3.amazonaws.com")))
                .actions(List.of("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"))
                .resources(List.of(queue.getQueueArn()))
                .conditions(Map.of(
                        "ArnLike", Map.of("aws:SourceArn", bucket.getBucketArn()),
                        "StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
                .build());
        return new IBucketNotificationDestination() {
            @Override
            public BucketNotificationDestinationConfig bind(Construct scope, IBucketRef b) {
                return BucketNotificationDestinationConfig.builder()
                        .arn(queue.getQueueArn())
                        .type(BucketNotificationDestinationType.QUEUE)
                        // S3 checks the policy when the notification is saved
                        .dependencies(added.getPolicyDependable() == null ? List.of() : List.of(added.getPolicyDependable()))
                        .build();
            }
        };
    }

    private Lane workerLane(String name, gallery.core.deploy.Lane lane, Queue queue, Props props) {
        Map<String, String> env = WorkerConfig.environment(props.storage.derived().getBucketName(), props.table.getTableName(),
                lane, props.libvips.environment(FunctionSizing.RESIZER_MEMORY_MB));
        JavaFunction fn = JavaFunction.builder()
                .jars(props.jars).module("resizer-worker").handler("gallery.worker.RenderHandler")
                .memoryMb(FunctionSizing.RESIZER_MEMORY_MB).timeout(FunctionSizing.renderTimeout())
                .environment(env)
                .layers(List.<ILayerVersion>of(props.libvips.layer()))
                .reservedConcurrency(props.reserveConcurrency ? lane.aws().concurrency() : null)
                .build(this, name + "Worker");
        ObjectGrants.read(fn.role(), props.storage.originals(), PhotoKey.PREFIX);
        // The worker writes renditions and nothing else: it cannot touch an original. It deletes
        // what it just wrote when the photo was deleted while it rendered.
        ObjectGrants.write(fn.role(), props.storage.derived(), RENDITIONS_PREFIX);
        ObjectGrants.delete(fn.role(), props.storage.derived(), RENDITIONS_PREFIX);
        PhotoIndexTable.grantReadWrite(props.table, fn.role());
        return lane(name, lane, queue, fn);
    }

    private Queue queue(String name, Duration consumerTimeout) {
        return Queue.Builder.create(this, name + "Queue")
                .visibilityTimeout(FunctionSizing.visibilityTimeout(consumerTimeout))
                .retentionPeriod(QUEUE_RETENTION)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .deadLetterQueue(DeadLetterQueue.builder()
                        .queue(deadLetters)
                        .maxReceiveCount(FunctionSizing.MAX_RECEIVE_COUNT)
                        .build())
                .build();
    }

    /** The event source of {@code fn} on {@code queue}, sized by {@code lane}'s AWS consumers, and the dead-letter alarm. */
    private Lane lane(String name, gallery.core.deploy.Lane lane, Queue queue, JavaFunction fn) {
        if (queue.getDeadLetterQueue() == null) throw new IllegalStateException(name + " queue has no dead-letter queue");
        // The alias, not the function: SnapStart only restores published versions.
        fn.alias().addEventSource(new SqsEventSource(queue, SqsEventSourceProps.builder()
                .batchSize(lane.aws().batchSize())
                .maxBatchingWindow(FunctionSizing.MAX_BATCHING_WINDOW)
                .reportBatchItemFailures(true)
                // Lambda stops polling at this many concurrent batches instead of being throttled
                // by the reserved concurrency, which would count receives towards the DLQ.
                .maxConcurrency(Math.max(2, lane.aws().concurrency()))
                .build()));
        return new Lane(queue, queue.getDeadLetterQueue().getQueue(), fn, deadLettersAlarm);
    }

    public Lane ingest() {
        return ingest;
    }

    public Lane render() {
        return render;
    }

    public Lane reprocess() {
        return reprocess;
    }

    public Lane video() {
        return video;
    }

    public List<Lane> lanes() {
        return new ArrayList<>(List.of(ingest, render, reprocess, video));
    }

    public Topic alarms() {
        return alarms;
    }

    /** The one dead-letter queue of every lane. */
    public Queue deadLetters() {
        return deadLetters;
    }

    public static Builder builder() {
        return new Builder();
    }

    public record Props(LambdaJars jars, Storage storage, ITable table, LibvipsLayer libvips, FfmpegLayer ffmpeg,
                        boolean reserveConcurrency, Optional<String> alarmEmail) {
        public Props {
            Objects.requireNonNull(ffmpeg, "ffmpeg");
            Objects.requireNonNull(jars, "jars");
            Objects.requireNonNull(storage, "storage");
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(libvips, "libvips");
            Objects.requireNonNull(alarmEmail, "alarmEmail");
        }
    }

    public static final class Builder {
        private LambdaJars jars;
        private Storage storage;
        private ITable table;
        private LibvipsLayer libvips;
        private FfmpegLayer ffmpeg;
        private boolean reserveConcurrency = true;
        private Optional<String> alarmEmail = Optional.empty();

        public Builder jars(LambdaJars jars) { this.jars = jars; return this; }
        public Builder storage(Storage storage) { this.storage = storage; return this; }
        public Builder table(ITable table) { this.table = table; return this; }
        public Builder libvips(LibvipsLayer libvips) { this.libvips = libvips; return this; }
        public Builder ffmpeg(FfmpegLayer ffmpeg) { this.ffmpeg = ffmpeg; return this; }
        public Builder reserveConcurrency(boolean reserve) { this.reserveConcurrency = reserve; return this; }
        public Builder alarmEmail(Optional<String> email) { this.alarmEmail = email; return this; }

        public Pipeline build(Construct scope, String id) {
            return new Pipeline(scope, id, new Props(jars, storage, table, libvips, ffmpeg, reserveConcurrency, alarmEmail));
        }
    }
}
