package gallery.local;

import gallery.aws.DeploymentClients;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import gallery.core.PhotoKey;
import gallery.core.deploy.Deployment;
import gallery.core.deploy.Lane;
import gallery.emulators.LocalDynamoDb;
import gallery.core.backup.BackupKeyFile;
import gallery.local.s3.LocalS3;
import gallery.emulators.LocalSqs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The AWS side of the gallery on one machine, on 127.0.0.1, with no AWS account and no Docker:
 * S3 (S3Proxy, file-backed, with S3's event notifications to the ingest queue), SQS (ElasticMQ,
 * every queue with a dead-letter queue) and DynamoDB (DynamoDB Local, file-backed), plus the
 * registered Lambda handlers, each behind a {@link LambdaPoller}. S3 and DynamoDB data live under
 * the data folder and survive a restart; queues start empty.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.builder(Path.of(".data"))
 *         .tableInitializer((dynamo, table) -> PhotoIndex.createTable(dynamo, table))
 *         .handler(Lane.INGEST, d -> new IngestHandler(config(d), DeploymentClients.s3(d), ...))
 *         .start()) {
 *     Deployment d = stack.deployment();   // also in .data/endpoints.json
 * }
 * }</pre>
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    public static final int DEFAULT_S3_PORT = 8401;
    public static final int DEFAULT_SQS_PORT = 8402;
    public static final int DEFAULT_DYNAMODB_PORT = 8403;
    public static final String REGION = "us-east-1";
    /** The local stack's key pair: any S3 client signs with it (S3Proxy checks signatures). */
    public static final String ACCESS_KEY_ID = "gallery";
    public static final String SECRET_ACCESS_KEY = "gallery-local-secret";
    public static final String ORIGINALS_BUCKET = "originals";
    public static final String DERIVED_BUCKET = "derived";
    public static final String WEB_BUCKET = "web";
    public static final String PHOTO_TABLE = "photos";
    public static final int MAX_RECEIVE_COUNT = 5;
    public static final String ENDPOINTS_FILE = "endpoints.json";

    /** Builds a handler for the given deployment (typically from its config and {@link DeploymentClients}). */
    @FunctionalInterface
    public interface HandlerFactory {
        RequestHandler<SQSEvent, SQSBatchResponse> create(Deployment deployment);
    }

    /** Creates the photo table if it is missing (the photo index module knows its schema). */
    @FunctionalInterface
    public interface TableInitializer {
        void createIfMissing(DynamoDbClient dynamo, String tableName);
    }

    /** One handler behind a poller on one queue. */
    public record Registration(Lane queue, HandlerFactory factory, LambdaPoller.Settings settings) {
        public Registration {
            Objects.requireNonNull(queue, "queue");
            Objects.requireNonNull(factory, "factory");
            Objects.requireNonNull(settings, "settings");
        }
    }

    /**
     * What to start. Ports of 0 take free ports (tests). {@code visibilityTimeout} null keeps each
     * queue's own ({@link Lane#localTimeout()}).
     */
    public record Options(Path dataDir, int s3Port, int sqsPort, int dynamoDbPort, Duration visibilityTimeout,
                          int maxReceiveCount, TableInitializer tableInitializer, List<Registration> handlers,
                          boolean writeEndpointsFile) {
        public Options(Path dataDir, int s3Port, int sqsPort, int dynamoDbPort, Duration visibilityTimeout,
                       int maxReceiveCount, TableInitializer tableInitializer, List<Registration> handlers) {
            this(dataDir, s3Port, sqsPort, dynamoDbPort, visibilityTimeout, maxReceiveCount, tableInitializer, handlers, true);
        }

        public Options {
            Objects.requireNonNull(dataDir, "dataDir");
            checkPort("S3", s3Port);
            checkPort("SQS", sqsPort);
            checkPort("DynamoDB", dynamoDbPort);
            if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
                throw new IllegalArgumentException("maxReceiveCount=" + maxReceiveCount + ": expected 1..1000 (SQS's range)");
            }
            if (visibilityTimeout != null && (visibilityTimeout.isNegative() || visibilityTimeout.toSeconds() > 43_200)) {
                throw new IllegalArgumentException("visibilityTimeout=" + visibilityTimeout + ": expected 0..12 hours (SQS's range)");
            }
            handlers = List.copyOf(handlers);
        }

        private static void checkPort(String what, int port) {
            if (port < 0 || port > 65_535) throw new IllegalArgumentException(what + " port " + port + ": expected 0..65535");
        }
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** A stack for a test: free ports, data under {@code tempDir}, no handlers. */
    public static LocalStack startForTest(Path tempDir) {
        return builder(tempDir).s3Port(0).sqsPort(0).dynamoDbPort(0).start();
    }

    public static final class Builder {
        private final Path dataDir;
        private int s3Port = DEFAULT_S3_PORT;
        private int sqsPort = DEFAULT_SQS_PORT;
        private int dynamoDbPort = DEFAULT_DYNAMODB_PORT;
        private Duration visibilityTimeout;
        private int maxReceiveCount = MAX_RECEIVE_COUNT;
        private TableInitializer tableInitializer;
        private final List<Registration> handlers = new ArrayList<>();
        private boolean writeEndpointsFile = true;

        private Builder(Path dataDir) {
            this.dataDir = dataDir;
        }

        public Builder s3Port(int port) { this.s3Port = port; return this; }
        public Builder sqsPort(int port) { this.sqsPort = port; return this; }
        public Builder dynamoDbPort(int port) { this.dynamoDbPort = port; return this; }
        /** Free ports for every service (tests). */
        public Builder freePorts() { return s3Port(0).sqsPort(0).dynamoDbPort(0); }
        /** One visibility timeout for every queue (tests use a short one to see redelivery). */
        public Builder visibilityTimeout(Duration timeout) { this.visibilityTimeout = timeout; return this; }
        public Builder maxReceiveCount(int count) { this.maxReceiveCount = count; return this; }
        public Builder tableInitializer(TableInitializer initializer) { this.tableInitializer = initializer; return this; }
        /**
         * Leaves {@code endpoints.json} to the caller, who starts more parts (Cognito, the edge) and
         * writes it once they are up, so a reader never finds a half-started system.
         */
        public Builder deferEndpointsFile() { this.writeEndpointsFile = false; return this; }

        public Builder handler(Lane queue, HandlerFactory factory) {
            return handler(queue, factory, LambdaPoller.Settings.of(queue));
        }

        public Builder handler(Lane queue, HandlerFactory factory, LambdaPoller.Settings settings) {
            handlers.add(new Registration(queue, factory, settings));
            return this;
        }

        public Options options() {
            return new Options(dataDir, s3Port, sqsPort, dynamoDbPort, visibilityTimeout, maxReceiveCount, tableInitializer, handlers,
                    writeEndpointsFile);
        }

        public LocalStack start() {
            return LocalStack.start(options());
        }
    }

    private volatile Deployment deployment;
    private final Path endpointsFile;
    /** Everything started, closed in reverse order. */
    private final Deque<AutoCloseable> resources;

    private LocalStack(Deployment deployment, Path endpointsFile, Deque<AutoCloseable> resources) {
        this.deployment = deployment;
        this.endpointsFile = endpointsFile;
        this.resources = resources;
    }

    public static LocalStack start(Options o) {
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            LocalSqs sqsServer = LocalSqs.start(o.sqsPort(), REGION);
            started.push(sqsServer);
            Deployment bare = deployment(null, sqsServer.endpoint(), null, queueUrls(sqsServer.endpoint()));
            SqsClient sqs = DeploymentClients.sqs(bare);
            started.push(sqs);
            Deployment.Queues queues = createQueues(sqs, o);

            String ingestQueue = queues.ingest();
            LocalS3 s3 = LocalS3.start(o.dataDir().resolve("s3"), o.s3Port(), REGION, ACCESS_KEY_ID, SECRET_ACCESS_KEY,
                    ORIGINALS_BUCKET, PhotoKey.PREFIX,
                    body -> sqs.sendMessage(m -> m.queueUrl(ingestQueue).messageBody(body)),
                    List.of(ORIGINALS_BUCKET, DERIVED_BUCKET, WEB_BUCKET), new BackupKeyFile(o.dataDir()));
            started.push(s3);

            LocalDynamoDb dynamo = LocalDynamoDb.start(o.dataDir().resolve("dynamodb"), o.dynamoDbPort());
            started.push(dynamo);

            Deployment d = deployment(s3.endpoint(), sqsServer.endpoint(), dynamo.endpoint(), queues);
            if (o.tableInitializer() != null) {
                try (DynamoDbClient client = DeploymentClients.dynamoDb(d)) {
                    o.tableInitializer().createIfMissing(client, d.photoTable());
                }
            }
            for (Registration r : o.handlers()) {
                started.push(poller(d, sqs, r));
            }
            Path file = o.dataDir().resolve(ENDPOINTS_FILE);
            if (o.writeEndpointsFile()) d.write(file);
            return new LocalStack(d, file, started);
        } catch (RuntimeException | Error e) {
            closeAll(started, e);
            throw e;
        }
    }

    private static LambdaPoller poller(Deployment d, SqsClient sqs, Registration r) {
        String name = r.queue().queueName() + "-handler";
        // Each concurrent poller gets its own instance, as Lambda builds one per execution
        // environment; a handler that cannot be built fails the start.
        LambdaPoller poller = new LambdaPoller(name, sqs, r.queue().url(d),
                LocalSqs.queueArn(REGION, r.queue().queueName()), REGION, () -> {
                    try {
                        return r.factory().create(d);
                    } catch (RuntimeException e) {
                        throw new IllegalStateException("the " + r.queue().queueName() + " handler could not be built: " + e.getMessage(), e);
                    }
                }, r.settings());
        return poller.start();
    }

    private static Deployment.Queues createQueues(SqsClient sqs, Options o) {
        Map<Lane, String[]> urls = new EnumMap<>(Lane.class);
        for (Lane q : Lane.values()) {
            String dlq = sqs.createQueue(c -> c.queueName(q.deadLetterQueueName())
                    // SQS's longest retention, so a failure waits for someone to look at it.
                    .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600"))).queueUrl();
            String dlqArn = sqs.getQueueAttributes(g -> g.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            Duration visibility = o.visibilityTimeout() != null ? o.visibilityTimeout() : q.localTimeout();
            String redrive = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":" + o.maxReceiveCount() + "}";
            String url = sqs.createQueue(c -> c.queueName(q.queueName()).attributes(Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(visibility.toSeconds()),
                    QueueAttributeName.REDRIVE_POLICY, redrive))).queueUrl();
            urls.put(q, new String[]{url, dlq});
        }
        return new Deployment.Queues(urls.get(Lane.INGEST)[0], urls.get(Lane.INGEST)[1],
                urls.get(Lane.RENDER)[0], urls.get(Lane.RENDER)[1],
                urls.get(Lane.REPROCESS)[0], urls.get(Lane.REPROCESS)[1],
                urls.get(Lane.VIDEO)[0], urls.get(Lane.VIDEO)[1]);
    }

    /** The URLs ElasticMQ gives the queues (needed before they exist, to build the first client). */
    private static Deployment.Queues queueUrls(URI sqs) {
        String base = sqs + "/" + LocalSqs.ACCOUNT_ID + "/";
        return new Deployment.Queues(base + "ingest", base + "ingest-dlq", base + "render", base + "render-dlq",
                base + "reprocess", base + "reprocess-dlq", base + "video", base + "video-dlq");
    }

    private static Deployment deployment(URI s3, URI sqs, URI dynamodb, Deployment.Queues queues) {
        return new Deployment(REGION, ACCESS_KEY_ID, SECRET_ACCESS_KEY,
                new Deployment.Endpoints(s3, sqs, dynamodb, null, null),
                ORIGINALS_BUCKET, DERIVED_BUCKET, WEB_BUCKET, PHOTO_TABLE, queues, null, null);
    }

    /** Endpoints, names and the key pair of this stack (also written to {@link #endpointsFile()}). */
    public Deployment deployment() {
        return deployment;
    }

    /**
     * Adds what parts started later know (the edge URL, the Cognito endpoint and user pool) and
     * rewrites {@link #endpointsFile()}, e.g. {@code stack.update(d -> d.withUserPool(pool, client))}.
     */
    public synchronized Deployment update(UnaryOperator<Deployment> change) {
        Deployment updated = Objects.requireNonNull(change.apply(deployment), "updated deployment");
        updated.write(endpointsFile);
        deployment = updated;
        return updated;
    }

    public Path endpointsFile() {
        return endpointsFile;
    }

    /** Stops the pollers (letting batches in flight finish), then the services. */
    @Override
    public void close() {
        closeAll(resources, null);
    }

    /** Closes RESOURCES last-started first; a failure is added to CAUSE (the start that failed), else logged. */
    static void closeAll(Deque<AutoCloseable> resources, Throwable cause) {
        while (!resources.isEmpty()) {
            AutoCloseable r = resources.pop();
            try {
                r.close();
            } catch (Exception e) {
                if (cause != null && cause != e) cause.addSuppressed(e);
                else LOG.warn("stopping {} failed: {}", r.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
