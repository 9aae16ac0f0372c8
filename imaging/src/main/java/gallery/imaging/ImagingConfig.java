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
 * @param encodeThreads how many renditions of one render are encoded at once ({@code ENCODE_THREADS}, default
 *                    one per available processor; 1 encodes them one after another on the calling thread).
 *                    A pool this size is shared by every render of a {@link Renderer}.
 * @param heifLibrary libheif to decode HEIC with ({@code HEIF_LIBRARY}), for a libvips whose own HEIF loader
 *                    has no HEVC decoder (the Lambda layer's); empty: libvips' heifload decodes HEIC
 */
public record ImagingConfig(Optional<Path> vipsLibrary, int concurrency, long maxPixels, long maxBytes, int maxFrames,
                            int encodeThreads, Optional<Path> heifLibrary) {
    public static final long DEFAULT_MAX_PIXELS = 200_000_000L;
    public static final long DEFAULT_MAX_BYTES = 200L * 1024 * 1024;
    public static final int DEFAULT_MAX_FRAMES = 1000;
    public static final int MAX_ENCODE_THREADS = 64;

    public static final String VIPS_LIBRARY = "VIPS_LIBRARY";
    /** libheif, for HEIC where the libvips build cannot decode it (the Lambda layer: docs/deploy.md). */
    public static final String HEIF_LIBRARY = "HEIF_LIBRARY";
    public static final String VIPS_CONCURRENCY = "VIPS_CONCURRENCY";
    public static final String MAX_PIXELS = "MAX_PIXELS";
    public static final String MAX_BYTES = "MAX_BYTES";
    public static final String MAX_FRAMES = "MAX_FRAMES";
    public static final String ENCODE_THREADS = "ENCODE_THREADS";
    /** Every variable this record reads; the rest keep their defaults unless set. */
    public static final java.util.List<String> VARIABLES = java.util.List.of(VIPS_LIBRARY, HEIF_LIBRARY, VIPS_CONCURRENCY, MAX_PIXELS,
            MAX_BYTES, MAX_FRAMES, ENCODE_THREADS);

    /**
     * The environment of a function that loads libvips from {@code vipsLibrary} (and, where that build has
     * no HEVC, libheif from {@code heifLibrary}; null for none) with {@code concurrency} threads.
     */
    public static java.util.Map<String, String> environment(String vipsLibrary, String heifLibrary, int concurrency) {
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put(VIPS_LIBRARY, vipsLibrary);
        if (heifLibrary != null) env.put(HEIF_LIBRARY, heifLibrary);
        env.put(VIPS_CONCURRENCY, Integer.toString(concurrency));
        return env;
    }

    public ImagingConfig {
        vipsLibrary = vipsLibrary == null ? Optional.empty() : vipsLibrary;
        heifLibrary = heifLibrary == null ? Optional.empty() : heifLibrary;
        if (concurrency < 0) throw new IllegalArgumentException("concurrency " + concurrency + " < 0");
        if (maxPixels < 1 || maxBytes < 1 || maxFrames < 1) {
            throw new IllegalArgumentException("limits must be positive: maxPixels=" + maxPixels
                    + " maxBytes=" + maxBytes + " maxFrames=" + maxFrames);
        }
        if (encodeThreads < 1 || encodeThreads > MAX_ENCODE_THREADS) {
            throw new IllegalArgumentException("encodeThreads " + encodeThreads + " outside 1.." + MAX_ENCODE_THREADS);
        }
    }

    /** The settings above without a separate libheif. */
    public ImagingConfig(Optional<Path> vipsLibrary, int concurrency, long maxPixels, long maxBytes, int maxFrames,
                         int encodeThreads) {
        this(vipsLibrary, concurrency, maxPixels, maxBytes, maxFrames, encodeThreads, Optional.empty());
    }

    /** The settings above with {@link #defaultEncodeThreads()}. */
    public ImagingConfig(Optional<Path> vipsLibrary, int concurrency, long maxPixels, long maxBytes, int maxFrames) {
        this(vipsLibrary, concurrency, maxPixels, maxBytes, maxFrames, defaultEncodeThreads());
    }

    /** One encoder per available processor (at most {@value #MAX_ENCODE_THREADS}). */
    public static int defaultEncodeThreads() {
        return Math.min(MAX_ENCODE_THREADS, Runtime.getRuntime().availableProcessors());
    }

    /** The same settings with another encoder pool size. */
    public ImagingConfig withEncodeThreads(int threads) {
        return new ImagingConfig(vipsLibrary, concurrency, maxPixels, maxBytes, maxFrames, threads, heifLibrary);
    }

    /** Defaults: libvips found automatically, its own thread count, 200 MP, 200 MiB, 1000 frames, one encoder per processor. */
    public static ImagingConfig defaults() {
        return new ImagingConfig(Optional.empty(), 0, DEFAULT_MAX_PIXELS, DEFAULT_MAX_BYTES, DEFAULT_MAX_FRAMES);
    }

    /**
     * Reads {@code VIPS_LIBRARY, HEIF_LIBRARY, VIPS_CONCURRENCY, MAX_PIXELS, MAX_BYTES, MAX_FRAMES, ENCODE_THREADS}
     * and validates them.
     */
    public static ImagingConfig fromEnv(Env env) {
        Optional<Path> lib = library(env, VIPS_LIBRARY, "libvips.so");
        Optional<Path> heif = library(env, HEIF_LIBRARY, "libheif.so.1");
        int concurrency = env.integer(VIPS_CONCURRENCY, 0, 0, 64);
        long maxPixels = env.number(MAX_PIXELS, DEFAULT_MAX_PIXELS, 1_000_000L, 2_000_000_000L);
        long maxBytes = env.number(MAX_BYTES, DEFAULT_MAX_BYTES, 1024L, 2L * 1024 * 1024 * 1024);
        int maxFrames = env.integer(MAX_FRAMES, DEFAULT_MAX_FRAMES, 1, 100_000);
        int encodeThreads = env.integer(ENCODE_THREADS, defaultEncodeThreads(), 1, MAX_ENCODE_THREADS);
        env.validate();
        return new ImagingConfig(lib, concurrency, maxPixels, maxBytes, maxFrames, encodeThreads, heif);
    }

    private static Optional<Path> library(Env env, String name, String expected) {
        Optional<Path> lib = env.path(name);
        lib.ifPresent(p -> {
            if (!p.isAbsolute()) env.problem(name + "=" + p + " is relative: expected an absolute path to " + expected);
            else if (!p.toFile().isFile()) env.problem(name + "=" + p + " does not exist: expected the path of " + expected);
        });
        return lib;
    }
}
