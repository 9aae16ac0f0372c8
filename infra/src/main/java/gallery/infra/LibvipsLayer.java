package gallery.infra;

import gallery.imaging.ImagingConfig;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.constructs.Construct;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * libvips for the two resizers: the single shared object of the npm package
 * {@code @img/sharp-libvips-linux-arm64} (tools/package.json), which links every codec libvips
 * needs statically, so the layer is that one file. Lambda unpacks a layer under {@code /opt}.
 * <p>
 * This build decodes JPEG, PNG, WebP, AVIF, GIF and TIFF; it carries libheif for AVIF only, so
 * HEVC-coded HEIC (iPhone photos) needs another layer: docs/deploy.md says how to build one.
 */
public final class LibvipsLayer extends Construct {
    static final String PACKAGE = "@img/sharp-libvips-linux-arm64";
    /**
     * glibc malloc arenas per process. glibc gives each thread that contends for the heap an arena
     * of its own (up to 8 per core), and libvips' worker threads each allocate pixel buffers, so
     * freed memory stays spread over many arenas. The bench rendered a 54 MP photo in a 512 MB budget
     * (heap 256 MB): peak RSS 425 MiB with glibc's default, 267 MiB with 2 arenas, against a target of
     * 350 (bench/results/renderer.md, "54 MP in a 512 MB Lambda").
     */
    static final int MALLOC_ARENAS = 2;

    private final LayerVersion layer;
    private final String libraryPath;

    public LibvipsLayer(Construct scope, String id, Path projectRoot) {
        super(scope, id);
        Path lib = projectRoot.resolve("tools/node_modules").resolve(PACKAGE).resolve("lib");
        Path so = findLibrary(lib);
        // Stage only the shared object: the package also ships headers the functions never read.
        Path staged = projectRoot.resolve("infra/target/libvips-layer/lib");
        try {
            Files.createDirectories(staged);
            try (Stream<Path> old = Files.list(staged)) {
                for (Path p : old.toList()) if (!p.getFileName().equals(so.getFileName())) Files.delete(p);
            }
            Files.copy(so, staged.resolve(so.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the libvips layer in " + staged + ": " + e.getMessage(), e);
        }
        this.libraryPath = "/opt/lib/" + so.getFileName();
        this.layer = LayerVersion.Builder.create(this, "Layer")
                .code(Code.fromAsset(staged.getParent().toString()))
                .compatibleArchitectures(List.of(Architecture.ARM_64))
                .compatibleRuntimes(List.of(Runtime.JAVA_21))
                .description("libvips from " + PACKAGE + " (" + so.getFileName() + ")")
                .build();
    }

    public LayerVersion layer() {
        return layer;
    }

    /**
     * The environment every function that runs libvips gets: where the library is
     * ({@code VIPS_LIBRARY}), its worker threads, one per vCPU that {@code memoryMb} buys
     * ({@code VIPS_CONCURRENCY}), and {@code MALLOC_ARENA_MAX}. Add the function's own variables to a copy.
     */
    public Map<String, String> environment(int memoryMb) {
        Map<String, String> env = new LinkedHashMap<>(ImagingConfig.environment(libraryPath, FunctionSizing.vcpus(memoryMb)));
        // read by glibc, not by the gallery
        env.put("MALLOC_ARENA_MAX", Integer.toString(MALLOC_ARENAS));
        return env;
    }

    /** The {@code VIPS_LIBRARY} value: where the shared object is inside the function. */
    public String libraryPath() {
        return libraryPath;
    }

    private static Path findLibrary(Path lib) {
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("libvips layer source " + lib + " is missing: run `npm ci` in tools/ "
                    + "(it installs " + PACKAGE + ")");
        }
        try (Stream<Path> files = Files.list(lib)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().startsWith("libvips-cpp.so")).toList();
            if (found.size() != 1) {
                throw new IllegalStateException("expected exactly one libvips-cpp.so* in " + lib + ", found " + found);
            }
            return found.getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + lib + ": " + e.getMessage(), e);
        }
    }
}
