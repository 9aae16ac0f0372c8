package gallery.bench;

import gallery.aws.DeploymentClients;
import gallery.core.FileTrees;
import gallery.core.PhotoKey;
import gallery.core.preset.Preset;
import gallery.core.preset.Presets;
import gallery.imaging.Renderer;
import gallery.index.PhotoIndex;
import gallery.index.PhotoStatus;
import gallery.local.LambdaPoller;
import gallery.local.LocalPhotos;
import gallery.local.LocalPhotos.LocalPhoto;
import gallery.local.LocalStack;
import gallery.local.Pipeline;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ingest throughput of the local pipeline, as {@code ./gallery up} wires it: N real photos (copies
 * of the sample photos under distinct keys) put through S3, timed from the first PUT until every
 * row is READY; compared with the CPU floor, the sum of each photo's single render time (the same
 * {@link Renderer}, measured in this run before the pipeline starts) divided by the cores.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp local/target/local.jar:bench/target/bench.jar gallery.bench.IngestBench [--photos N] [--out FILE]</pre>
 *
 * The ratio says how much of the machine the pipeline turns into renditions: S3, SQS, DynamoDB,
 * the ingest reads and the rendition writes all run in this process too, so 100% is unreachable.
 */
public final class IngestBench {
    private static final int WARM_UP = 8;
    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = 60;
        Path out = null;
        LambdaPoller.Settings lane = Pipeline.renderLane();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--photos" -> n = Integer.parseInt(value(args, ++i, "--photos"));
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                case "--render-concurrency" -> lane = lane.withConcurrency(Integer.parseInt(value(args, ++i, "--render-concurrency")));
                default -> {
                    System.err.println("usage: IngestBench [--photos N] [--out FILE]   unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (n < 1) throw new IllegalArgumentException("--photos " + n + ": expected at least 1");
        gallery.local.Main.quietLogs(false);
        Path tools = gallery.local.Main.projectRoot().map(r -> r.resolve("tools")).orElse(Path.of("tools"));
        List<LocalPhoto> samples = LocalPhotos.samples(tools);
        if (samples.isEmpty()) throw new IllegalStateException("no sample photos: install mate-backgrounds (./gallery setup)");
        int cores = Runtime.getRuntime().availableProcessors();
        Preset preset = Presets.DEFAULT;

        Renderer renderer = Pipeline.renderer(System.getenv());
        Map<Path, byte[]> bytes = new LinkedHashMap<>();
        for (LocalPhoto s : samples) bytes.put(s.file(), Files.readAllBytes(s.file()));
        // Warm-up: the first render pays for loading codecs and JIT.
        renderer.render("warm-up", bytes.values().iterator().next(), preset);
        // Each sample rendered alone, nothing else running in this process: its wall time (the floor of
        // the definition) and the CPU the process spent on it (what the render costs whoever
        // else shares the machine).
        Map<Path, Duration> single = new LinkedHashMap<>();
        Map<Path, Duration> singleCpu = new LinkedHashMap<>();
        for (Map.Entry<Path, byte[]> e : bytes.entrySet()) {
            long cpu = processCpu();
            long t = System.nanoTime();
            renderer.render(e.getKey().getFileName().toString(), e.getValue(), preset);
            single.put(e.getKey(), Duration.ofNanos(System.nanoTime() - t));
            singleCpu.put(e.getKey(), Duration.ofNanos(processCpu() - cpu));
            System.out.printf(Locale.ROOT, "single render %-32s %6d ms wall %6d ms CPU%n", e.getKey().getFileName(),
                    single.get(e.getKey()).toMillis(), singleCpu.get(e.getKey()).toMillis());
        }
        List<LocalPhoto> photos = new ArrayList<>();
        Duration sum = Duration.ZERO;
        Duration sumCpu = Duration.ZERO;
        for (int i = 0; i < n; i++) {
            LocalPhoto s = samples.get(i % samples.size());
            photos.add(new LocalPhoto(s.file(), PhotoKey.of(String.format(Locale.ROOT, "photos/Bench/%03d-%s", i, s.file().getFileName()))));
            sum = sum.plus(single.get(s.file()));
            sumCpu = sumCpu.plus(singleCpu.get(s.file()));
        }
        Duration floor = sum.dividedBy(cores);

        Path data = Files.createTempDirectory("gallery-ingest-bench-");
        Duration elapsed;
        Duration pipelineCpu;
        double machineBusy;
        Duration jit;
        Duration gc;
        int failed;
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        try (LocalStack stack = Pipeline.register(LocalStack.builder(data).freePorts(), renderer, lane).start();
             S3Client s3 = DeploymentClients.s3(stack.deployment());
             DynamoDbClient dynamo = DeploymentClients.dynamoDb(stack.deployment())) {
            PhotoIndex index = new PhotoIndex(dynamo, stack.deployment().photoTable());
            String bucket = stack.deployment().originalsBucket();
            System.out.printf(Locale.ROOT, "uploading %d photos through S3; the render lane runs %d at a time%n", n,
                    lane.concurrency());
            // Warm-up, not counted: a running gallery has its S3, SQS, DynamoDB and SDK code compiled by
            // the JIT; the first photos of a fresh JVM pay for that.
            List<PhotoKey> warmUp = new ArrayList<>();
            for (LocalPhoto sample : samples.subList(0, Math.min(WARM_UP, samples.size()))) {
                PhotoKey k = PhotoKey.of("photos/Warm-up/" + sample.file().getFileName());
                warmUp.add(k);
                s3.putObject(r -> r.bucket(bucket).key(k.value()).contentType("image/jpeg"), RequestBody.fromBytes(bytes.get(sample.file())));
            }
            while (index.getAll(warmUp).values().stream().filter(st -> !st.deleted() && st.row().status() != PhotoStatus.PENDING).count() < warmUp.size()) {
                Thread.sleep(200);
            }
            long t0 = System.nanoTime();
            long cpu0 = processCpu();
            long jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            long gc0 = gcMillis();
            CpuTicks machine0 = CpuTicks.now();
            for (LocalPhoto p : photos) {
                s3.putObject(r -> r.bucket(bucket).key(p.key().value()).contentType("image/jpeg"), RequestBody.fromBytes(bytes.get(p.file())));
            }
            List<PhotoKey> keys = photos.stream().map(LocalPhoto::key).toList();
            int ready;
            long lastPrint = 0;
            Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
            while (true) {
                Map<PhotoKey, PhotoIndex.Stored> rows = index.getAll(keys);
                ready = (int) rows.values().stream().filter(s -> !s.deleted() && s.row().status() == PhotoStatus.READY).count();
                failed = (int) rows.values().stream().filter(s -> !s.deleted() && s.row().status() == PhotoStatus.FAILED).count();
                if (ready + failed == n) break;
                if (Instant.now().isAfter(deadline)) throw new IllegalStateException("only " + ready + " of " + n + " ready after 30 minutes");
                if (System.nanoTime() - lastPrint > 5_000_000_000L) {
                    System.out.printf(Locale.ROOT, "  %d ready, %d failed, %.0f s%n", ready, failed, (System.nanoTime() - t0) / 1e9);
                    lastPrint = System.nanoTime();
                }
                Thread.sleep(200);
            }
            elapsed = Duration.ofNanos(System.nanoTime() - t0);
            pipelineCpu = Duration.ofNanos(processCpu() - cpu0);
            jit = Duration.ofMillis(ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0);
            gc = Duration.ofMillis(gcMillis() - gc0);
            machineBusy = CpuTicks.now().busyShareSince(machine0);
        } finally {
            FileTrees.delete(data);
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        double perMinute = n * 60.0 / (elapsed.toMillis() / 1000.0);
        double floorPerMinute = n * 60.0 / (floor.toMillis() / 1000.0);
        double ratio = (double) floor.toMillis() / elapsed.toMillis();
        String report = report(n, samples.size(), cores, single, singleCpu, sum, sumCpu, floor, elapsed, pipelineCpu, failed,
                perMinute, floorPerMinute, ratio, renderer.library(), loadBefore, loadAfter, lane.concurrency(), machineBusy, jit, gc);
        System.out.println();
        System.out.println(report);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report);
            System.out.println("written to " + out.toAbsolutePath());
        }
        // DynamoDB Local leaves a non-daemon scheduler thread behind after it stops.
        System.exit(0);
    }

    private static String report(int n, int distinct, int cores, Map<Path, Duration> single, Map<Path, Duration> singleCpu,
                                 Duration sum, Duration sumCpu, Duration floor, Duration elapsed, Duration pipelineCpu, int failed,
                                 double perMinute, double floorPerMinute, double ratio, String library, double loadBefore, double loadAfter,
                                 int workers, double machineBusy, Duration jit, Duration gc) {
        double renderShare = (double) sumCpu.toMillis() / pipelineCpu.toMillis();
        double utilisation = (double) pipelineCpu.toMillis() / (elapsed.toMillis() * (double) cores);
        StringBuilder b = new StringBuilder();
        b.append("# Ingest throughput (local pipeline)\n\n");
        b.append("`java --enable-native-access=ALL-UNNAMED -cp local/target/local.jar:bench/target/bench.jar gallery.bench.IngestBench --photos ").append(n)
                .append(" --render-concurrency ").append(workers).append(" --out local/results/ingest-throughput.md`\n\n");
        b.append(String.format(Locale.ROOT, """
                        %d photos (copies of %d sample photos under distinct keys) put through S3 one after another, timed from the
                        first PUT until every row is READY, after a warm-up of %d photos (not counted); the whole local pipeline in one process (S3Proxy, ElasticMQ, DynamoDB Local,
                        ingest lane, render lane with %d workers, %s, one thread per render).

                        | | |
                        | --- | --- |
                        | photos | %d (%d failed) |
                        | cores | %d |
                        | wall time, first PUT to last READY | %.1f s |
                        | **throughput** | **%.1f photos/min** |
                        | CPU floor: sum of single-render wall times / cores | %.1f s / %d = %.1f s (%.1f photos/min) |
                        | **ratio to the floor** (floor / wall time) | **%.0f%%** (target ≥ 80%%) |
                        | CPU of the whole process during the run | %.1f s, i.e. %.0f%% of %d cores over the wall time |
                        | of which rendering (sum of single-render CPU times) | %.1f s (%.0f%%); the rest is ingest, S3Proxy, DynamoDB Local, ElasticMQ, SDK clients, GC |
                        | of which JIT compilation / garbage collection (time, as the JVM counts it) | %.1f s / %.1f s |
                        | all processes on the machine during the run (/proc/stat) | %.0f%% of the cores busy |
                        | system load average before / after | %.2f / %.2f |

                        Reading it: throughput / floor ≈ (share of the process's CPU that renders) × (share of the cores the process
                        got). The first is the pipeline's overhead; the second is 100%% on an idle machine and less when other
                        processes compete for the cores (see the load average).

                        Single render of each sample (the same renderer, measured in this run before the pipeline started):

                        | photo | wall ms | CPU ms |
                        | --- | ---: | ---: |
                        """, n, distinct, WARM_UP, workers, library, n, failed, cores,
                elapsed.toMillis() / 1000.0, perMinute, sum.toMillis() / 1000.0, cores, floor.toMillis() / 1000.0, floorPerMinute,
                ratio * 100, pipelineCpu.toMillis() / 1000.0, utilisation * 100, cores, sumCpu.toMillis() / 1000.0, renderShare * 100,
                jit.toMillis() / 1000.0, gc.toMillis() / 1000.0, machineBusy * 100, loadBefore, loadAfter));
        single.forEach((file, d) -> b.append("| ").append(file.getFileName()).append(" | ").append(d.toMillis())
                .append(" | ").append(singleCpu.get(file).toMillis()).append(" |\n"));
        return b.toString();
    }

    private static long gcMillis() {
        long total = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) total += Math.max(0, gc.getCollectionTime());
        return total;
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }
}
