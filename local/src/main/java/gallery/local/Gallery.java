package gallery.local;

import gallery.aws.DeploymentClients;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gallery.api.ApiConfig;
import gallery.auth.CognitoConfig;
import gallery.ingest.IngestConfig;
import gallery.api.ApiHandler;
import gallery.auth.KeyFolder;
import gallery.local.edge.SignedCookieVerifier;
import gallery.core.Json;
import gallery.core.config.Env;
import gallery.core.deploy.Deployment;
import gallery.core.preset.Preset;
import gallery.core.preset.Presets;
import gallery.core.routes.OriginKind;
import gallery.imaging.Renderer;
import gallery.index.PhotoIndex;
import gallery.core.edge.AccessLabels;
import gallery.core.edge.EdgeAccess;
import gallery.index.PhotoTable;
import gallery.local.cognito.LocalCognito;
import gallery.local.cognito.UserPool;
import gallery.local.deployed.CloudAssembly;
import gallery.local.deployed.DeployedFunctions;
import gallery.local.deployed.LayerTwins;
import gallery.local.edge.LambdaOrigin;
import gallery.local.edge.LocalEdge;
import gallery.local.edge.Origin;
import gallery.local.edge.OriginResponse;
import gallery.local.edge.S3Origin;
import gallery.local.edge.StaticFilesOrigin;
import gallery.local.lambda.LambdaRuntime;
import gallery.emulators.LocalSqs;
import gallery.resize.ResizeConfig;
import gallery.resize.SizeLadder;
import gallery.resize.ResizeHandler;
import gallery.signer.SessionHandler;
import gallery.signer.SignerConfig;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import gallery.api.UploadConfig;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The whole gallery on one machine, on 127.0.0.1: the {@link LocalStack} with the upload pipeline
 * ({@link Pipeline}), cognito-local with the demo admin, the signing keys, and the {@link LocalEdge}
 * playing CloudFront in front of the signer, the api, the on-demand resizer (each built once, from
 * its own {@code XxxConfig.fromEnv}), both buckets, the web UI and {@code /config.json}.
 * One libvips {@link Renderer} serves the render lanes and the resizer.
 *
 * <p>{@code <data>/endpoints.json} is the {@link Deployment} with the edge and Cognito endpoints,
 * plus {@code siteUrl} and {@code demoUser: {username, temporaryPassword, mustChangePassword}}
 * (extra fields, which {@link Deployment#read} ignores).
 */
public final class Gallery implements AutoCloseable {
    public static final int DEFAULT_EDGE_PORT = 8400;
    public static final int DEFAULT_COGNITO_PORT = 8404;
    /** Enough for every rendition of a few hundred photos; least recently used first out. */
    public static final long EDGE_CACHE_BYTES = 256L << 20;

    /**
     * What to start. Ports of 0 take free ports. {@code webDir} is the built UI ({@code web/dist});
     * {@code toolsDir} holds the npm packages (cognito-local). {@code shell}: the environment the
     * tunable contract variables are read from ({@link Pipeline#TUNABLE}).
     */
    public record Options(Path dataDir, Path webDir, Path toolsDir, int edgePort, int s3Port, int sqsPort,
                          int dynamoDbPort, int cognitoPort, Map<String, String> shell) {
        public Options {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(webDir, "webDir");
            Objects.requireNonNull(toolsDir, "toolsDir");
            for (int p : new int[]{edgePort, s3Port, sqsPort, dynamoDbPort, cognitoPort}) {
                if (p < 0 || p > 65_535) throw new IllegalArgumentException("port " + p + ": expected 0..65535");
            }
            shell = Map.copyOf(shell);
        }

        /** The fixed default ports, the UI and tools of the project in the working directory. */
        public static Options defaults(Path dataDir) {
            return new Options(dataDir, Path.of("web/dist"), Path.of("tools"), DEFAULT_EDGE_PORT, LocalStack.DEFAULT_S3_PORT,
                    LocalStack.DEFAULT_SQS_PORT, LocalStack.DEFAULT_DYNAMODB_PORT, DEFAULT_COGNITO_PORT, System.getenv());
        }

        /** Free ports everywhere (tests, parallel runs). */
        public Options freePorts() {
            return new Options(dataDir, webDir, toolsDir, 0, 0, 0, 0, 0, shell);
        }

        public Options withWeb(Path web) {
            return new Options(dataDir, web, toolsDir, edgePort, s3Port, sqsPort, dynamoDbPort, cognitoPort, shell);
        }

        public Options withTools(Path tools) {
            return new Options(dataDir, webDir, tools, edgePort, s3Port, sqsPort, dynamoDbPort, cognitoPort, shell);
        }

        public Options withData(Path data) {
            return new Options(data, webDir, toolsDir, edgePort, s3Port, sqsPort, dynamoDbPort, cognitoPort, shell);
        }

        public Options withPorts(int edge, int s3, int sqs, int dynamoDb, int cognito) {
            return new Options(dataDir, webDir, toolsDir, edge, s3, sqs, dynamoDb, cognito, shell);
        }
    }

    private final LocalStack stack;
    private final LocalCognito cognito;
    private final LocalEdge edge;
    private final KeyFolder keys;
    private final Renderer renderer;
    private final Deployment deployment;
    private final Preset preset;
    private final Deque<AutoCloseable> resources;
    private final DeployedFunctions deployed;

    private Gallery(LocalStack stack, LocalCognito cognito, LocalEdge edge, KeyFolder keys, Renderer renderer,
                    Deployment deployment, Preset preset, Deque<AutoCloseable> resources, DeployedFunctions deployed) {
        this.deployed = deployed;
        this.stack = stack;
        this.cognito = cognito;
        this.edge = edge;
        this.keys = keys;
        this.renderer = renderer;
        this.deployment = deployment;
        this.preset = preset;
        this.resources = resources;
    }

    public static Gallery start(Options o) throws IOException {
        return start(o, null);
    }

    /**
     * As {@link #start(Options)}; with {@code deployed} (a synthesized stack, {@link Synth}) every
     * function runs as Lambda would run that stack's ({@link DeployedFunctions}): its own JVM, its
     * bundle, its template's configuration, behind the lanes and edge routes the template gives it.
     */
    public static Gallery start(Options o, CloudAssembly deployed) throws IOException {
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            // A file from an earlier run names ports that may be gone; the new one appears when all is up.
            Files.deleteIfExists(o.dataDir().resolve(LocalStack.ENDPOINTS_FILE));
            Renderer renderer = deployed == null ? Pipeline.renderer(o.shell()) : null;
            // Bound before the handlers are built (the signer needs the site URL, the pipeline the cache to
            // invalidate when it deletes derived objects), closed last.
            LocalEdge edge = LocalEdge.bind(o.edgePort(), EDGE_CACHE_BYTES);
            started.push(edge);
            LocalStack.Builder builder = LocalStack.builder(o.dataDir()).deferEndpointsFile()
                    .s3Port(o.s3Port()).sqsPort(o.sqsPort()).dynamoDbPort(o.dynamoDbPort());
            LocalStack stack = (deployed == null ? Pipeline.register(builder, renderer, Pipeline.renderLane(), edge::invalidate)
                    : builder.tableInitializer(PhotoTable::create)).start();
            started.push(stack);
            KeyFolder keys = KeyFolder.open(o.dataDir().resolve("keys"));
            LocalCognito cognito = LocalCognito.start(o.toolsDir(), o.dataDir().resolve("cognito"),
                    o.cognitoPort() == 0 ? freePort() : o.cognitoPort(), Region.of(LocalStack.REGION));
            started.push(cognito);
            UserPool pool = cognito.pool();

            Deployment bare = stack.deployment();
            Deployment d = bare.withEndpoints(bare.endpoints().withCognito(cognito.endpoint())).withUserPool(pool.userPoolId(), pool.clientId());
            DynamoDbClient dynamo = DeploymentClients.dynamoDb(d);
            started.push(dynamo);
            S3Client s3 = DeploymentClients.s3(d);
            started.push(s3);
            edge.uploadsTo(d.endpoints().s3());
            DeployedFunctions functions = null;
            if (deployed != null) {
                functions = DeployedFunctions.prepare(deployed, new DeployedFunctions.LocalStackValues(d,
                                edge.siteUrl(), cognito.issuer(), keys.current().keyId(), () -> signingSecret(keys)),
                        LambdaRuntime.forProject(o.toolsDir().toAbsolutePath().getParent(), o.dataDir()), new LayerTwins(
                                o.toolsDir().toAbsolutePath().getParent(), o.dataDir().resolve("lambda")));
                started.push(functions);
                SqsClient sqs = DeploymentClients.sqs(d);
                started.push(sqs);
                for (DeployedFunctions.Lane lane : functions.lanes()) {
                    started.push(new LambdaPoller(lane.function().spec().name(), sqs, lane.queue().url(d),
                            LocalSqs.queueArn(d.region(), lane.queue().queueName()), d.region(),
                            () -> DeployedFunctions.sqsHandler(lane), lane.settings()).start());
                }
                for (OriginKind kind : List.of(OriginKind.SIGNER, OriginKind.API, OriginKind.RESIZER)) {
                    edge.origin(kind, functions.origin(kind).orElseThrow(() ->
                            new IllegalStateException("the stack has no function behind the " + kind + " route")));
                }
            } else {
                handlersInProcess(o, d, keys, cognito, pool, edge, dynamo, s3, renderer, started);
            }
            String presetName = o.shell().get(IngestConfig.PRESET);
            Preset preset = Presets.require(presetName == null || presetName.isBlank() ? Presets.DEFAULT.name() : presetName);
            edge.origin(OriginKind.DERIVED_BUCKET, new S3Origin(s3, d.derivedBucket()))
                    .origin(OriginKind.ORIGINALS_BUCKET, new S3Origin(s3, d.originalsBucket()))
                    .origin(OriginKind.WEB, web(o.webDir()))
                    .origin(OriginKind.SITE_CONFIG, siteConfig(d, preset, resizeLadder(o, d)))
                    .signedCookies(new SignedCookieVerifier(keys::trustedKeys, Clock.systemUTC()))
                    .access(edgeRules(new PhotoIndex(dynamo, d.photoTable())))
                    .cognito(cognito.endpoint())
                    .start();

            Deployment full = d.withEndpoints(d.endpoints().withEdge(URI.create(edge.siteUrl())));
            Gallery gallery = new Gallery(stack, cognito, edge, keys, renderer, full, preset, started, functions);
            gallery.writeEndpoints();
            return gallery;
        } catch (IOException | RuntimeException | Error e) {
            LocalStack.closeAll(started, e);
            throw e;
        }
    }

    /**
     * The album rules for the edge's access check, read from the index at most once a second: what the admin
     * tool publishes to the CloudFront Function in AWS, here with no publish step (docs/architecture.md,
     * "Albums for some people").
     */
    static java.util.function.Supplier<EdgeAccess> edgeRules(PhotoIndex index) {
        java.util.concurrent.atomic.AtomicReference<java.util.Map.Entry<Long, EdgeAccess>> held = new java.util.concurrent.atomic.AtomicReference<>();
        return () -> {
            long now = System.nanoTime();
            java.util.Map.Entry<Long, EdgeAccess> h = held.get();
            if (h != null && now - h.getKey() < 1_000_000_000L) return h.getValue();
            EdgeAccess fresh = new EdgeAccess(AccessLabels.edgeRules(index.queries().albumAccess()));
            held.set(java.util.Map.entry(now, fresh));
            return fresh;
        };
    }

    /** The signing secret's value in AWS: {@code {"keyId", "privateKey"}} (the signer's contract), from the key folder. */
    private static String signingSecret(KeyFolder keys) {
        String keyId = keys.current().keyId();
        try {
            ObjectNode secret = Json.MAPPER.createObjectNode();
            secret.put("keyId", keyId);
            secret.put("privateKey", Files.readString(keys.file(keyId)));
            return secret.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signing key " + keys.file(keyId) + ": " + e.getMessage(), e);
        }
    }

    /** The signer, api and resizer built once, in this process, each from its own {@code XxxConfig.fromEnv}. */
    private static void handlersInProcess(Options o, Deployment d, KeyFolder keys, LocalCognito cognito, UserPool pool, LocalEdge edge,
                                          DynamoDbClient dynamo, S3Client s3, Renderer renderer, Deque<AutoCloseable> started) {
        // Each function's variables from its own config's builder, as infra builds them.
        Map<String, String> tokens = CognitoConfig.environment(cognito.issuer(), cognito.jwksUrl().toString(), pool.clientId());
        Map<String, String> extra = new LinkedHashMap<>();
        extra.putAll(SignerConfig.localEnvironment(tokens, edge.siteUrl(), keys.file(keys.current().keyId()), keys.current().keyId()));
        extra.putAll(ApiConfig.environment(d.photoTable(), tokens, pool.adminGroup()));
        extra.putAll(UploadConfig.environment(d.originalsBucket()));
        extra.putAll(ResizeConfig.environment(d.originalsBucket(), d.derivedBucket(), d.photoTable(), Map.of()));
        Map<String, String> env = Pipeline.environment(d, o.shell(), extra);

        // Each handler built once, as Lambda keeps one warm instance; the signer reads the key
        // folder on every request, so `admin keys rotate` takes effect without a restart.
        SessionHandler signer = new SessionHandler(SignerConfig.fromEnv(new Env(env)), keys, cognito.client(), dynamo);
        ApiHandler api = new ApiHandler(ApiConfig.fromEnv(new Env(env)), UploadConfig.fromEnv(new Env(env)), dynamo, cognito.client(), s3);
        ResizeHandler resizer = new ResizeHandler(ResizeConfig.fromEnv(new Env(env)), s3, dynamo, renderer);
        // libvips runs in native code (JNA), and a virtual thread in a native call pins its carrier. The edge
        // serves on virtual threads, one carrier per core, so on 2 cores two resizes of a few seconds (AVIF)
        // stalled every other request: API p95 5.4 s with 10 viewers, 0.13 s with the carriers free
        // (bench/results/load.md). The resizer gets platform threads of its own, as a Lambda gets its own sandboxes.
        ExecutorService resizeThreads = Executors.newFixedThreadPool(2 * Runtime.getRuntime().availableProcessors(),
                Thread.ofPlatform().name("resize-", 1).daemon().factory());
        started.push(resizeThreads::shutdownNow);

        edge.origin(OriginKind.SIGNER, new LambdaOrigin(e -> signer.handleRequest(e, null)))
                .origin(OriginKind.API, new LambdaOrigin(e -> api.handleRequest(e, null)))
                .origin(OriginKind.RESIZER, onPlatformThreads(new LambdaOrigin(e -> resizer.handleRequest(e, null)), resizeThreads));
    }

    /**
     * The deployment with every endpoint (S3, SQS, DynamoDB, Cognito, edge) and the user pool, as in
     * endpoints.json ({@code stack().deployment()} has only the stack's own endpoints).
     */
    public Deployment deployment() {
        return deployment;
    }

    /** {@code http://127.0.0.1:<edge port>}: the gallery as a browser opens it. */
    public String siteUrl() {
        return edge.siteUrl();
    }

    public UserPool pool() {
        return cognito.pool();
    }

    public LocalCognito cognito() {
        return cognito;
    }

    public LocalStack stack() {
        return stack;
    }

    public KeyFolder keys() {
        return keys;
    }

    /** The functions as deployed, when started so ({@link #start(Options, CloudAssembly)}). */
    public java.util.Optional<DeployedFunctions> deployed() {
        return java.util.Optional.ofNullable(deployed);
    }

    /** The in-process renderer; null when the functions run as deployed (each loads its own libvips). */
    public Renderer renderer() {
        return renderer;
    }

    public Preset preset() {
        return preset;
    }

    public Path endpointsFile() {
        return stack.endpointsFile();
    }

    /** True until the demo admin has signed in once and chosen a password. */
    public boolean demoPasswordIsTemporary() {
        UserPool pool = cognito.pool();
        return cognito.client().adminGetUser(r -> r.userPoolId(pool.userPoolId()).username(pool.demoUsername()))
                .userStatus() == UserStatusType.FORCE_CHANGE_PASSWORD;
    }

    /** An importer of local photos into this gallery (clients owned by the caller through {@link #close()}). */
    public PhotoImport photoImport() {
        S3Client s3 = DeploymentClients.s3(deployment);
        SqsClient sqs = DeploymentClients.sqs(deployment);
        DynamoDbClient dynamo = DeploymentClients.dynamoDb(deployment);
        synchronized (resources) {
            resources.push(s3);
            resources.push(sqs);
            resources.push(dynamo);
        }
        return new PhotoImport(deployment, s3, sqs, new PhotoIndex(dynamo, deployment.photoTable()), preset.name());
    }

    /**
     * Stops the edge, the pollers (letting renders in flight finish), the emulators and cognito-local,
     * and removes endpoints.json, so the admin tool says the gallery is not running rather than
     * failing to connect.
     */
    @Override
    public void close() {
        synchronized (resources) {
            LocalStack.closeAll(resources, null);
        }
        try {
            Files.deleteIfExists(stack.endpointsFile());
        } catch (IOException e) {
            // the next start replaces it
        }
    }

    /** endpoints.json: the deployment plus what a person or a browser test needs to sign in. */
    private void writeEndpoints() {
        ObjectNode json = Json.MAPPER.valueToTree(deployment);
        json.put("siteUrl", edge.siteUrl());
        UserPool pool = cognito.pool();
        ObjectNode user = json.putObject("demoUser");
        user.put("username", pool.demoUsername());
        user.put("temporaryPassword", pool.temporaryPassword());
        user.put("mustChangePassword", demoPasswordIsTemporary());
        Path file = stack.endpointsFile();
        try {
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "endpoints", ".tmp");
            Files.writeString(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The resizer's ladder as the resizer reads it: {@code RESIZE_MIN_SIZE}/{@code RESIZE_MAX_SIZE} from the shell, else the defaults. */
    private static SizeLadder resizeLadder(Options o, Deployment d) {
        return ResizeConfig.fromEnv(new Env(Pipeline.environment(d, o.shell(),
                ResizeConfig.environment(d.originalsBucket(), d.derivedBucket(), d.photoTable(), Map.of())))).ladder();
    }

    /** /config.json: the settings the web UI reads at start (web/README.md). */
    static Origin siteConfig(Deployment d, Preset preset, SizeLadder resizeLadder) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("region", d.region());
        json.put("userPoolId", d.userPoolId());
        json.put("clientId", d.userPoolClientId());
        json.put("cognitoEndpoint", LocalEdge.COGNITO_PREFIX);
        json.put("authFlow", "USER_PASSWORD_AUTH");
        json.put("sessionPath", "/session");
        json.put("apiBase", "/api");
        ArrayNode sizes = json.putArray("sizes");
        preset.sizes().forEach(sizes::add);
        ArrayNode resizeSizes = json.putArray("resizeSizes");
        resizeLadder.rungs().forEach(resizeSizes::add);
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        return request -> new OriginResponse(200, Map.of("content-type", List.of("application/json"),
                "cache-control", List.of("public, max-age=60")), body);
    }

    /** The built UI, or a page that says how to build it (checked per request, so a build shows at once). */
    static Origin web(Path webDir) {
        StaticFilesOrigin files = new StaticFilesOrigin(webDir);
        return request -> {
            if (Files.isRegularFile(webDir.resolve("index.html"))) return files.fetch(request);
            return new OriginResponse(503, Map.of("content-type", List.of("text/html; charset=utf-8"), "cache-control", List.of("no-store")),
                    ("<!doctype html><title>gallery</title><p>The web UI is not built: " + webDir.toAbsolutePath().resolve("index.html")
                            + " is missing. Run <code>(cd web &amp;&amp; npm ci &amp;&amp; npm run build)</code> and reload."
                            + " <code>./gallery up</code> does that for you.").getBytes(StandardCharsets.UTF_8));
        };
    }

    /** Calls {@code origin} on {@code threads} while the caller (a virtual thread of the edge) waits unmounted. */
    static Origin onPlatformThreads(Origin origin, ExecutorService threads) {
        return request -> {
            Future<OriginResponse> call = threads.submit(() -> origin.fetch(request));
            try {
                return call.get();
            } catch (InterruptedException e) {
                call.cancel(true);
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the origin answered", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) throw io;
                if (e.getCause() instanceof RuntimeException re) throw re;
                if (e.getCause() instanceof Error err) throw err;
                throw new IOException(e.getCause());
            }
        };
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

}
