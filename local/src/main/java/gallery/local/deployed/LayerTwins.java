package gallery.local.deployed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The one place where a deployed layer built for another architecture (the libvips layer is
 * arm64) is swapped for something this machine can load, keeping the layer's layout, so
 * {@code VIPS_LIBRARY=/opt/lib/libvips-cpp.so.8.18.7} still names a file under the stand-in {@code /opt}.
 * Only libvips' layer has a twin; any other foreign layer fails the rehearsal.
 * <ol>
 *   <li>The layer's x86_64 twin, built by the layer's own recipe into {@code .layers/<name>-x86_64/}
 *       (issue 14): exactly the code path the Lambda takes.</li>
 *   <li>Until that exists: a folder where each shared object of the layer's {@code lib/} is a link
 *       to the system's libvips ({@link #SYSTEM_LIBVIPS}). That proves the variables and paths, not the
 *       layer's own build. Other libraries of the layer link to the system's library of the same name.</li>
 * </ol>
 * A layer for this machine's architecture is used as staged.
 */
public final class LayerTwins {
    static final Path SYSTEM_LIBVIPS = Path.of("/usr/lib/x86_64-linux-gnu/libvips.so.42");
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
        if (!layer.description().contains(LIBVIPS_PACKAGE) && !layer.description().contains("libvips")) {
            throw new IllegalStateException(layer.logicalId() + " (" + layer.description() + ") is built for " + architectures
                    + " and has no " + machine + " twin: add one to LayerTwins");
        }
        Path twin = projectRoot.resolve(".layers/libvips-" + machine);
        if (Files.isDirectory(twin.resolve("lib"))) return new Twin(twin, "the layer's " + machine + " twin " + twin);
        return new Twin(systemLibvips(layer), "stand-in: the layer's lib/ linked to the system's " + SYSTEM_LIBVIPS
                + " (no " + twin + " yet)");
    }

    private Path systemLibvips(CloudAssembly.Layer layer) {
        if (!Files.isRegularFile(SYSTEM_LIBVIPS)) {
            throw new IllegalStateException("no x86_64 libvips for the layer " + layer.logicalId() + ": install Debian's libvips42 (./gallery setup)");
        }
        Path dir = workDir.resolve("layer-standins").resolve(layer.logicalId());
        try {
            Files.createDirectories(dir.resolve("lib"));
            try (Stream<Path> libs = Files.list(layer.content().resolve("lib"))) {
                for (Path lib : libs.toList()) {
                    String name = lib.getFileName().toString();
                    Path system = name.startsWith("libvips") ? SYSTEM_LIBVIPS : SYSTEM_LIBVIPS.resolveSibling(name);
                    if (!Files.exists(system)) continue;
                    Path link = dir.resolve("lib").resolve(name);
                    Files.deleteIfExists(link);
                    Files.createSymbolicLink(link, system);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the libvips stand-in in " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }
}
