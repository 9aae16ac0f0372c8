package gallery.bench.load;

import gallery.core.FileTrees;
import gallery.core.deploy.Deployment;
import gallery.imaging.Renderer;
import gallery.index.PhotoIndex;
import gallery.aws.DeploymentClients;
import gallery.local.LocalPhotos;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./gallery bench load}: the gallery under load on this machine. Phase 1 ingests N photos
 * through S3 ({@link IngestPhase}), phase 2 runs concurrent viewers through the edge
 * ({@link ViewerPhase}); the report ({@link LoadReport}) goes to the console and to
 * bench/results/load.md. Not part of {@code mvn verify}: the full run takes a quarter of an hour.
 */
public final class LoadBench {
    private LoadBench() {
    }

    public static void main(String[] args) {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        int status;
        try {
            status = run(options, System.out);
        } catch (Exception e) {
            System.err.println("error: " + e.getMessage());
            status = 1;
        }
        // the SDK's and HttpClient's idle threads must not keep the JVM up
        System.exit(status);
    }

    static int run(LoadOptions o, PrintStream out) throws Exception {
        Path root = o.root().orElseGet(LoadBench::findRoot).toAbsolutePath().normalize();
        Path jar = o.jar().orElse(root.resolve("local/target/local.jar"));
        List<Path> samples = LocalPhotos.samples(root.resolve("tools")).stream().map(LocalPhotos.LocalPhoto::file).toList();
        if (samples.isEmpty()) throw new IllegalStateException("no sample photos: install mate-backgrounds and run npm ci in tools/ (./gallery setup)");
        List<IngestPhase.Upload> uploads = IngestPhase.plan(samples, o.photos(), o.albums());
        Map<String, Long> originalBytes = new HashMap<>();
        for (IngestPhase.Upload u : uploads) originalBytes.put(u.key().value(), Files.size(u.file()));

        LoadReport.Machine machine = machine();
        boolean temporary = o.data().isEmpty();
        Path data = o.data().orElseGet(() -> {
            try {
                return Files.createTempDirectory("gallery-load-");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        out.println("starting the gallery from " + jar + " in " + data + " ...");
        IngestPhase.Result ingest;
        ViewerPhase.Result viewers;
        List<String> warnings;
        String liveHeap;
        try (GalleryProcess gallery = GalleryProcess.start(jar, root, data);
             ProcessSampler sampler = new ProcessSampler(gallery.handle(), Duration.ofMillis(LoadReport.SAMPLE_MS))) {
            Deployment d = gallery.deployment();
            out.println("gallery up at " + gallery.siteUrl() + " (PID " + gallery.handle().pid() + ", log " + gallery.log() + ")");
            try (S3Client s3 = DeploymentClients.s3(d); DynamoDbClient dynamo = DeploymentClients.dynamoDb(d)) {
                ingest = IngestPhase.run(d, s3, new PhotoIndex(dynamo, d.photoTable()), uploads, sampler, out);
            }
            viewers = ViewerPhase.run(d, gallery.siteUrl(), o.viewers(), o.duration(), o.think(), o.seed(), originalBytes, sampler, out);
            warnings = gallery.warnings();
            liveHeap = ProcStats.heap(gallery.handle().pid(), true).orElse("?");
        } finally {
            if (temporary) FileTrees.delete(data);
        }
        String report = LoadReport.format(o.command(), machine, ingest, viewers, liveHeap, warnings);
        out.println();
        out.println(report);
        if (o.out().isPresent()) {
            Path file = o.out().get().isAbsolute() || o.out().get().equals(LoadOptions.DEFAULT_OUT) ? root.resolve(o.out().get()) : o.out().get();
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, report);
            out.println("written to " + file);
        }
        return 0;
    }

    static LoadReport.Machine machine() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String libvips;
        try {
            // the same lookup the gallery makes (VIPS_LIBRARY, else the system's, else the npm prebuilt)
            String full = Renderer.fromEnv().library();
            libvips = full.contains(", decodes") ? full.substring(0, full.indexOf(", decodes")) : full;
        } catch (RuntimeException | LinkageError e) {
            libvips = "libvips not loadable here (" + e.getMessage() + ")";
        }
        return new LoadReport.Machine(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")),
                Runtime.getRuntime().availableProcessors(), os.getTotalMemorySize() / 1_000_000,
                Runtime.version() + " (" + System.getProperty("java.vendor") + ")", libvips,
                System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }

    /** The repository (the folder with tools/package.json): above the jar, else above the working directory. */
    public static Path findRoot() {
        List<Path> starts = new ArrayList<>();
        try {
            starts.add(Path.of(LoadBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (Exception e) {
            // no code source: the working directory still works
        }
        starts.add(Path.of("").toAbsolutePath());
        for (Path start : starts) {
            for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("tools/package.json")) && Files.isDirectory(p.resolve("local"))) return p;
            }
        }
        throw new IllegalStateException("cannot find the repository (a folder with tools/package.json) above "
                + starts + ": pass --root DIR");
    }
}
