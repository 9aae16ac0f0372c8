package gallery.infra;

import gallery.imaging.ImagingConfig;
import software.amazon.awscdk.services.s3.assets.AssetOptions;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.constructs.Construct;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * libvips for the resizers: the folder {@code infra/layer/build.sh arm64} makes, {@code .layers/libvips-arm64}
 * ({@code ./gallery setup} builds it). Lambda unpacks a layer under {@code /opt}, so its {@code lib/} is
 * {@code /opt/lib}, which is on the java21 runtime's library path. It holds npm's prebuilt libvips (one
 * shared object, every codec built in, HEIF with AV1 only) and, for iPhone HEIC (HEVC), Debian's libheif
 * with libde265 and what they link, which the renderer calls itself ({@code HEIF_LIBRARY}).
 * docs/deploy.md ("HEIC") lists the contents, their sources and licences; LayerLinkageTest proves every
 * library resolves in the layer or in the image's glibc 2.34.
 */
public final class LibvipsLayer extends Construct {
    /** The folder the build script writes, below the repository root; its x86_64 twin is {@code .layers/libvips-x86_64}. */
    static final String FOLDER = ".layers/libvips-arm64";
    static final String HEIF_LIBRARY = "libheif.so.1";
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
        Path folder = projectRoot.resolve(FOLDER);
        Path so = findLibrary(folder.resolve("lib"));
        this.libraryPath = "/opt/lib/" + so.getFileName();
        this.layer = LayerVersion.Builder.create(this, "Layer")
                .code(Code.fromAsset(folder.toString(), AssetOptions.builder().exclude(List.of(".recipe")).build()))
                .compatibleArchitectures(List.of(Architecture.ARM_64))
                .compatibleRuntimes(List.of(Runtime.JAVA_21))
                .description("libvips " + so.getFileName() + " (npm) with libheif and libde265 (Debian 11) for HEIC")
                .build();
    }

    public LayerVersion layer() {
        return layer;
    }

    /**
     * The environment every function that runs libvips gets: where the libraries are
     * ({@code VIPS_LIBRARY}, {@code HEIF_LIBRARY}), its worker threads, one per vCPU that {@code memoryMb} buys
     * ({@code VIPS_CONCURRENCY}), and {@code MALLOC_ARENA_MAX}. Add the function's own variables to a copy.
     */
    public Map<String, String> environment(int memoryMb) {
        Map<String, String> env = new LinkedHashMap<>(ImagingConfig.environment(libraryPath, "/opt/lib/" + HEIF_LIBRARY,
                FunctionSizing.vcpus(memoryMb)));
        // read by glibc, not by the gallery
        env.put("MALLOC_ARENA_MAX", Integer.toString(MALLOC_ARENAS));
        return env;
    }

    /** The {@code VIPS_LIBRARY} value: where the shared object is inside the function. */
    public String libraryPath() {
        return libraryPath;
    }

    private static Path findLibrary(Path lib) {
        if (!Files.isRegularFile(lib.resolve(HEIF_LIBRARY))) {
            throw new IllegalStateException("the libvips layer is not built in " + lib.getParent()
                    + ": run ./gallery setup (or infra/layer/build.sh arm64)");
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
