package gallery.local.deployed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * The one place where a deployed layer built for another architecture (the libvips layer is
 * arm64) is swapped for something this machine can load, keeping the layer's layout, so
 * {@code VIPS_LIBRARY=/opt/lib/libvips-cpp.so.8.18.7} still names a file under the stand-in {@code /opt}.
 * Two layers have twins; any other foreign layer fails the rehearsal.
 * <p>libvips' layer:
 * <ol>
 *   <li>The layer's x86_64 twin, built by the layer's own recipe into {@code .layers/<name>-x86_64/}
 *       (issue 14): exactly the code path the Lambda takes.</li>
 *   <li>Until that exists: a folder where each shared object of the layer's {@code lib/} is a link
 *       to the system's libvips ({@link #SYSTEM_LIBVIPS}). That proves the variables and paths, not the
 *       layer's own build. Other libraries of the layer link to the system's library of the same name.</li>
 * </ol>
 * ffmpeg's layer (static arm64 builds from npm, {@code gallery.infra.FfmpegLayer}): a folder whose
 * {@code bin/ffmpeg} and {@code bin/ffprobe} run the system's ({@link #SYSTEM_FFMPEG}, Debian's
 * package). The worker's {@code FFMPEG_PATH=/opt/bin/ffmpeg} and its sandbox run unchanged; the build
 * differs (Debian's is LGPL/GPL with shared libraries, the layer's a static GPLv3 one), so codec
 * coverage is checked against the layer's list in docs/deploy.md, not here.
 * <p>A layer for this machine's architecture is used as staged.
 */
public final class LayerTwins {
    static final Path SYSTEM_LIBVIPS = Path.of("/usr/lib/x86_64-linux-gnu/libvips.so.42");
    static final Path SYSTEM_FFMPEG = Path.of("/usr/bin");
    private static final List<String> FFMPEG_TOOLS = List.of("ffmpeg", "ffprobe");
    private static final String LIBVIPS_PACKAGE = "sharp-libvips";

    private final Path projectRoot;
    private final Path workDir;

    public LayerTwins(Path projectRoot, Path workDir) {
        this.projectRoot = projectRoot;
        this.workDir = workDir;
    }

    /** What stands for {@code layer}'s content under {@code /opt}, and a note saying which it is. */
    public record Twin(Path content, String note) {
    }

    public Twin forLayer(CloudAssembly.Layer layer) {
        List<String> architectures = layer.architectures();
        String machine = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "x86_64";
        if (architectures.isEmpty() || architectures.contains(machine)) return new Twin(layer.content(), "as deployed");
        if (layer.description().contains("ffmpeg")) {
            return new Twin(systemFfmpeg(layer), "stand-in: the layer's bin/ running the system's ffmpeg and ffprobe in " + SYSTEM_FFMPEG);
        }
        if (!layer.description().contains(LIBVIPS_PACKAGE) && !layer.description().contains("libvips")) {
            throw new IllegalStateException(layer.logicalId() + " (" + layer.description() + ") is built for " + architectures
                    + " and has no " + machine + " twin: add one to LayerTwins");
        }
        Path twin = projectRoot.resolve(".layers/libvips-" + machine);
        if (Files.isDirectory(twin.resolve("lib"))) return new Twin(twin, "the layer's " + machine + " twin " + twin);
        return new Twin(systemLibvips(layer), "stand-in: the layer's lib/ linked to the system's " + SYSTEM_LIBVIPS
                + " (no " + twin + " yet)");
    }

    private Path systemFfmpeg(CloudAssembly.Layer layer) {
        return standIn(layer, "bin", "ffmpeg", (name, target) -> {
            if (!FFMPEG_TOOLS.contains(name)) return;
            Path system = SYSTEM_FFMPEG.resolve(name);
            if (!Files.isExecutable(system)) {
                throw new IllegalStateException("no x86_64 " + name + " for the layer " + layer.logicalId()
                        + ": install Debian's ffmpeg (./gallery setup)");
            }
            // The layer's binaries are static, so Lambda's LD_LIBRARY_PATH (/opt/lib: the libvips
            // layer's older libstdc++) cannot reach them; Debian's are dynamic, so the stand-in runs
            // them without it, as a static build would be.
            Files.writeString(target, "#!/bin/sh\nunset LD_LIBRARY_PATH\nexec " + system + " \"$@\"\n");
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        });
    }

    private Path systemLibvips(CloudAssembly.Layer layer) {
        if (!Files.isRegularFile(SYSTEM_LIBVIPS)) {
            throw new IllegalStateException("no x86_64 libvips for the layer " + layer.logicalId() + ": install Debian's libvips42 (./gallery setup)");
        }
        return standIn(layer, "lib", "libvips", (name, target) -> {
            Path system = name.startsWith("libvips") ? SYSTEM_LIBVIPS : SYSTEM_LIBVIPS.resolveSibling(name);
            if (Files.exists(system)) Files.createSymbolicLink(target, system);
        });
    }

    /** What stands for one file of a layer's folder at {@code target} (nothing, when the system has no counterpart). */
    private interface Entry {
        void place(String name, Path target) throws IOException;
    }

    /** A stand-in folder for {@code layer}: each file of its {@code folder} replaced by what {@code entry} puts there. */
    private Path standIn(CloudAssembly.Layer layer, String folder, String what, Entry entry) {
        Path dir = workDir.resolve("layer-standins").resolve(layer.logicalId());
        try {
            Files.createDirectories(dir.resolve(folder));
            try (Stream<Path> files = Files.list(layer.content().resolve(folder))) {
                for (Path file : files.toList()) {
                    String name = file.getFileName().toString();
                    Path target = dir.resolve(folder).resolve(name);
                    Files.deleteIfExists(target);
                    entry.place(name, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the " + what + " stand-in in " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }
}
