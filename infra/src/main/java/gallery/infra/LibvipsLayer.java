package gallery.infra;

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
import java.util.List;
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
