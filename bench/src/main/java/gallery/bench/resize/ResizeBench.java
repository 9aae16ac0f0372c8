package gallery.bench.resize;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.bench.load.GalleryProcess;
import gallery.bench.load.IngestPhase;
import gallery.bench.load.ProcStats;
import gallery.bench.load.ProcessSampler;
import gallery.bench.load.Viewer;
import gallery.bench.load.ViewerPhase;
import gallery.core.edge.AccessLabels;
import gallery.core.FileTrees;
import gallery.core.Json;
import gallery.core.PhotoKey;
import gallery.core.PhotoVersion;
import gallery.core.config.Env;
import gallery.core.deploy.Deployment;
import gallery.core.preset.OutputFormat;
import gallery.imaging.Renderer;
import gallery.index.PhotoIndex;
import gallery.index.PhotoRow;
import gallery.aws.DeploymentClients;
import gallery.local.cognito.UserPool;
import gallery.resize.Canonical;
import gallery.resize.OnDemandEncoding;
import gallery.resize.Reply;
import gallery.resize.ResizeConfig;
import gallery.resize.Resizer;
import gallery.resize.SizeLadder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./gallery bench resize}: odd sizes on demand, against issue 20's goals. Three parts:
 * <ol>
 *   <li>encoder effort against bytes and time for on-demand output ({@link EncoderSweep}), in this process;</li>
 *   <li>misses of the resizer itself, {@link Resizer#handle} in this process against the gallery's S3 and
 *       DynamoDB (what the Lambda does: index read with the source read beside it, render, result stored, index read again);</li>
 *   <li>misses and hits through the local edge, signed in as a viewer, at canonical sizes (as the web asks).</li>
 * </ol>
 * The gallery ({@code local.jar}) runs as a process of its own; the photos are copies of the bench's 24 MP
 * camera JPEG, so each copy is a distinct key with its own stored renditions.
 */
public final class ResizeBench {
    static final Path DEFAULT_OUT = Path.of("bench/results/resize.md");
    static final String USAGE = """
            usage: ./gallery bench resize [--copies N] [--runs N] [--out FILE|-] [--jar FILE] [--root DIR]
              --copies N   copies of the 24 MP photo measured (default 4; one more warms up): N × rungs misses per band and format
              --runs N     timed runs per encoder setting (default 5, median)
              --out FILE   the report (default bench/results/resize.md; - for the console only)
            """;
    static final String WEBP_ACCEPT = "image/webp,*/*;q=0.8";
    static final String AVIF_ACCEPT = "image/avif,image/webp,*/*;q=0.8";

    /** A band of output sizes: the ladder's rungs in {@code from..to}, and the WebP miss goal for it. */
    record Band(String label, int from, int to, long webpGoalMillis) {
        List<Integer> rungs(SizeLadder ladder) {
            return ladder.rungs().stream().filter(r -> r >= from && r <= to).toList();
        }
    }

    static final List<Band> BANDS = List.of(new Band("≤ 1000 px", 700, 1000, 80), new Band("≤ 1920 px", 1300, 1920, 160));
    static final long EDGE_HIT_GOAL_MILLIS = 5;

    private ResizeBench() {
    }

    public static void main(String[] args) {
        int copies = 4;
        int runs = 5;
        Path out = DEFAULT_OUT;
        Path jar = null;
        Path root = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String v = i + 1 < args.length ? args[i + 1] : null;
                if (v == null) throw new IllegalArgumentException(a + " needs a value");
                switch (a) {
                    case "--copies" -> copies = positive(a, v);
                    case "--runs" -> runs = positive(a, v);
                    case "--out" -> out = v.equals("-") ? null : Path.of(v);
                    case "--jar" -> jar = Path.of(v);
                    case "--root" -> root = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
                i++;
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        }
        int status;
        try {
            status = run(copies, runs, out, root, jar, System.out);
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(option + " " + value + ": expected a whole number of at least 1");
    }

    static int run(int copies, int runs, Path outFile, Path rootOrNull, Path jarOrNull, PrintStream out) throws Exception {
        Path root = (rootOrNull != null ? rootOrNull : gallery.bench.load.LoadBench.findRoot()).toAbsolutePath().normalize();
        Path jar = jarOrNull != null ? jarOrNull : root.resolve("local/target/local.jar");
        Path photo = root.resolve("tools/node_modules/exif/test/sony-alpha-6000.jpg");
        if (!Files.isRegularFile(photo)) throw new IllegalStateException(photo + " is missing: run ./gallery setup (npm ci in tools/)");
        byte[] original = Files.readAllBytes(photo);
        SizeLadder ladder = new SizeLadder(ResizeConfig.DEFAULT_MIN_SIZE, ResizeConfig.DEFAULT_MAX_SIZE);
        String loadBefore = ProcStats.loadAverage();
        out.println("load average before: " + loadBefore);
        Renderer renderer = Renderer.fromEnv();

        // 1. Encoder effort, at the largest rung of each band, from the preset rendition the resizer reads for it.
        out.println("encoder effort, in process:");
        int[] edges = BANDS.stream().mapToInt(b -> b.rungs(ladder).getLast()).toArray();
        int[] sourceEdges = new int[edges.length];
        byte[][] sources = new byte[edges.length][];
        for (int i = 0; i < edges.length; i++) {
            int edge = edges[i];
            sourceEdges[i] = gallery.core.preset.Presets.DEFAULT.sizes().stream().filter(s -> s >= edge).findFirst().orElseThrow();
            sources[i] = renderer.resize("preset", original, sourceEdges[i], sourceEdges[i],
                    gallery.imaging.Encoding.of(gallery.core.preset.Presets.DEFAULT.format(), gallery.core.preset.Presets.DEFAULT.quality())).data();
        }
        List<EncoderSweep.Cell> sweep = EncoderSweep.run(renderer, edges, sourceEdges, sources, runs, out);

        // 2 and 3: the gallery as a process of its own.
        Path data = Files.createTempDirectory("gallery-resize-");
        Map<String, ResizeReport.Series> series = new LinkedHashMap<>();
        List<String> warnings;
        try (GalleryProcess gallery = GalleryProcess.start(jar, root, data);
             ProcessSampler sampler = new ProcessSampler(gallery.handle(), Duration.ofMillis(250))) {
            Deployment d = gallery.deployment();
            out.println("gallery up at " + gallery.siteUrl() + " (PID " + gallery.handle().pid() + ")");
            List<IngestPhase.Upload> uploads = new ArrayList<>();
            Path copy = data.resolve("sony-alpha-6000.jpg");
            Files.write(copy, original);
            for (int i = 0; i <= copies; i++) {
                uploads.add(new IngestPhase.Upload(copy, PhotoKey.of(String.format(Locale.ROOT, "photos/Resize bench/%02d-sony-alpha-6000.jpg", i))));
            }
            try (S3Client s3 = DeploymentClients.s3(d); DynamoDbClient dynamo = DeploymentClients.dynamoDb(d)) {
                PhotoIndex index = new PhotoIndex(dynamo, d.photoTable());
                IngestPhase.Result ingest = IngestPhase.run(d, s3, index, uploads, sampler, out);
                if (ingest.ready() != uploads.size()) throw new IllegalStateException(ingest.ready() + " of " + uploads.size() + " photos ready");
                List<PhotoRow> rows = uploads.stream().map(u -> index.get(u.key()).orElseThrow()).toList();

                Resizer resizer = new Resizer(ResizeConfig.fromEnv(new Env(d.environment())), index, s3, renderer);
                for (Band band : BANDS) {
                    for (OutputFormat format : List.of(OutputFormat.WEBP, OutputFormat.AVIF)) {
                        String accept = format == OutputFormat.AVIF ? AVIF_ACCEPT : WEBP_ACCEPT;
                        List<Long> inProcess = new ArrayList<>();
                        List<Long> inProcessCpu = new ArrayList<>();
                        for (Target target : targets(band, rows, ladder)) {
                            long c = EncoderSweep.processCpuNanos();
                            long t = System.nanoTime();
                            Reply reply = resizer.handle(new Resizer.Call("GET", target.path(), target.version(), accept));
                            long ms = (System.nanoTime() - t) / 1_000_000;
                            long cpu = (EncoderSweep.processCpuNanos() - c) / 1_000_000;
                            if (reply.status() != 200) throw new IllegalStateException(target.url() + " answered " + reply.status() + " in process");
                            if (target.counted()) {
                                inProcess.add(ms);
                                inProcessCpu.add(cpu);
                            }
                        }
                        series.put(ResizeReport.key(band.label(), format, "process"), ResizeReport.Series.of(inProcess));
                        series.put(ResizeReport.key(band.label(), format, "process-cpu"), ResizeReport.Series.of(inProcessCpu));
                        out.printf(Locale.ROOT, "  in process, %s %s: %s%n", band.label(), format, series.get(ResizeReport.key(band.label(), format, "process")));
                    }
                }

                // Through the edge: a viewer's signed cookies, then every canonical URL twice (a miss, then a hit).
                String password = UserPool.randomPassword("Bench-");
                String user = ViewerPhase.createUsers(d, 1, password).getFirst();
                try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build()) {
                    String site = gallery.siteUrl();
                    HttpResponse<byte[]> signIn = http.send(Viewer.signInRequest(site, d.userPoolClientId(), user, password).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    JsonNode answer = Json.MAPPER.readTree(signIn.body());
                    String token = Viewer.accessToken(answer);
                    if (token == null) throw new IllegalStateException("sign-in answered " + signIn.statusCode() + ": " + answer);
                    HttpResponse<byte[]> session = http.send(Viewer.sessionRequest(site, token).build(), HttpResponse.BodyHandlers.ofByteArray());
                    List<String[]> cookies = session.headers().allValues("set-cookie").stream().map(Viewer::parseCookie).toList();
                    if (cookies.isEmpty()) throw new IllegalStateException("POST /session answered " + session.statusCode() + " without cookies");
                    for (Band band : BANDS) {
                        for (OutputFormat format : List.of(OutputFormat.WEBP, OutputFormat.AVIF)) {
                            String accept = format == OutputFormat.AVIF ? AVIF_ACCEPT : WEBP_ACCEPT;
                            List<Long> misses = new ArrayList<>();
                            List<Long> hits = new ArrayList<>();
                            for (Target target : targets(band, rows, ladder)) {
                                // The bench's album has no group rule, so every viewer reaches it under the "all" label.
                                String url = AccessLabels.labelled(target.url(), AccessLabels.EVERYONE);
                                long miss = get(http, site, url, accept, cookies, "Miss");
                                long hit = get(http, site, url, accept, cookies, "Hit");
                                if (target.counted()) {
                                    misses.add(miss);
                                    hits.add(hit);
                                }
                            }
                            series.put(ResizeReport.key(band.label(), format, "edge-miss"), ResizeReport.Series.of(misses));
                            series.put(ResizeReport.key(band.label(), format, "edge-hit"), ResizeReport.Series.of(hits));
                            out.printf(Locale.ROOT, "  through the edge, %s %s: miss %s, hit %s%n", band.label(), format,
                                    series.get(ResizeReport.key(band.label(), format, "edge-miss")), series.get(ResizeReport.key(band.label(), format, "edge-hit")));
                        }
                    }
                }
            }
            warnings = gallery.warnings();
        } finally {
            FileTrees.delete(data);
        }
        String loadAfter = ProcStats.loadAverage();
        String report = ResizeReport.format(new ResizeReport.Run(
                ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")), Runtime.getRuntime().availableProcessors(),
                renderer.library(), loadBefore, loadAfter, copies, runs,
                "./gallery bench resize --copies " + copies + " --runs " + runs),
                BANDS, ladder, sweep, series, OnDemandEncoding.of(OutputFormat.WEBP).effort(), OnDemandEncoding.of(OutputFormat.AVIF).effort(), warnings);
        out.println();
        out.println(report);
        if (outFile != null) {
            Path file = outFile.isAbsolute() ? outFile : root.resolve(outFile);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, report);
            out.println("written to " + file);
        }
        return 0;
    }

    /** A canonical resize URL (as the web asks), its path and version apart; the first copy's only warm up. */
    private record Target(String url, String path, String version, boolean counted) {
    }

    /** Every rung of the band for every photo, in order: the first photo's rungs warm up and are not counted. */
    private static List<Target> targets(Band band, List<PhotoRow> rows, SizeLadder ladder) {
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            PhotoRow row = rows.get(i);
            String version = PhotoVersion.of(row.version().eTag());
            for (int rung : band.rungs(ladder)) {
                String url = Canonical.of(rung, rung, row.metadata().width(), row.metadata().height(), ladder).url(row.key(), version);
                targets.add(new Target(url, url.contains("?") ? url.substring(0, url.indexOf('?')) : url, version, i > 0));
            }
        }
        return targets;
    }

    /** One GET through the edge with a browser's cookies; the time to the last byte, checked against the edge's cache state. */
    private static long get(HttpClient http, String site, String url, String accept, List<String[]> cookies, String expected)
            throws IOException, InterruptedException {
        String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        List<String> sent = new ArrayList<>();
        for (String[] c : cookies) if (path.startsWith(c[0])) sent.add(c[1]);
        HttpRequest request = HttpRequest.newBuilder(URI.create(site + url)).header("accept", accept)
                .header("cookie", String.join("; ", sent)).timeout(Duration.ofSeconds(60)).GET().build();
        long t = System.nanoTime();
        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long ms = (System.nanoTime() - t) / 1_000_000;
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + " through the edge: "
                    + new String(r.body(), 0, Math.min(200, r.body().length), java.nio.charset.StandardCharsets.UTF_8));
        }
        String cache = r.headers().firstValue("x-cache").orElse("");
        if (!cache.startsWith(expected)) throw new IllegalStateException(url + ": expected an edge " + expected + ", got x-cache '" + cache + "'");
        return ms;
    }
}
