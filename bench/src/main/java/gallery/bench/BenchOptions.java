package gallery.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The command line of {@code ./gallery bench}. */
record BenchOptions(int warmup, int runs, boolean quick, Optional<Path> out, Optional<Path> root, Optional<Path> cache,
                    Set<String> engines, Set<String> photos, String xmx, List<String> args) {

    static final Set<String> ENGINES = Set.of("ours", "thumbnailator", "sharp");
    static final Set<String> PHOTOS = Set.of("24mp", "18mp", "54mp");

    static final String USAGE = """
            usage: ./gallery bench [options]
              Renders the whole default preset from real photos with our renderer, ImageIO+Thumbnailator
              and sharp, each engine and photo in a child process, and prints a Markdown table.
              --runs N          timed runs per engine and photo (default 5; --quick: 1)
              --warmup N        untimed warm-up runs before them (default 2; --quick: 0)
              --quick           a smoke run: fewer runs, results not written unless --out is given
              --out FILE        where to write the Markdown (default bench/results/renderer.md; not with --quick)
              --engines LIST    comma-separated subset of ours,thumbnailator,sharp (default all)
              --photos LIST     comma-separated subset of 24mp,18mp,54mp (default all)
              --xmx SIZE        heap of the JVM children in the main table (default 1g)
              --root DIR        the repository (default: found from the jar or the working directory)
              --cache DIR       where the generated 54 MP photo is kept (default ~/.cache/gallery-bench)
            """;

    static BenchOptions parse(String... argv) {
        Integer warmup = null;
        Integer runs = null;
        boolean quick = false;
        Path out = null;
        Path root = null;
        Path cache = null;
        Set<String> engines = new LinkedHashSet<>(List.of("ours", "sharp", "thumbnailator"));
        Set<String> photos = new LinkedHashSet<>(List.of("24mp", "18mp", "54mp"));
        String xmx = "1g";
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            switch (a) {
                case "--quick" -> quick = true;
                case "--runs" -> runs = positive(a, value(argv, ++i, a), 1);
                case "--warmup" -> warmup = positive(a, value(argv, ++i, a), 0);
                case "--out" -> out = Path.of(value(argv, ++i, a));
                case "--root" -> root = Path.of(value(argv, ++i, a));
                case "--cache" -> cache = Path.of(value(argv, ++i, a));
                case "--engines" -> engines = subset(a, value(argv, ++i, a), ENGINES);
                case "--photos" -> photos = subset(a, value(argv, ++i, a), PHOTOS);
                case "--xmx" -> {
                    xmx = value(argv, ++i, a);
                    if (!xmx.matches("\\d+[kKmMgG]?")) throw new IllegalArgumentException("--xmx " + xmx + ": expected a heap size such as 512m or 1g");
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        if (root != null && !Files.isDirectory(root)) throw new IllegalArgumentException("--root " + root + " is not a directory");
        return new BenchOptions(warmup != null ? warmup : quick ? 0 : 2, runs != null ? runs : quick ? 1 : 5, quick,
                Optional.ofNullable(out), Optional.ofNullable(root), Optional.ofNullable(cache), engines, photos, xmx,
                List.of(argv));
    }

    /** Results are written by full runs, or wherever --out says; a smoke run must not overwrite them. */
    Optional<Path> resultsFile(Path repositoryRoot) {
        if (out.isPresent()) return out;
        return quick ? Optional.empty() : Optional.of(repositoryRoot.resolve("bench/results/renderer.md"));
    }

    String commandLine() {
        return ("./gallery bench " + String.join(" ", args)).trim();
    }

    private static String value(String[] argv, int i, String option) {
        if (i >= argv.length) throw new IllegalArgumentException(option + " needs a value");
        return argv[i];
    }

    private static int positive(String option, String raw, int min) {
        try {
            int n = Integer.parseInt(raw);
            if (n < min) throw new IllegalArgumentException(option + " " + raw + ": expected a whole number >= " + min);
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + raw + ": expected a whole number >= " + min);
        }
    }

    private static Set<String> subset(String option, String raw, Set<String> allowed) {
        Set<String> chosen = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String s : raw.split(",")) {
            String t = s.trim().toLowerCase();
            if (t.isEmpty()) continue;
            if (allowed.contains(t)) chosen.add(t);
            else unknown.add(t);
        }
        if (!unknown.isEmpty() || chosen.isEmpty()) {
            throw new IllegalArgumentException(option + " " + raw + ": expected a comma-separated subset of " + allowed.stream().sorted().toList());
        }
        return chosen;
    }
}
