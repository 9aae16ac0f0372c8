package gallery.bench;

import gallery.bench.RendererReport.BudgetRow;
import gallery.bench.RendererReport.Row;
import gallery.bench.RendererReport.RunInfo;
import gallery.bench.SamplePhotos.Photo;
import gallery.core.preset.Preset;
import gallery.core.preset.Presets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code ./gallery bench}: our renderer, ImageIO + Thumbnailator and sharp, side by side on real photos.
 * {@code ./gallery bench load}: the gallery under load ({@link gallery.bench.load.LoadBench}).
 * {@code ./gallery bench resize}: odd sizes on demand, misses and edge hits ({@link gallery.bench.resize.ResizeBench}).
 */
public final class Main {
    /** What a 512 MB Lambda leaves the JVM heap when the rest goes to native pixel buffers and the runtime. */
    static final String BUDGET_XMX = "-Xmx256m";

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("load")) {
            gallery.bench.load.LoadBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("resize")) {
            gallery.bench.resize.ResizeBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            System.exit(run(options));
        } catch (IOException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    static int run(BenchOptions options) throws IOException {
        Path root = options.root().orElseGet(Main::findRoot).toAbsolutePath().normalize();
        Path cache = options.cache().orElse(Path.of(System.getProperty("user.home"), ".cache", "gallery-bench"));
        List<Photo> photos = SamplePhotos.select(options.photos(), root, cache);

        List<String> notes = new ArrayList<>();
        EngineLauncher launcher = new EngineLauncher(EngineLauncher.currentJava(), System.getProperty("java.class.path"),
                sharpScript(cache), sharpDir(root, notes), Duration.ofMinutes(30));
        List<Contender> contenders = contenders(options, launcher.sharpAvailable(), npmLibvips(root));
        List<String> jvmOptions = List.of("--enable-native-access=ALL-UNNAMED", "-Xmx" + options.xmx());

        String loadBefore = loadAverage();
        List<Row> rows = new ArrayList<>();
        for (Photo photo : photos) {
            for (Contender c : contenders) {
                System.err.printf("%s: %s, %s ...%n", photo.id(), c.engineLabel(), c.outputLabel());
                Measurement m = c.engine().equals("sharp")
                        ? launcher.runSharp(c.preset(), photo.path(), options.warmup(), options.runs())
                        : launcher.runJvm(c.engine(), c.preset(), photo.path(), jvmOptions, c.env(), options.warmup(), options.runs());
                rows.add(new Row(photo, c, m));
            }
        }
        List<BudgetRow> budget = new ArrayList<>();
        List<String> budgetJvm = List.of("--enable-native-access=ALL-UNNAMED", BUDGET_XMX);
        for (Photo photo : photos) {
            if (!photo.id().equals("54mp")) continue;
            // the budget asks whether the resizer Lambda fits, warm, after several renders; glibc's
            // per-thread malloc arenas are shown as a setting since they decide it; Thumbnailator for contrast
            for (Contender c : contenders) {
                List<Map<String, String>> envs = c.is(OursEngine.NAME, Presets.DEFAULT) ? List.of(Map.of(), Map.of("MALLOC_ARENA_MAX", "2"))
                        : c.engine().equals(ThumbnailatorEngine.NAME) ? List.of(Map.of()) : List.of();
                for (Map<String, String> env : envs) {
                    String settings = BUDGET_XMX + env.entrySet().stream().map(e -> ", " + e.getKey() + "=" + e.getValue()).collect(Collectors.joining());
                    System.err.printf("%s: %s, %s with %s ...%n", photo.id(), c.engineLabel(), c.outputLabel(), settings);
                    Measurement m = launcher.runJvm(c.engine(), c.preset(), photo.path(), budgetJvm, env, options.warmup(), options.runs());
                    budget.add(new BudgetRow(photo, c, settings, m));
                }
            }
        }
        String loadAfter = loadAverage();

        var info = new RunInfo(options.commandLine(), ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                machine(), loadBefore, loadAfter, options.warmup(), options.runs(), String.join(" ", jvmOptions), notes);
        String markdown = RendererReport.markdown(info, photos, rows, budget);
        System.out.print(markdown);
        Optional<Path> file = options.resultsFile(root);
        if (file.isPresent()) {
            Files.createDirectories(file.get().toAbsolutePath().getParent());
            Files.writeString(file.get(), markdown, StandardCharsets.UTF_8);
            System.err.println("written to " + file.get());
        }
        boolean allOk = rows.stream().allMatch(r -> r.measurement().ok());
        return allOk ? 0 : 1;
    }

    static List<Contender> contenders(BenchOptions options, boolean sharp, Optional<Path> npmLibvips) {
        List<Contender> all = new ArrayList<>();
        for (Preset preset : List.of(Presets.DEFAULT, Presets.JPEG)) {
            if (options.engines().contains(OursEngine.NAME)) all.add(new Contender(OursEngine.NAME, preset));
            if (options.engines().contains(OursEngine.NAME) && preset == Presets.DEFAULT && npmLibvips.isPresent()) {
                all.add(new Contender(OursEngine.NAME, preset, Contender.NPM_LIBVIPS, Map.of("VIPS_LIBRARY", npmLibvips.get().toString())));
            }
            if (options.engines().contains("sharp") && sharp) all.add(new Contender("sharp", preset));
        }
        if (options.engines().contains(ThumbnailatorEngine.NAME)) all.add(new Contender(ThumbnailatorEngine.NAME, Presets.JPEG));
        return all;
    }

    /** The repository: where bench/target/bench.jar lives, else the working directory or a parent of it. */
    static Path findRoot() {
        try {
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path candidate = jar.getParent() == null ? null : jar.getParent().getParent();
            if (candidate != null && isRoot(candidate.getParent())) return candidate.getParent();
        } catch (Exception ignored) {
            // not run from a jar in bench/target: fall back to the working directory
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (isRoot(p)) return p;
        }
        throw new IllegalArgumentException("cannot find the repository (a directory with the gallery script and bench/): pass --root DIR");
    }

    private static boolean isRoot(Path p) {
        return p != null && Files.isRegularFile(p.resolve("gallery")) && Files.isDirectory(p.resolve("bench"));
    }

    /** The prebuilt libvips sharp itself loads (npm @img/sharp-libvips-linux-*), if installed in tools/. */
    static Optional<Path> npmLibvips(Path root) {
        String arch = System.getProperty("os.arch").matches("aarch64|arm64") ? "arm64" : "x64";
        Path lib = root.resolve("tools/node_modules/@img/sharp-libvips-linux-" + arch + "/lib");
        if (!Files.isDirectory(lib)) return Optional.empty();
        try (var files = Files.list(lib)) {
            return files.filter(f -> f.getFileName().toString().startsWith("libvips-cpp.so")).max(Path::compareTo);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The node script ships inside the jar; node needs it as a file. */
    private static Optional<Path> sharpScript(Path cache) throws IOException {
        try (InputStream in = Main.class.getResourceAsStream("/node/render-sharp.cjs")) {
            if (in == null) return Optional.empty();
            Files.createDirectories(cache);
            Path script = cache.resolve("render-sharp.cjs");
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(script);
        }
    }

    private static Optional<Path> sharpDir(Path root, List<String> notes) {
        Path dir = root.resolve("tools/node_modules/sharp");
        if (!Files.isDirectory(dir)) {
            notes.add("sharp skipped: " + dir + " is missing (run ./gallery setup)");
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() == 0) return Optional.of(dir);
        } catch (IOException e) {
            // handled below: no node on PATH
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        notes.add("sharp skipped: node is not on PATH");
        return Optional.empty();
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String machine() {
        String cpu = "unknown CPU";
        long memKiB = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) memKiB = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: the report says less about the machine
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return cpu + ", " + cores + " core" + (cores == 1 ? "" : "s")
                + (memKiB > 0 ? String.format(", %.0f GiB RAM", memKiB / 1024.0 / 1024.0) : "") + ", Linux " + System.getProperty("os.version");
    }
}
