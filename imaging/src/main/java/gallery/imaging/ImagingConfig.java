package gallery.imaging;

import gallery.core.config.Env;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Imaging settings, read once at start-up. The limits are the ceiling for every input; no request
 * can raise them.
 *
 * @param vipsLibrary explicit libvips path ({@code VIPS_LIBRARY}); empty: the system's, then npm's prebuilt
 * @param concurrency libvips worker threads ({@code VIPS_CONCURRENCY}; 0 = libvips' default, one per core)
 * @param maxPixels   most pixels a source may declare ({@code MAX_PIXELS}, default 200 MP: a 200 MP phone sensor)
 * @param maxBytes    largest source file ({@code MAX_BYTES}, default 200 MiB)
 * @param maxFrames   most frames or pages a source may declare ({@code MAX_FRAMES}, default 1000). Only the
 *                    first is ever decoded; the limit bounds the header walk of a hostile animation.
 */
public record ImagingConfig(Optional<Path> vipsLibrary, int concurrency, long maxPixels, long maxBytes, int maxFrames) {
    public static final long DEFAULT_MAX_PIXELS = 200_000_000L;
    public static final long DEFAULT_MAX_BYTES = 200L * 1024 * 1024;
    public static final int DEFAULT_MAX_FRAMES = 1000;

    public ImagingConfig {
        vipsLibrary = vipsLibrary == null ? Optional.empty() : vipsLibrary;
        if (concurrency < 0) throw new IllegalArgumentException("concurrency " + concurrency + " < 0");
        if (maxPixels < 1 || maxBytes < 1 || maxFrames < 1) {
            throw new IllegalArgumentException("limits must be positive: maxPixels=" + maxPixels
                    + " maxBytes=" + maxBytes + " maxFrames=" + maxFrames);
        }
    }

    /** Defaults: libvips found automatically, its own thread count, 200 MP, 200 MiB, 1000 frames. */
    public static ImagingConfig defaults() {
        return new ImagingConfig(Optional.empty(), 0, DEFAULT_MAX_PIXELS, DEFAULT_MAX_BYTES, DEFAULT_MAX_FRAMES);
    }

    /** Reads {@code VIPS_LIBRARY, VIPS_CONCURRENCY, MAX_PIXELS, MAX_BYTES, MAX_FRAMES} and validates them. */
    public static ImagingConfig fromEnv(Env env) {
        Optional<Path> lib = env.path("VIPS_LIBRARY");
        lib.ifPresent(p -> {
            if (!p.isAbsolute()) env.problem("VIPS_LIBRARY=" + p + " is relative: expected an absolute path to libvips");
            else if (!p.toFile().isFile()) env.problem("VIPS_LIBRARY=" + p + " does not exist: expected the path of libvips.so");
        });
        int concurrency = env.integer("VIPS_CONCURRENCY", 0, 0, 64);
        long maxPixels = env.number("MAX_PIXELS", DEFAULT_MAX_PIXELS, 1_000_000L, 2_000_000_000L);
        long maxBytes = env.number("MAX_BYTES", DEFAULT_MAX_BYTES, 1024L, 2L * 1024 * 1024 * 1024);
        int maxFrames = env.integer("MAX_FRAMES", DEFAULT_MAX_FRAMES, 1, 100_000);
        env.validate();
        return new ImagingConfig(lib, concurrency, maxPixels, maxBytes, maxFrames);
    }
}
