package gallery.local;

import gallery.aws.DeploymentClients;
import gallery.core.config.Env;
import gallery.api.ApiConfig;
import gallery.core.edge.EdgeInvalidation;
import gallery.core.deploy.Deployment;
import gallery.core.deploy.Lane;
import gallery.imaging.ImagingConfig;
import gallery.imaging.Renderer;
import gallery.index.PhotoTable;
import gallery.ingest.IngestConfig;
import gallery.ingest.IngestHandler;
import gallery.resize.ResizeConfig;
import gallery.signer.SignerConfig;
import gallery.worker.RenderHandler;
import gallery.worker.VideoHandler;
import gallery.worker.video.VideoConfig;
import gallery.worker.WorkerConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The upload pipeline on the local stack, wired as in AWS: the photo table, the ingest handler on
 * the ingest queue, the render handler on the render lane and on the reprocess lane, the video
 * handler on the video lane. Each handler
 * reads its configuration with its own {@code XxxConfig.fromEnv}, from the deployment's contract
 * variables, so the local stack exercises the same validation as Lambda.
 */
public final class Pipeline {
    /**
     * Contract variables a user may set in the shell to tune the local stack as a Lambda's
     * environment would (docs/architecture.md). Anything else in the shell is ignored, so a stray
     * {@code PHOTO_TABLE} or {@code AWS_REGION} cannot point the handlers elsewhere.
     */
    static final List<String> TUNABLE = java.util.stream.Stream.concat(ImagingConfig.VARIABLES.stream(), java.util.stream.Stream.of(
            IngestConfig.PRESET, IngestConfig.HEADER_BYTES, SignerConfig.COOKIE_LIFETIME, gallery.auth.CognitoConfig.USER_CHECK_TTL, ApiConfig.SHOW_GPS, ApiConfig.PAGE_SIZE,
            ApiConfig.MAX_PAGE_SIZE, ApiConfig.ADMIN_GROUP, ResizeConfig.RESIZE_MIN_SIZE, ResizeConfig.RESIZE_MAX_SIZE,
            ResizeConfig.RESIZE_INLINE_MAX_BYTES,
            "MAX_VIDEO_SECONDS", "MAX_VIDEO_MIB", "VIDEO_MAX_EDGE", "VIDEO_MAX_KBPS", "FFMPEG_PATH", "FFPROBE_PATH",
            "FFMPEG_TIMEOUT_SECONDS", "FFMPEG_MEMORY_MB", "FFMPEG_THREADS")).toList();

    private Pipeline() {
    }

    /**
     * The environment a handler of this deployment sees: the tunables from {@code shell}, then the
     * deployment's own variables, then {@code extra} (Cognito, site URL, key file).
     */
    public static Map<String, String> environment(Deployment d, Map<String, String> shell, Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : TUNABLE) {
            String v = shell.get(name);
            if (v != null && !v.isBlank()) env.put(name, v);
        }
        singleThreadedRenders(env);
        env.putAll(d.environment());
        env.putAll(extra);
        return env;
    }

    public static Map<String, String> environment(Deployment d) {
        return environment(d, System.getenv(), Map.of());
    }

    /** The renderer every handler of the process shares (libvips is loaded once). */
    public static Renderer renderer(Map<String, String> shell) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : TUNABLE) {
            String v = shell.get(name);
            if (v != null && !v.isBlank()) env.put(name, v);
        }
        singleThreadedRenders(env);
        return new Renderer(ImagingConfig.fromEnv(new Env(env)));
    }

    /**
     * The render lane already runs several photos per core ({@link #renderLane()}); libvips worker
     * threads or concurrent encoders inside each render would only contend for the same cores, so
     * each render uses one thread unless the user says otherwise.
     */
    private static void singleThreadedRenders(Map<String, String> env) {
        env.putIfAbsent(ImagingConfig.VIPS_CONCURRENCY, "1");
        env.putIfAbsent(ImagingConfig.ENCODE_THREADS, "1");
    }

    public static IngestHandler ingest(Deployment d) {
        return ingest(d, EdgeInvalidation.NONE);
    }

    public static IngestHandler ingest(Deployment d, EdgeInvalidation edge) {
        Map<String, String> own = IngestConfig.environment(d.originalsBucket(), d.derivedBucket(), d.photoTable(), d.queues().render(), d.queues().video(), null);
        return new IngestHandler(IngestConfig.fromEnv(new Env(environment(d, System.getenv(), own))),
                DeploymentClients.s3(d), DeploymentClients.sqs(d), DeploymentClients.dynamoDb(d), edge);
    }

    public static RenderHandler render(Deployment d, Renderer renderer) {
        return render(d, renderer, Lane.RENDER, EdgeInvalidation.NONE);
    }

    /** A render worker on {@code lane} (its logs and metrics say which); {@code edge} drops the cached copies of what it deletes. */
    public static RenderHandler render(Deployment d, Renderer renderer, Lane lane, EdgeInvalidation edge) {
        Map<String, String> own = WorkerConfig.environment(d.derivedBucket(), d.photoTable(), lane, Map.of());
        return new RenderHandler(WorkerConfig.fromEnv(new Env(environment(d, System.getenv(), own))), DeploymentClients.s3(d), DeploymentClients.dynamoDb(d), renderer, edge);
    }

    /** The video lane's worker: Debian's ffmpeg, the shared renderer for the poster frame. */
    public static VideoHandler video(Deployment d, Renderer renderer) {
        return new VideoHandler(VideoConfig.fromEnv(new Env(environment(d))), DeploymentClients.s3(d), DeploymentClients.dynamoDb(d), renderer);
    }

    /**
     * The render lane of the assembled gallery: two workers per core. A worker spends part of each
     * photo waiting on S3 and DynamoDB (download, five rendition uploads, the row), and with one
     * worker per core those waits leave the core idle; the ingest bench measured 57% of two cores
     * busy with two workers and 98% with four (local/results/ingest-throughput.md).
     */
    public static LambdaPoller.Settings renderLane() {
        return LambdaPoller.Settings.of(Lane.RENDER).withConcurrency(2 * Runtime.getRuntime().availableProcessors());
    }

    /** Registers the photo table and the lanes on {@code builder}: ingest, reprocess and video with their defaults, render with {@link #renderLane()}. */
    public static LocalStack.Builder register(LocalStack.Builder builder, Renderer renderer) {
        return register(builder, renderer, renderLane());
    }

    /** As {@link #register(LocalStack.Builder, Renderer)}, with the render lane's batch size and concurrency given. */
    public static LocalStack.Builder register(LocalStack.Builder builder, Renderer renderer, LambdaPoller.Settings renderLane) {
        return register(builder, renderer, renderLane, EdgeInvalidation.NONE);
    }

    /** As above, with the edge whose cached copies ingest and the workers invalidate when they delete derived objects. */
    public static LocalStack.Builder register(LocalStack.Builder builder, Renderer renderer, LambdaPoller.Settings renderLane,
                                              EdgeInvalidation edge) {
        return builder.tableInitializer(PhotoTable::create)
                .handler(Lane.INGEST, d -> ingest(d, edge))
                .handler(Lane.RENDER, d -> render(d, renderer, Lane.RENDER, edge), renderLane)
                .handler(Lane.REPROCESS, d -> render(d, renderer, Lane.REPROCESS, edge))
                .handler(Lane.VIDEO, d -> video(d, renderer));
    }
}
