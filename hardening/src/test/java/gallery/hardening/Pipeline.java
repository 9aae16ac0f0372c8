package gallery.hardening;

import gallery.core.PhotoKey;
import gallery.core.RenditionKey;
import gallery.core.config.Env;
import gallery.core.deploy.Deployment;
import gallery.core.deploy.Lane;
import gallery.imaging.Renderer;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import gallery.index.PhotoTable;
import gallery.ingest.IngestConfig;
import gallery.ingest.IngestHandler;
import gallery.local.GalleryFixture;
import gallery.local.LambdaPoller;
import gallery.aws.DeploymentClients;
import gallery.local.LocalStack;
import gallery.emulators.LocalSqs;
import gallery.worker.RenderHandler;
import gallery.worker.WorkerConfig;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * The upload-to-row half of the system on the local stack ({@link GalleryFixture}): S3Proxy with its event notifications,
 * ElasticMQ, DynamoDB Local, and the real ingest handler behind a poller, in this process. The
 * render worker runs either here too (its clients optionally carrying a fault injector) or in a
 * child JVM ({@link WorkerProcess}). The test's own clients never carry the injector.
 */
final class Pipeline extends GalleryFixture {
    final CountingHandler.Counts ingestCounts;
    final CountingHandler.Counts workerCounts = new CountingHandler.Counts();
    /** libvips is loaded once per process; in-process workers share this renderer. */
    private Renderer renderer;

    /**
     * @param visibility      every queue's visibility timeout (how soon a lost message comes back)
     * @param maxReceiveCount deliveries before a message goes to its dead-letter queue
     * @param ingestInStack   register the ingest handler with the stack (false: the test starts and
     *                        stops it with {@link #ingestPoller}, to hold events back)
     */
    Pipeline(Path data, Duration visibility, int maxReceiveCount, boolean ingestInStack) {
        this(new CountingHandler.Counts(), data, visibility, maxReceiveCount, ingestInStack);
    }

    private Pipeline(CountingHandler.Counts ingestCounts, Path data, Duration visibility, int maxReceiveCount, boolean ingestInStack) {
        super(start(ingestCounts, data, visibility, maxReceiveCount, ingestInStack), true);
        this.ingestCounts = ingestCounts;
    }

    private static LocalStack start(CountingHandler.Counts ingestCounts, Path data, Duration visibility, int maxReceiveCount,
                                    boolean ingestInStack) {
        LocalStack.Builder b = LocalStack.builder(data).freePorts().visibilityTimeout(visibility).maxReceiveCount(maxReceiveCount)
                .tableInitializer(PhotoTable::create);
        if (ingestInStack) {
            b.handler(Lane.INGEST, dep -> new CountingHandler(new IngestHandler(
                    IngestConfig.fromEnv(new Env(dep.environment())), DeploymentClients.s3(dep), DeploymentClients.sqs(dep), DeploymentClients.dynamoDb(dep)), ingestCounts));
        }
        return b.start();
    }

    /** The real ingest handler in this process, its S3 and DynamoDB clients carrying {@code faults} (or none). */
    LambdaPoller ingestPoller(ExecutionInterceptor faults) {
        IngestHandler handler = new IngestHandler(IngestConfig.fromEnv(new Env(d.environment())), s3(d, faults), DeploymentClients.sqs(d), dynamo(d, faults));
        return poller(Lane.INGEST, new CountingHandler(handler, ingestCounts), LambdaPoller.Settings.of(Lane.INGEST));
    }

    /** The real render worker in this process, its S3 and DynamoDB clients carrying {@code faults} (or none). */
    LambdaPoller workerPoller(ExecutionInterceptor faults) {
        if (renderer == null) renderer = Renderer.fromEnv();
        RenderHandler handler = new RenderHandler(WorkerConfig.fromEnv(new Env(d.environment())), s3(d, faults), dynamo(d, faults), renderer);
        return poller(Lane.RENDER, new CountingHandler(handler, workerCounts),
                new LambdaPoller.Settings(5, 2, Duration.ofSeconds(1), Duration.ofMinutes(3)));
    }

    private LambdaPoller poller(Lane queue, CountingHandler handler, LambdaPoller.Settings settings) {
        // One instance shared by the concurrent pollers: the handlers are thread-safe, and the test's counts stay in one place.
        return new LambdaPoller(queue.queueName() + "-test", sqs, queue.url(d), LocalSqs.queueArn(d.region(), queue.queueName()),
                d.region(), () -> handler, settings.withConcurrency(Math.min(2, settings.concurrency()))).start();
    }

    /** An S3 client like {@link DeploymentClients#s3}, with the fault injector when there is one. */
    static S3Client s3(Deployment d, ExecutionInterceptor faults) {
        if (faults == null) return DeploymentClients.s3(d);
        return S3Client.builder().region(Region.of(d.region())).credentialsProvider(DeploymentClients.credentials(d))
                .httpClientBuilder(ApacheHttpClient.builder())
                .endpointOverride(d.endpoints().s3()).forcePathStyle(true)
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.addExecutionInterceptor(faults))
                .build();
    }

    static DynamoDbClient dynamo(Deployment d, ExecutionInterceptor faults) {
        if (faults == null) return DeploymentClients.dynamoDb(d);
        return DynamoDbClient.builder().region(Region.of(d.region())).credentialsProvider(DeploymentClients.credentials(d))
                .httpClientBuilder(ApacheHttpClient.builder()).endpointOverride(d.endpoints().dynamodb())
                .overrideConfiguration(o -> o.addExecutionInterceptor(faults))
                .build();
    }

    WorkerProcess startWorker(int batchSize, int concurrency, Path log) {
        return WorkerProcess.start(stack.endpointsFile().toAbsolutePath(), batchSize, concurrency, log);
    }

    void upload(PhotoKey key, byte[] bytes) {
        s3.putObject(p -> p.bucket(d.originalsBucket()).key(key.value()), RequestBody.fromBytes(bytes));
    }

    void upload(PhotoKey key, Path file) {
        s3.putObject(p -> p.bucket(d.originalsBucket()).key(key.value()), RequestBody.fromFile(file));
    }

    void delete(PhotoKey key) {
        s3.deleteObject(r -> r.bucket(d.originalsBucket()).key(key.value()));
    }

    static boolean terminal(Optional<PhotoRow> row) {
        return row.isPresent() && row.get().status() != PhotoStatus.PENDING;
    }

    /** Rendition objects in the derived bucket, counted per original. */
    Map<PhotoKey, Integer> renditionsPerPhoto() {
        Map<PhotoKey, Integer> counts = new TreeMap<>();
        for (var page : s3.listObjectsV2Paginator(r -> r.bucket(d.derivedBucket()).prefix(RenditionKey.PREFIX))) {
            for (S3Object o : page.contents()) {
                RenditionKey.parse(o.key()).ifPresent(k -> counts.merge(k.original(), 1, Integer::sum));
            }
        }
        return counts;
    }

    /**
     * Waits until {@code done} holds, or until nothing is left to happen (ingest and render queues
     * empty, nothing in flight, for a few checks in a row), or the generous limit passes. Returns
     * whether {@code done} held; the caller reports what did not finish rather than timing anything.
     */
    boolean settle(BooleanSupplier done, Duration limit, Runnable eachRound) {
        long deadline = System.nanoTime() + limit.toNanos();
        int idleRounds = 0;
        while (System.nanoTime() < deadline) {
            if (eachRound != null) eachRound.run();
            if (done.getAsBoolean()) return true;
            idleRounds = queuesIdle() ? idleRounds + 1 : 0;
            if (idleRounds >= 8) return done.getAsBoolean();
            sleep(250);
        }
        return done.getAsBoolean();
    }

    boolean allTerminal(Collection<PhotoKey> keys) {
        for (PhotoKey k : keys) if (!terminal(row(k))) return false;
        return true;
    }
}
