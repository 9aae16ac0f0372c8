package gallery.imaging;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HEIC through the x86_64 twin of the Lambda layer (infra/layer/build.sh x86_64, in
 * {@code .layers/libvips-x86_64}), exactly as the resizer Lambda runs it: a process whose
 * {@code VIPS_LIBRARY} and {@code HEIF_LIBRARY} point into the layer and whose library path is
 * Lambda's ({@code /lib64:/usr/lib64:...:/opt/lib}, the layer's lib/ playing /opt/lib). The same
 * fixtures go through Debian's libvips in another process, and the two must agree:
 * <ul>
 * <li>the same size for every fixture, upright (orientation 6) and cropped (the grid);</li>
 * <li>comparable colours: mean CIE76 ΔE over the largest JPEG rendition at most {@value #MAX_MEAN_DELTA_E}
 * (about one just-noticeable difference; the two decode with different libheif and colour code);</li>
 * <li>the truncated file refused by both, with libheif's reason.</li>
 * </ul>
 * And the twin's process maps no shared object from the system but glibc: the layer is complete.
 */
class HeicLayerTwinIT {
    static final double MAX_MEAN_DELTA_E = 2.0;
    /** The image's own libraries (glibc), the only ones a layer may take from the system. */
    static final Set<String> GLIBC = Set.of("libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1",
            "libresolv.so.2", "ld-linux-x86-64.so.2", "libnss_files.so.2");

    static Path twin;
    static Map<String, Path> fixtures;
    static Probe onTwin;
    static Probe onSystem;

    record Probe(String library, Map<String, int[]> sizes, Map<String, String> failures, Map<String, long[]> times,
                 List<String> mapped, Path out) {
    }

    @BeforeAll
    static void renderOnBoth() throws Exception {
        twin = LayerTwin.locate();
        fixtures = HeicFixtures.make(Path.of("target/heic-fixtures"));
        String lib = twin.resolve("lib").toString();
        String vips;
        try (var files = Files.list(twin.resolve("lib"))) {
            vips = files.map(Path::toString).filter(p -> p.contains("libvips-cpp.so")).findFirst().orElseThrow();
        }
        int runs = Integer.getInteger("heic.runs", 0);
        onTwin = probe("twin", Map.of("VIPS_LIBRARY", vips, "HEIF_LIBRARY", lib + "/libheif.so.1",
                "LD_LIBRARY_PATH", "/lib64:/usr/lib64:" + lib), runs);
        onSystem = probe("system", Map.of(), runs);
    }

    @Test
    void theTwinRendersHeicWithTheLayersLibrariesOnly() {
        assertThat(onTwin.library).contains(twin.toString()).contains("HEIC by libheif 1.11");
        String jdk = System.getProperty("java.home");
        List<String> foreign = onTwin.mapped.stream()
                .filter(p -> !p.startsWith(twin.toString()) && !p.startsWith(jdk))
                .filter(p -> !GLIBC.contains(Path.of(p).getFileName().toString()))
                .filter(p -> !p.matches(".*/jna[^/]*\\.tmp") && !p.contains("/jna"))
                .toList();
        assertThat(foreign).as("shared objects the twin's process took from the system (only glibc may come from there)").isEmpty();
        assertThat(onTwin.mapped).anyMatch(p -> p.endsWith("/libde265.so.0")).anyMatch(p -> p.contains("libvips-cpp.so"));
        assertThat(onSystem.library).contains("libvips.so.42");
    }

    @Test
    void everyFixtureHasTheSameSizeThroughTheTwinAsThroughDebiansLibvips() {
        Map<String, int[]> expected = new LinkedHashMap<>();
        expected.put("8bit-12mp.heic", new int[]{4032, 3024});
        expected.put("10bit.heic", new int[]{1600, 1000});
        expected.put("display-p3.heic", new int[]{1600, 1000});
        expected.put("plain.heic", new int[]{1600, 1000});
        expected.put("orientation-6.heic", new int[]{1600, 1000});
        expected.put("grid.heic", new int[]{2000, 1500});
        for (var e : expected.entrySet()) {
            assertThat(onTwin.sizes).as("twin: " + e.getKey() + " " + onTwin.failures.get(e.getKey())).containsKey(e.getKey());
            assertThat(onTwin.sizes.get(e.getKey())).as("twin " + e.getKey()).containsExactly(e.getValue());
            assertThat(onSystem.sizes.get(e.getKey())).as("system " + e.getKey()).containsExactly(e.getValue());
        }
    }

    @Test
    void coloursThroughTheTwinMatchDebiansLibvips() throws IOException {
        for (String name : onTwin.sizes.keySet()) {
            double de = meanDeltaE(read(onTwin, name), read(onSystem, name));
            System.out.printf("HEIC colour %-20s twin vs system: mean ΔE %.2f%n", name, de);
            assertThat(de).as(name + ": mean ΔE twin vs Debian's libvips").isLessThanOrEqualTo(MAX_MEAN_DELTA_E);
        }
    }

    @Test
    void rotationAndProfileAreApplied() throws IOException {
        for (Probe p : List.of(onTwin, onSystem)) {
            // Stored sideways with irot: upright, it shows what the plain file shows.
            assertThat(meanDeltaE(read(p, "orientation-6.heic"), read(p, "plain.heic"))).as(p.out + " orientation 6 upright")
                    .isLessThan(MAX_MEAN_DELTA_E);
            // The same pixel values tagged Display P3 are more saturated colours than as sRGB: converted, they differ.
            assertThat(meanDeltaE(read(p, "display-p3.heic"), read(p, "plain.heic"))).as(p.out + " P3 converted to sRGB")
                    .isGreaterThan(3.0);
            // The grid, reassembled and cropped, is the photo it was cut from.
            BufferedImage photo = HeicFixtures.scale(ImageIO.read(HeicFixtures.PHOTO.toFile()), 2000, 1500);
            assertThat(meanDeltaE(read(p, "grid.heic"), photo)).as(p.out + " grid").isLessThan(3.0);
        }
    }

    @Test
    void aTruncatedFileIsRefusedWithTheReason() {
        String twinWhy = onTwin.failures.get("truncated.heic");
        System.out.println("truncated, twin:   " + twinWhy);
        System.out.println("truncated, system: " + onSystem.failures.get("truncated.heic"));
        assertThat(twinWhy).startsWith("truncated.heic: cannot decode as HEIC/HEIF: heif_");
        assertThat(onSystem.failures).containsKey("truncated.heic");
    }

    static Probe probe(String label, Map<String, String> env, int runs) throws Exception {
        Path out = Files.createDirectories(Path.of("target/heic-" + label));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                HeicProbe.class.getName(), out.toString(), Integer.toString(runs)));
        fixtures.values().forEach(f -> cmd.add(f.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(out.resolve("stderr.log").toFile()));
        for (String k : List.of("VIPS_LIBRARY", "HEIF_LIBRARY", "LD_LIBRARY_PATH", "VIPSHOME")) pb.environment().remove(k);
        pb.environment().putAll(env);
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(label + " probe: " + stdout + Files.readString(out.resolve("stderr.log"))).isZero();
        String library = "";
        Map<String, int[]> sizes = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        Map<String, long[]> times = new LinkedHashMap<>();
        List<String> mapped = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            String[] f = line.split("\t");
            switch (f[0]) {
                case "LIBRARY" -> library = f[1];
                case "OK" -> sizes.put(f[1], new int[]{Integer.parseInt(f[2]), Integer.parseInt(f[3])});
                case "FAIL" -> failures.put(f[1], f[2]);
                case "TIME" -> times.put(f[1], new long[]{Long.parseLong(f[2]), Long.parseLong(f[3])});
                case "MAP" -> mapped.add(f[1]);
                default -> { }
            }
        }
        times.forEach((k, v) -> System.out.printf("HEIC time %-20s %-6s decode %5d ms, default preset %5d ms%n", k, label, v[0], v[1]));
        return new Probe(library, sizes, failures, times, mapped, out);
    }

    static BufferedImage read(Probe p, String name) throws IOException {
        return ImageIO.read(p.out.resolve(name + ".jpg").toFile());
    }

    /** Mean CIE76 ΔE between two images of the same size (sRGB, D65). */
    static double meanDeltaE(BufferedImage a, BufferedImage b) {
        assertThat(new int[]{a.getWidth(), a.getHeight()}).containsExactly(b.getWidth(), b.getHeight());
        double sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                double[] p = lab(a.getRGB(x, y)), q = lab(b.getRGB(x, y));
                sum += Math.sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]));
            }
        }
        return sum / ((double) a.getWidth() * a.getHeight());
    }

    static double[] lab(int rgb) {
        double r = linear((rgb >> 16) & 0xFF), g = linear((rgb >> 8) & 0xFF), b = linear(rgb & 0xFF);
        double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        double fx = f(x), fy = f(y), fz = f(z);
        return new double[]{116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    private static double linear(int v) {
        double c = v / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }
}
