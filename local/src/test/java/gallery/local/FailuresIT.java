package gallery.local;

import gallery.aws.DeploymentClients;
import gallery.testing.SampleImages;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import gallery.core.RenderJob;
import gallery.core.config.Env;
import gallery.core.deploy.Deployment;
import gallery.core.deploy.Lane;
import gallery.imaging.Renderer;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import gallery.index.PhotoTable;
import gallery.emulators.LocalSqs;
import gallery.worker.RenderHandler;
import gallery.worker.WorkerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.model.Message;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The render lane when things go wrong, on the real emulators with a short visibility timeout
 * (3 s) and three receives before the dead-letter queue: a retryable failure (the derived bucket
 * is missing: S3 answers NoSuchBucket) is retried until it works, or lands in the dead-letter queue
 * if it never does; a worker that dies with a batch in flight loses nothing. The render lane is
 * polled by the tests' own {@link LambdaPoller}s; ingest is the stack's.
 */
class FailuresIT {
    static final Duration VISIBILITY = Duration.ofSeconds(3);
    static final int MAX_RECEIVES = 3;
    @TempDir
    static Path data;
    static Renderer renderer;
    static LocalStack stack;
    static GalleryFixture f;

    @BeforeAll
    static void start() {
        renderer = Pipeline.renderer(Map.of());
        stack = LocalStack.builder(data).freePorts().visibilityTimeout(VISIBILITY).maxReceiveCount(MAX_RECEIVES)
                .tableInitializer(PhotoTable::create)
                .handler(Lane.INGEST, Pipeline::ingest)
                .start();
        f = new GalleryFixture(stack);
    }

    @AfterAll
    static void stop() {
        if (f != null) f.close();
        if (stack != null) stack.close();
    }

    static LambdaPoller renderLane(String name, Supplier<RequestHandler<SQSEvent, SQSBatchResponse>> handlers, LambdaPoller.Settings settings) {
        return new LambdaPoller(name, f.sqs, f.d.queues().render(), LocalSqs.queueArn(LocalStack.REGION, "render"),
                LocalStack.REGION, handlers, settings).start();
    }

    static RenderHandler worker(Map<String, String> override) {
        Deployment d = f.d;
        return new RenderHandler(WorkerConfig.fromEnv(new Env(Pipeline.environment(d, Map.of(), override))),
                DeploymentClients.s3(d), DeploymentClients.dynamoDb(d), renderer);
    }

    /** The real handler, counting per photo key how often an invocation reported it failed. */
    static final class Counting implements RequestHandler<SQSEvent, SQSBatchResponse> {
        final RequestHandler<SQSEvent, SQSBatchResponse> real;
        final Map<String, AtomicInteger> attempts;
        final Map<String, AtomicInteger> failures;

        Counting(RequestHandler<SQSEvent, SQSBatchResponse> real, Map<String, AtomicInteger> attempts, Map<String, AtomicInteger> failures) {
            this.real = real;
            this.attempts = attempts;
            this.failures = failures;
        }

        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
            event.getRecords().forEach(r -> attempts.computeIfAbsent(key(r), k -> new AtomicInteger()).incrementAndGet());
            SQSBatchResponse response = real.handleRequest(event, context);
            for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
                event.getRecords().stream().filter(r -> r.getMessageId().equals(failure.getItemIdentifier())).findFirst()
                        .ifPresent(r -> failures.computeIfAbsent(key(r), k -> new AtomicInteger()).incrementAndGet());
            }
            return response;
        }

        static String key(SQSEvent.SQSMessage m) {
            return RenderJob.fromJson(m.getBody()).key();
        }
    }

    static int count(Map<String, AtomicInteger> counts, String key) {
        AtomicInteger n = counts.get(key);
        return n == null ? 0 : n.get();
    }

    @Test
    void aMessageIngestCannotReadLandsInTheDeadLetterQueue() {
        // Nothing else records an unreadable notification (it would be a photo never ingested), so the
        // stack's ingest lane reports it failed at every receive and SQS moves it aside after the last.
        String body = "{\"Records\": [not an S3 notification";
        f.sqs.sendMessage(m -> m.queueUrl(f.d.queues().ingest()).messageBody(body));
        Message dead = f.take(f.d.queues().ingestDlq(), 1).getFirst();
        assertThat(dead.body()).isEqualTo(body);
    }

    @Test
    void aTransientFailureIsRetriedAndOneThatPersistsLandsInTheDeadLetterQueue() {
        String late = "late-derived";
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        LambdaPoller lane = renderLane("render-handler", () -> new Counting(worker(Map.of("DERIVED_BUCKET", late)), attempts, failures),
                new LambdaPoller.Settings(1, 1, Duration.ofSeconds(1), Duration.ofSeconds(30)));
        try {
            // Transient: the bucket appears after the first failure; the redelivered job then succeeds.
            String a = "photos/Retry/comes back.jpg";
            f.put(a, SampleImages.photo(500, 400));
            Await.until("a first failed attempt for " + a, () -> count(failures, a) >= 1);
            f.s3.createBucket(c -> c.bucket(late));
            PhotoRow ready = f.awaitReady(a, f.eTag(a));
            assertThat(count(attempts, a)).as("attempts").isGreaterThanOrEqualTo(2);
            assertThat(ready.rendering().renditions()).isNotEmpty();
            assertThat(f.renditionsOf(late, a)).hasSize(ready.rendering().renditions().size());
            assertThat(f.depth(f.d.queues().renderDlq())).isZero();

            // Persistent: the bucket is gone for good; after three receives SQS moves the job aside.
            for (S3Object o : f.s3.listObjectsV2Paginator(l -> l.bucket(late)).contents()) {
                f.s3.deleteObject(d -> d.bucket(late).key(o.key()));
            }
            f.s3.deleteBucket(d -> d.bucket(late));
            String b = "photos/Retry/never makes it.jpg";
            f.put(b, SampleImages.photo(520, 400));
            Message dead = f.take(f.d.queues().renderDlq(), 1).getFirst();

            assertThat(RenderJob.fromJson(dead.body()).key()).isEqualTo(b);
            assertThat(count(failures, b)).as("failed attempts before the dead-letter queue").isEqualTo(MAX_RECEIVES);
            assertThat(f.row(b)).get().extracting(PhotoRow::status)
                    .as("a retryable failure does not mark the photo failed").isEqualTo(PhotoStatus.PENDING);
        } finally {
            lane.close();
        }
    }

    @Test
    void aWorkerThatDiesMidBatchLosesNothing() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String key = "photos/Crash/photo " + i + ".jpg";
            keys.add(key);
            f.put(key, SampleImages.photo(480 + 10 * i, 360));
        }
        String corrupt = "photos/Crash/truncated.jpg";
        keys.add(corrupt);
        f.put(corrupt, SampleImages.truncatedJpeg());
        // Every job queued before the worker starts, so it takes them in one batch.
        for (String key : keys) f.awaitStatus(key, PhotoStatus.PENDING);
        Await.until("six render jobs queued", () -> f.depth(f.d.queues().render()) == keys.size());
        long deadLettersBefore = f.depth(f.d.queues().renderDlq());

        CountDownLatch dead = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger batchSize = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        RequestHandler<SQSEvent, SQSBatchResponse> dying = (event, context) -> {
            batchSize.set(event.getRecords().size());
            RenderHandler real = worker(Map.of());
            // Two photos of the batch are rendered, then the worker hangs as a killed process would:
            // it never answers, so nothing of the batch is deleted.
            for (SQSEvent.SQSMessage m : event.getRecords().subList(0, Math.min(2, event.getRecords().size()))) {
                SQSEvent one = new SQSEvent();
                one.setRecords(List.of(m));
                real.handleRequest(one, context);
                finished.incrementAndGet();
            }
            dead.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("this worker died mid-batch");
        };
        LambdaPoller doomed = renderLane("render-doomed", () -> dying, new LambdaPoller.Settings(10, 1, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        LambdaPoller fresh = null;
        try {
            Await.until("the doomed worker to die", () -> dead.getCount() == 0);
            doomed.close();
            assertThat(batchSize.get()).as("the doomed worker held several jobs").isGreaterThan(2);
            assertThat(finished.get()).isEqualTo(2);

            fresh = renderLane("render-handler", () -> worker(Map.of()), new LambdaPoller.Settings(1, 2, Duration.ofSeconds(1), Duration.ofSeconds(30)));
            for (String key : keys) {
                PhotoRow row = Await.until(key + " settled", () -> f.row(key).filter(r -> r.status() != PhotoStatus.PENDING).orElse(null));
                if (key.equals(corrupt)) {
                    assertThat(row.status()).isEqualTo(PhotoStatus.FAILED);
                    assertThat(row.state().failureReason()).isNotBlank();
                } else {
                    assertThat(row.status()).as(key).isEqualTo(PhotoStatus.READY);
                    assertThat(f.renditionsOf(f.d.derivedBucket(), key)).as(key).hasSize(row.rendering().renditions().size());
                }
            }
            f.awaitIdle();
            assertThat(f.depth(f.d.queues().renderDlq())).isEqualTo(deadLettersBefore);
        } finally {
            release.countDown();
            if (fresh != null) fresh.close();
        }
    }
}
