package gallery.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load-time proof without AWS: every library in the libvips layer (the deployed arm64 one and its
 * x86_64 twin) finds each library it needs ({@code NEEDED}) and each versioned symbol it needs
 * ({@code GLIBC_}, {@code GLIBCXX_}, {@code CXXABI_}, {@code GCC_}) either in the layer or in what the
 * java21 image documents: Lambda's java21 runtime is Amazon Linux 2023 (Lambda developer guide,
 * "Lambda runtimes"), whose glibc is 2.34 ("Core toolchain packages glibc, gcc, binutils", AL2023 user
 * guide). glibc's libraries are all this test takes from the image; everything else must be shipped.
 * Reads the ELF files with binutils' readelf, which reads either architecture.
 */
class LayerLinkageTest {
    /** The image's glibc 2.34: its shared objects (sonames), and the newest symbol version it defines. */
    static final Set<String> IMAGE_GLIBC = Set.of("libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1",
            "libresolv.so.2", "libutil.so.1", "ld-linux-aarch64.so.1", "ld-linux-x86-64.so.2");
    static final int[] IMAGE_GLIBC_VERSION = {2, 34};
    static final Map<String, String> MACHINE = Map.of("arm64", "AArch64", "x86_64", "Advanced Micro Devices X86-64");

    @ParameterizedTest
    @ValueSource(strings = {"arm64", "x86_64"})
    void everyNeededLibraryAndSymbolVersionResolvesInTheLayerOrTheImagesGlibc(String arch) throws IOException {
        Path lib = SynthesizedGallery.projectRoot().resolve(".layers/libvips-" + arch + "/lib");
        assertThat(lib.resolve("libheif.so.1")).as("the layer is built by ./gallery setup (infra/layer/build.sh " + arch + ")").isRegularFile();
        List<String> problems = problems(lib);
        assertThat(problems).as(arch + " layer").isEmpty();
        try (Stream<Path> files = Files.list(lib)) {
            for (Path f : files.toList()) {
                assertThat(readelf("-h", f)).as(f + " architecture").contains("Machine:").containsPattern("Machine:\\s+" + MACHINE.get(arch));
                // Each library finds the others in the layer before anything on Lambda's LD_LIBRARY_PATH.
                assertThat(readelf("-d", f)).as(f + " RPATH").contains("Library rpath: [$ORIGIN]").doesNotContain("RUNPATH");
            }
        }
        System.out.println(arch + " layer: " + summary(lib));
    }

    /** The check catches what made Debian 12's own libraries unusable here: they need glibc 2.35 and 2.36. */
    @Test
    void aLibraryNeedingANewerGlibcThanTheImagesIsCaught() throws IOException {
        Path debian12 = Path.of("/usr/lib/x86_64-linux-gnu/libstdc++.so.6");
        org.junit.jupiter.api.Assumptions.assumeTrue(readelf("-V", debian12).contains("GLIBC_2.36"), "a Debian 12 x86_64 machine");
        Path dir = Files.createTempDirectory("layer-check");
        try {
            Files.copy(debian12, dir.resolve("libstdc++.so.6"));
            Files.copy(Path.of("/usr/lib/x86_64-linux-gnu/libgcc_s.so.1"), dir.resolve("libgcc_s.so.1"));
            assertThat(problems(dir)).anyMatch(p -> p.contains("libstdc++.so.6 needs GLIBC_2.36 from libc.so.6"))
                    .anyMatch(p -> p.contains("libgcc_s.so.1 needs GLIBC_2.35"));
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) Files.delete(f);
            }
            Files.delete(dir);
        }
    }

    /** What does not resolve, one line each; empty when every library in {@code lib} loads in the image. */
    static List<String> problems(Path lib) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, Set<String>> defined = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(lib)) {
            files = s.sorted().toList();
        }
        for (Path f : files) defined.put(f.getFileName().toString(), definitions(readelf("-V", f)));
        for (Path f : files) {
            String name = f.getFileName().toString();
            for (String needed : needed(readelf("-d", f))) {
                if (!IMAGE_GLIBC.contains(needed) && !defined.containsKey(needed)) {
                    problems.add(name + " needs " + needed + ": neither in the layer nor in the image's glibc");
                }
            }
            for (Map.Entry<String, Set<String>> need : versionNeeds(readelf("-V", f)).entrySet()) {
                String from = need.getKey();
                for (String version : need.getValue()) {
                    if (IMAGE_GLIBC.contains(from)) {
                        if (!inImageGlibc(version)) {
                            problems.add(name + " needs " + version + " from " + from + ": the image's glibc is 2.34");
                        }
                    } else if (defined.containsKey(from) && !defined.get(from).contains(version)) {
                        problems.add(name + " needs " + version + " from " + from + ": the layer's " + from + " lacks it");
                    }
                }
            }
        }
        return problems;
    }

    static boolean inImageGlibc(String version) {
        Matcher m = Pattern.compile("GLIBC_(\\d+)\\.(\\d+)(?:\\.\\d+)?").matcher(version);
        if (!m.matches()) return false; // GLIBC_PRIVATE and anything unversioned-looking: not promised
        int major = Integer.parseInt(m.group(1)), minor = Integer.parseInt(m.group(2));
        return major < IMAGE_GLIBC_VERSION[0] || (major == IMAGE_GLIBC_VERSION[0] && minor <= IMAGE_GLIBC_VERSION[1]);
    }

    static List<String> needed(String dynamic) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\(NEEDED\\)\\s+Shared library: \\[([^\\]]+)]").matcher(dynamic);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /** From readelf -V: the version needs section, per file: the versions required from it. */
    static Map<String, Set<String>> versionNeeds(String versions) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        int start = versions.indexOf("Version needs section");
        if (start < 0) return out;
        String current = null;
        for (String line : versions.substring(start).split("\n")) {
            Matcher file = Pattern.compile("File: (\\S+)").matcher(line);
            Matcher name = Pattern.compile("Name: (\\S+)").matcher(line);
            if (file.find()) current = file.group(1);
            else if (name.find() && current != null) out.computeIfAbsent(current, k -> new LinkedHashSet<>()).add(name.group(1));
        }
        return out;
    }

    /** From readelf -V: the version definition section's names (what the library provides). */
    static Set<String> definitions(String versions) {
        Set<String> out = new TreeSet<>();
        int start = versions.indexOf("Version definition section");
        if (start < 0) return out;
        int end = versions.indexOf("Version needs section", start);
        String section = versions.substring(start, end < 0 ? versions.length() : end);
        Matcher m = Pattern.compile("(?:Name|Parent \\d+): (\\S+)").matcher(section);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /** e.g. "9 libraries, 27 MiB; newest versions needed: [GCC_4.2.0, GLIBC_2.29, GLIBCXX_3.4.26, CXXABI_1.3.11]". */
    static String summary(Path lib) throws IOException {
        long bytes = 0;
        Map<String, String> newest = new LinkedHashMap<>();
        int count = 0;
        try (Stream<Path> s = Files.list(lib)) {
            for (Path f : s.toList()) {
                count++;
                bytes += Files.size(f);
                for (Set<String> versions : versionNeeds(readelf("-V", f)).values()) {
                    for (String v : versions) {
                        String family = v.replaceAll("_[0-9.]+$", "");
                        newest.merge(family, v, (a, b) -> compare(a, b) >= 0 ? a : b);
                    }
                }
            }
        }
        return count + " libraries, " + bytes / (1024 * 1024) + " MiB; newest versions needed: " + newest.values();
    }

    private static int compare(String a, String b) {
        String[] x = a.replaceAll("^[A-Z]+_", "").split("\\."), y = b.replaceAll("^[A-Z]+_", "").split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length && x[i].matches("\\d+") ? Integer.parseInt(x[i]) : 0;
            int q = i < y.length && y[i].matches("\\d+") ? Integer.parseInt(y[i]) : 0;
            if (p != q) return Integer.compare(p, q);
        }
        return 0;
    }

    static String readelf(String option, Path file) throws IOException {
        Process p = new ProcessBuilder("readelf", "--wide", option, file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("readelf " + option + " " + file + ": " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }
}
