package gallery.rehearsal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gallery.core.FileTrees;
import gallery.core.Json;
import gallery.core.PhotoKey;
import gallery.core.RenderJob;
import gallery.index.PhotoIndex;
import gallery.index.PhotoRow;
import gallery.local.Gallery;
import gallery.aws.DeploymentClients;
import gallery.local.LocalPhotos;
import gallery.local.LocalStack;
import gallery.local.PhotoImport;
import gallery.local.cognito.LocalCognito;
import gallery.local.cognito.UserPool;
import gallery.local.deployed.CloudAssembly;
import gallery.local.deployed.DeployedFunctions;
import gallery.local.deployed.LayerTwins;
import gallery.local.deployed.Synth;
import gallery.local.edge.LambdaOrigin;
import gallery.local.edge.OriginRequest;
import gallery.local.lambda.Invocation;
import gallery.local.lambda.LambdaEvents;
import gallery.local.lambda.LambdaFunction;
import gallery.local.lambda.LambdaRuntime;
import gallery.local.lambda.RecordedLogs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static gallery.testing.SignedCookies.cookiesFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deploy rehearsal (issue 13): the stack synthesized offline by the pinned CDK CLI, and the
 * gallery run with every Java function of its template as Lambda runs it ({@code ./gallery up
 * --as-deployed}): own JVM, own bundle, the runtime interface client, the template's handler,
 * memory, timeout, layers and environment. Real events from the local stack reach each one: S3
 * notifications on the ingest lane, render jobs on the render and reprocess lanes, {@code /session},
 * {@code /api} and {@code /resize} through the edge. Then the template and bundles are broken the
 * four ways a deploy breaks, and the rehearsal must say so.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployRehearsalIT {
    @TempDir
    static Path data;
    static Path root;
    static CloudAssembly assembly;
    static Gallery gallery;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        root = Path.of("").toAbsolutePath().getParent();
        assembly = Synth.forGallery(root, data.resolve("data"));
        Path web = Files.createDirectories(data.resolve("web"));
        Files.writeString(web.resolve("index.html"), "<!doctype html><title>Family Photos</title>");
        gallery = Gallery.start(Gallery.Options.defaults(data.resolve("data")).freePorts().withWeb(web).withTools(root.resolve("tools")), assembly);
    }

    @AfterAll
    static void stop() {
        if (gallery != null) gallery.close();
    }

    @Test
    @Order(1)
    void everyFunctionAnswersRealEventsAsDeployed() throws Exception {
        DeployedFunctions deployed = gallery.deployed().orElseThrow();
        Path photos = Files.createDirectories(data.resolve("Holiday"));
        Files.write(photos.resolve("wide.jpg"), jpeg(1200, 800));
        Files.writeString(photos.resolve("broken.jpg"), "not a photo at all");
        clip(photos.resolve("clip.mp4"));

        // S3 → ingest queue → ingest function; render queue → render function; video queue → video
        // worker, with ffmpeg from the layer's stand-in.
        PhotoImport.Progress imported = gallery.photoImport().run(LocalPhotos.inFolder(photos), Duration.ofMinutes(4), p -> { });
        assertThat(imported.ready()).as(imported.line()).isEqualTo(2);
        assertThat(imported.failed()).as("the refused file: " + imported.line()).isEqualTo(1);

        // A render job on the reprocess lane → the reprocess function.
        LambdaFunction reprocess = function(deployed, "ReprocessWorker");
        requeueForReprocess();
        await(() -> !reprocess.coldStarts().isEmpty(), Duration.ofMinutes(3), "the reprocess function ran");

        // The edge → HTTP API → signer and api; → function URL → resizer.
        String token = signInOnce();
        HttpResponse<String> session = http.send(HttpRequest.newBuilder(URI.create(gallery.siteUrl() + "/session"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(session.statusCode()).as(session.body()).isEqualTo(204);
        List<String> cookies = session.headers().allValues("set-cookie");
        assertThat(cookies).as("signed with the key read from the secret").hasSize(9);

        HttpResponse<String> albums = get("/api/albums", token);
        assertThat(albums.statusCode()).as(albums.body()).isEqualTo(200);
        assertThat(albums.body()).contains("Holiday");
        assertThat(get("/api/albums", null).statusCode()).as("no token").isEqualTo(401);

        JsonNode wide = Json.MAPPER.readTree(get("/api/photos/photos/Holiday/wide.jpg", token).body());
        String odd = wide.path("resize").asText().replace("{w}", "500").replace("{h}", "333");
        String cookie = cookiesFor(cookies, odd);
        HttpResponse<byte[]> redirect = getBytes(odd, cookie);
        assertThat(redirect.statusCode()).isEqualTo(301);
        HttpResponse<byte[]> resized = getBytes(redirect.headers().firstValue("location").orElseThrow(), cookie);
        assertThat(resized.statusCode()).isEqualTo(200);
        assertThat(resized.headers().firstValue("content-type")).hasValue("image/webp");
        assertThat(new String(resized.body(), 0, 4)).isEqualTo("RIFF");

        // Each Java function of the template ran, in its own JVM, and its first answer came back.
        for (LambdaFunction f : deployed.functions().values()) {
            assertThat(f.coldStarts()).as(f.spec().name() + " ran").isNotEmpty();
            Invocation.Result first = f.coldStarts().getFirst();
            assertThat(first.ok()).as(f.spec().name() + ": " + first.describe() + "\n" + String.join("\n", first.log())).isTrue();
            System.out.printf("cold start %-45s init %5.0f ms, first response %5.0f ms (%d MB, bundle %.1f MB)%n", f.spec().name(),
                    first.initNanos() / 1e6, first.sinceStartNanos() / 1e6, f.spec().memoryMb(), Files.size(f.spec().code()) / 1e6);
        }
    }

    @Test
    @Order(2)
    void aRenderAndARefusalPrintJsonLinesWithTheirRequestIds() {
        // Each function's own lines are JSON (Lambda's JSON log format), carry the request id of the
        // invocation that wrote them, and name the photo.
        DeployedFunctions deployed = gallery.deployed().orElseThrow();
        assertThat(jsonLines(function(deployed, "RenderWorker"), "photos/Holiday/wide.jpg")).as("the render's JSON lines").isNotEmpty();
        assertThat(jsonLines(function(deployed, "IngestFunction"), "photos/Holiday/broken.jpg"))
                .as("the refusal's JSON lines").anySatisfy(line -> assertThat(line.toString()).contains("not an allowed image type"));
    }

    /** A two-second H.264 clip, made by this machine's ffmpeg (the one the layer's stand-in links to). */
    private static void clip(Path target) throws Exception {
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=duration=2:size=320x240:rate=15",
                "-c:v", "libx264", "-pix_fmt", "yuv420p", target.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("ffmpeg: " + out).isZero();
    }

    /** The JSON lines of {@code f} that mention {@code photoKey} and one of its invocations' request ids. */
    private static List<JsonNode> jsonLines(LambdaFunction f, String photoKey) {
        RecordedLogs logs = (RecordedLogs) gallery.deployed().orElseThrow().logs();
        List<String> requestIds = f.requestIds();
        List<JsonNode> found = new ArrayList<>();
        for (RecordedLogs.Line l : logs.of(f.spec().name())) {
            if (!l.text().startsWith("{") || !l.text().contains(photoKey)) continue;
            try {
                JsonNode json = Json.MAPPER.readTree(l.text());
                if (requestIds.stream().anyMatch(id -> json.toString().contains(id))) found.add(json);
            } catch (IOException notJson) {
                // a plain line is not what Lambda's JSON format wants
            }
        }
        return found;
    }

    @Test
    @Order(3)
    void aVariableTheTemplateLacksFailsTheInit() throws Exception {
        ObjectNode template = assembly.template().deepCopy();
        String api = logicalId("HttpApiFunction");
        ((ObjectNode) template.path("Resources").path(api).path("Properties").path("Environment").path("Variables")).remove("PHOTO_TABLE");
        Invocation.Result r = invokeApi(assembly.withTemplate(template), api);
        assertThat(r.ok()).isFalse();
        assertThat(r.phase()).isEqualTo(Invocation.Phase.INIT);
        assertThat(r.errorMessage()).contains("PHOTO_TABLE");
    }

    @Test
    @Order(4)
    void aWrongHandlerNameFailsTheInit() throws Exception {
        ObjectNode template = assembly.template().deepCopy();
        String api = logicalId("HttpApiFunction");
        ((ObjectNode) template.path("Resources").path(api).path("Properties")).put("Handler", "gallery.api.ApiHandlr");
        Invocation.Result r = invokeApi(assembly.withTemplate(template), api);
        // The runtime interface client reports a handler it cannot load as the first invocation's
        // error (invocation/{id}/error), which is how Lambda shows it too.
        assertThat(r.ok()).isFalse();
        assertThat(r.errorType() + " " + r.errorMessage()).contains("ApiHandlr");
    }

    @Test
    @Order(5)
    void aClassMissingFromTheBundleFailsTheInit() throws Exception {
        String api = logicalId("HttpApiFunction");
        Path bundle = withoutEntries(assembly.function(api).code(), name -> name.equals("gallery/index/PhotoIndex.class"));
        Invocation.Result r = invokeApi(withCode(api, bundle), api);
        assertThat(r.ok()).isFalse();
        assertThat(r.phase()).isEqualTo(Invocation.Phase.INIT);
        assertThat(r.errorType() + " " + r.errorMessage() + String.join("\n", r.log())).contains("gallery/index/PhotoIndex");
    }

    @Test
    @Order(6)
    void aBundleWithoutALoggingProviderFails() throws Exception {
        String api = logicalId("HttpApiFunction");
        Path bundle = withoutEntries(assembly.function(api).code(), name -> name.equals("META-INF/services/org.slf4j.spi.SLF4JServiceProvider"));
        Invocation.Result r = invokeApi(withCode(api, bundle), api);
        assertThat(r.ok()).isFalse();
        assertThat(r.errorType()).isEqualTo("Rehearsal.NoLoggingProvider");
        assertThat(r.errorMessage()).contains("SLF4J");
    }

    /** A GET /api/me through a freshly prepared copy of the functions of {@code broken}: the first invocation is the init. */
    private static Invocation.Result invokeApi(CloudAssembly broken, String api) throws IOException {
        DeployedFunctions running = gallery.deployed().orElseThrow();
        LambdaRuntime runtime = LambdaRuntime.forProject(root, data.resolve("broken"));
        try (DeployedFunctions copy = DeployedFunctions.prepare(broken, running.localValues(), runtime, new LayerTwins(root, data.resolve("broken")))) {
            OriginRequest request = new OriginRequest("GET", "/api/me", "", Map.of("host", List.of("127.0.0.1")), new byte[0], "127.0.0.1");
            return copy.functions().get(api).invoke(LambdaEvents.http(LambdaOrigin.event(request), "ANY /api/{proxy+}", Map.of("proxy", "me")));
        } finally {
            // A broken bundle's unpacked copy is of no further use.
            Path code = broken.function(api).code();
            if (code.startsWith(data)) {
                try (var unpacked = Files.list(runtime.taskCache())) {
                    for (Path p : unpacked.filter(p -> p.getFileName().toString().startsWith(code.getFileName().toString())).toList()) {
                        FileTrees.delete(p);
                    }
                }
            }
        }
    }

    private static CloudAssembly withCode(String logicalId, Path bundle) {
        ObjectNode template = assembly.template().deepCopy();
        ((ObjectNode) template.path("Resources").path(logicalId).path("Metadata")).put("aws:asset:path", bundle.toAbsolutePath().toString());
        return assembly.withTemplate(template);
    }

    private static Path withoutEntries(Path jar, Predicate<String> drop) throws IOException {
        Path out = Files.createTempFile(data, "bundle", ".jar");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar)); ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            ZipEntry e;
            boolean dropped = false;
            while ((e = in.getNextEntry()) != null) {
                if (drop.test(e.getName())) {
                    dropped = true;
                    continue;
                }
                zip.putNextEntry(new ZipEntry(e.getName()));
                in.transferTo(zip);
                zip.closeEntry();
            }
            // A bundle that never had the entry is already broken that way; say so in the test's output.
            if (!dropped) System.out.println(jar.getFileName() + " had no entry to drop: the bundle is already without it");
        }
        return out;
    }

    private static String logicalId(String prefix) {
        return assembly.functions().stream().map(CloudAssembly.Function::logicalId).filter(id -> id.startsWith(prefix)
                || id.contains(prefix)).findFirst().orElseThrow(() -> new AssertionError("no function " + prefix + " in the template"));
    }

    private static LambdaFunction function(DeployedFunctions deployed, String namePart) {
        return deployed.functions().entrySet().stream().filter(e -> e.getKey().contains(namePart)).map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("no function " + namePart));
    }

    /** The admin tool's way: the photo's render job on the reprocess lane. */
    private static void requeueForReprocess() {
        try (SqsClient sqs = DeploymentClients.sqs(gallery.deployment()); DynamoDbClient dynamo = DeploymentClients.dynamoDb(gallery.deployment())) {
            PhotoRow row = new PhotoIndex(dynamo, gallery.deployment().photoTable()).get(PhotoKey.of("photos/Holiday/wide.jpg")).orElseThrow();
            String job = new RenderJob(gallery.deployment().originalsBucket(), row.key().value(), row.version().versionId(), row.version().eTag(), gallery.preset().name()).toJson();
            sqs.sendMessage(m -> m.queueUrl(gallery.deployment().queues().reprocess()).messageBody(job));
        }
    }

    private static String token;

    private static synchronized String signInOnce() {
        if (token != null) return token;
        UserPool pool = gallery.pool();
        try (CognitoIdentityProviderClient viaEdge = LocalCognito.client(URI.create(gallery.siteUrl() + "/cognito/"), Region.of(LocalStack.REGION))) {
            InitiateAuthResponse first = viaEdge.initiateAuth(r -> r.clientId(pool.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", pool.demoUsername(), "PASSWORD", pool.temporaryPassword())));
            assertThat(first.challengeName()).isEqualTo(ChallengeNameType.NEW_PASSWORD_REQUIRED);
            token = viaEdge.respondToAuthChallenge(r -> r.clientId(pool.clientId()).challengeName(ChallengeNameType.NEW_PASSWORD_REQUIRED)
                    .session(first.session())
                    .challengeResponses(Map.of("USERNAME", pool.demoUsername(), "NEW_PASSWORD", "Our-Family-Photos-1!")))
                    .authenticationResult().accessToken();
            return token;
        }
    }

    static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gallery.siteUrl() + path));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<byte[]> getBytes(String path, String cookie) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gallery.siteUrl() + path)).header("Accept", "image/webp").header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static void await(java.util.function.BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) throw new AssertionError("timed out waiting: " + what);
            Thread.sleep(200);
        }
    }

    static byte[] jpeg(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }
}
