package gallery.imaging;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the x86_64 twin of the Lambda layer is: {@code .layers/libvips-x86_64} at the repository root. */
final class LayerTwin {
    private LayerTwin() {
    }

    static Path locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path twin = dir.resolve(".layers/libvips-x86_64");
            if (Files.isRegularFile(twin.resolve("lib/libheif.so.1"))) return twin;
            if (Files.isRegularFile(dir.resolve("gallery"))) break;
        }
        throw new IllegalStateException("the layer's x86_64 twin is not built: run ./gallery layer x86_64 (or ./gallery setup)");
    }
}
