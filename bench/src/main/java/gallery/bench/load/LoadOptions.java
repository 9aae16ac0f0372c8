package gallery.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line of {@code ./gallery bench load}.
 *
 * @param photos  photos put through S3 in phase 1
 * @param albums  how many albums they are spread over (round robin)
 * @param viewers concurrent viewers in phase 2
 * @param duration how long the viewers scroll
 * @param think   pause between two screens of one viewer (a person looks before scrolling on)
 * @param out     where the Markdown goes; empty: console only
 * @param data    the gallery's data folder; empty: a temporary one, deleted at the end
 * @param jar     local.jar, the gallery started as a separate process
 * @param seed    for the viewers' choices (which photo to open), so two runs make the same requests
 */
record LoadOptions(int photos, int albums, int viewers, Duration duration, Duration think, Optional<Path> out,
                   Optional<Path> data, Optional<Path> jar, Optional<Path> root, long seed, String command) {

    static final int MAX_ALBUMS = AlbumNames.ALL.size();
    static final Path DEFAULT_OUT = Path.of("bench/results/load.md");

    static final String USAGE = """
            usage: ./gallery bench load [options]
              Starts the gallery (local/target/local.jar) as a separate process on free ports, puts N photos
              through S3 and waits until each is READY or FAILED (phase 1), then runs concurrent viewers that
              sign in and scroll albums through the edge (phase 2); prints a Markdown report.
              --photos N        photos to ingest (default 1000): copies of the sample photos under distinct keys
              --albums N        albums they are spread over (default 4, at most %d)
              --viewers N       concurrent viewers (default 50)
              --duration D      how long the viewers scroll, e.g. 60s, 2m (default 60s)
              --think D         pause between two screens of a viewer, e.g. 500ms, 0 (default 500ms)
              --out FILE        where to write the report (default bench/results/load.md; - for console only)
              --data DIR        the gallery's data folder (default: a temporary folder, deleted afterwards)
              --jar FILE        the gallery jar (default <root>/local/target/local.jar)
              --root DIR        the repository (default: found from the jar or the working directory)
              --seed N          seed of the viewers' choices (default 1)
            """.formatted(MAX_ALBUMS);

    LoadOptions {
        if (photos < 1) throw new IllegalArgumentException("--photos " + photos + ": expected at least 1");
        if (albums < 1 || albums > MAX_ALBUMS) throw new IllegalArgumentException("--albums " + albums + ": expected 1.." + MAX_ALBUMS);
        if (viewers < 1) throw new IllegalArgumentException("--viewers " + viewers + ": expected at least 1");
        if (duration.isZero() || duration.isNegative()) throw new IllegalArgumentException("--duration: expected more than 0");
    }

    static LoadOptions parse(String... argv) {
        int photos = 1000;
        int albums = 4;
        int viewers = 50;
        Duration duration = Duration.ofSeconds(60);
        Duration think = Duration.ofMillis(500);
        Path out = DEFAULT_OUT;
        Path data = null;
        Path jar = null;
        Path root = null;
        long seed = 1;
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            switch (a) {
                case "--photos" -> photos = integer(a, value(argv, ++i, a));
                case "--albums" -> albums = integer(a, value(argv, ++i, a));
                case "--viewers" -> viewers = integer(a, value(argv, ++i, a));
                case "--duration" -> duration = duration(a, value(argv, ++i, a));
                case "--think" -> think = duration(a, value(argv, ++i, a));
                case "--out" -> {
                    String v = value(argv, ++i, a);
                    out = v.equals("-") ? null : Path.of(v);
                }
                case "--data" -> data = Path.of(value(argv, ++i, a));
                case "--jar" -> jar = Path.of(value(argv, ++i, a));
                case "--root" -> root = Path.of(value(argv, ++i, a));
                case "--seed" -> {
                    String v = value(argv, ++i, a);
                    try {
                        seed = Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--seed " + v + ": expected a whole number");
                    }
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        return new LoadOptions(photos, albums, viewers, duration, think, Optional.ofNullable(out), Optional.ofNullable(data),
                Optional.ofNullable(jar), Optional.ofNullable(root), seed, "./gallery bench load" + (argv.length == 0 ? "" : " " + String.join(" ", argv)));
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");

    /** {@code 500ms}, {@code 60s}, {@code 2m}; a bare number is seconds. */
    static Duration duration(String option, String value) {
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new IllegalArgumentException(option + " " + value + ": expected a duration such as 500ms, 60s or 2m");
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + value + ": the number is too large");
        }
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + value + ": expected a whole number");
        }
    }

    private static String value(String[] argv, int i, String option) {
        if (i >= argv.length) throw new IllegalArgumentException(option + " needs a value");
        return argv[i];
    }
}
