package gallery.imaging;

import gallery.core.config.Env;
import gallery.core.preset.OutputFormat;
import gallery.core.preset.Preset;
import gallery.imaging.vips.Heif;
import gallery.imaging.vips.Vips;
import gallery.imaging.vips.VipsException;
import gallery.imaging.vips.VipsImage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns an untrusted original into renditions with libvips. Thread-safe; build one per process.
 *
 * <p>What every output gets: the input passes the {@link ImageGate} (type by magic bytes, byte,
 * pixel and frame limits, a pixel count plausible for the byte count), then the header that the
 * sniffed type's own libvips loader reads is checked again before any pixel is decoded. libvips never
 * picks the loader: when the type's loader declines, the file is refused.
 * Pixels are decoded once, with shrink-on-load, straight to the largest size needed; the image is
 * rotated upright by its EXIF orientation, converted to sRGB when it embeds a colour profile
 * (Display P3, Adobe RGB...), and every metadata field (EXIF, GPS, XMP, IPTC, ICC) is removed,
 * since not every libvips version honours {@code strip} for every saver.
 *
 * <p>Never upscales: preset sizes below the original's longest edge are rendered at that size;
 * the first preset size at or above it is rendered once at the original's own size (so a viewer
 * asking for that size gets the best there is); larger sizes are skipped and listed in
 * {@link RenderResult#skippedSizes()}.
 *
 * <p>Failures: {@link BadImage} (permanent: the file is refused or cannot be decoded) or
 * {@link RenderFailure} (retryable: out of memory, encoder missing).
 */
public final class Renderer {
    /** Longest edge of the image the placeholder is computed from (ThumbHash takes at most 100). */
    static final int PLACEHOLDER_EDGE = 100;
    /** libvips' own header fields; everything else on an image is metadata and is removed. */
    private static final Set<String> STRUCTURAL = Set.of("width", "height", "bands", "format", "coding",
            "interpretation", "xoffset", "yoffset", "xres", "yres", "filename");

    private static final AtomicInteger ENCODER_IDS = new AtomicInteger();

    private final ImagingConfig config;
    private final ImageGate gate;
    private final Vips vips;
    /** Decodes HEIC when configured ({@link ImagingConfig#heifLibrary()}); null: libvips' heifload does. */
    private final Heif heif;
    /** Encodes renditions concurrently; null when {@link ImagingConfig#encodeThreads()} is 1 (encode inline). */
    private final ExecutorService encoders;

    public Renderer(ImagingConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.gate = new ImageGate(config);
        this.vips = Vips.load(config.vipsLibrary(), config.concurrency());
        this.heif = config.heifLibrary().map(Heif::load).orElse(null);
        this.encoders = config.encodeThreads() == 1 ? null : Executors.newFixedThreadPool(config.encodeThreads(), r -> {
            // Daemon: the pool lives as long as the renderer, which lives as long as the process.
            Thread t = new Thread(r, "render-encode-" + ENCODER_IDS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A renderer configured from the process environment ({@link ImagingConfig#fromEnv}). */
    public static Renderer fromEnv() {
        return new Renderer(ImagingConfig.fromEnv(Env.system()));
    }

    public ImagingConfig config() {
        return config;
    }

    /** The gate this renderer applies, for callers that check a prefix before fetching a whole file. */
    public ImageGate gate() {
        return gate;
    }

    /** Which libvips is in use, e.g. {@code libvips 8.14.1 from libvips.so.42, decodes jpeg, png, ...}. */
    public String library() {
        return "libvips " + vips.version() + " from " + vips.library() + ", decodes " + String.join(", ", vips.decoders())
                + (heif == null ? "" : "; HEIC by libheif " + heif.version() + " from " + heif.library());
    }

    /** Whether the loaded libvips can encode this format (AVIF needs libheif with an AV1 encoder). */
    public boolean canEncode(OutputFormat format) {
        return switch (format) {
            case WEBP -> vips.hasSaver("webpsave_buffer");
            case JPEG -> vips.hasSaver("jpegsave_buffer");
            case AVIF -> vips.hasSaver("heifsave_buffer");
        };
    }

    /** {@link #render(String, byte[], Preset)} for an input without a name. */
    public RenderResult render(byte[] original, Preset preset) {
        return render("image", original, preset);
    }

    /**
     * Renders every size of a preset from one original.
     *
     * @param name     the input's name for messages (object key, file name)
     * @param original the whole file
     * @throws BadImage     the input is refused or cannot be decoded; the message says why
     * @throws RenderFailure a retryable failure
     */
    public RenderResult render(String name, byte[] original, Preset preset) {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(preset, "preset");
        try {
            return renderAll(name, original, preset);
        } catch (OutOfMemoryError e) {
            // Whatever allocated it failed and holds nothing now. Retrying the same file would fail the same
            // way, and SQS would hand it out again and again (issue 15): the file is refused, saying why.
            throw new BadImage(name + ": ran out of memory reading it (" + e.getMessage() + "): expected a file the worker's "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB heap can read", e);
        }
    }

    private RenderResult renderAll(String name, byte[] original, Preset preset) {
        Source src = open(name, original);
        List<VipsImage> owned = new ArrayList<>();
        List<Future<?>> pending = new ArrayList<>();
        try {
            int edge = Math.max(src.width, src.height);
            List<int[]> plan = new ArrayList<>(); // {preset size, longest edge to render at}
            List<Integer> skipped = new ArrayList<>();
            for (int s : preset.sizes()) {
                if (!plan.isEmpty() && plan.get(plan.size() - 1)[1] == edge) skipped.add(s);
                else plan.add(new int[]{s, Math.min(s, edge)});
            }
            int largest = plan.get(plan.size() - 1)[1];
            VipsImage base = own(owned, decode(src, largest, largest));
            // Decoded into memory: nothing reads the original's native copy any more.
            src.close();

            // The chain of downscales stays on this thread (each size from the next larger, in memory: cheap);
            // the encodes, most of a render's time, go to the pool as soon as their image exists.
            Encoded[] out = new Encoded[plan.size()];
            Uses prev = new Uses(base);
            for (int i = plan.size() - 1; i >= 0; i--) {
                int target = plan.get(i)[1];
                Uses img = prev;
                if (target < Math.max(prev.image.width(), prev.image.height())) {
                    // Each size from the next larger one: cheaper than from the original, same quality.
                    VipsImage larger = prev.image;
                    VipsImage mem;
                    try (VipsImage lazy = derive(() -> vips.thumbnail(larger, target, "height", target, "size", Vips.SIZE_DOWN))) {
                        // Into memory before encoding and shrinking again, or each would re-run the shrink.
                        mem = own(owned, derive(() -> vips.copyMemory(lazy)));
                    }
                    prev.release(); // the next smaller size is made: prev is left to its encode
                    img = new Uses(mem);
                }
                int slot = i, size = plan.get(i)[0];
                Uses encoding = img.retain();
                pending.add(submitEncode(() -> {
                    try {
                        VipsImage e = encoding.image;
                        out[slot] = new Encoded(size, e.width(), e.height(), preset.format(), encode(e, Encoding.of(preset.format(), preset.quality())));
                    } finally {
                        encoding.release();
                    }
                }));
                prev = img;
            }
            String placeholder = placeholder(prev.image, owned);
            prev.release();
            awaitAll(pending);
            FileMetadata md = src.metadata;
            FileMetadata withSize = new FileMetadata(src.width, src.height, md.orientation(), md.takenAt(),
                    md.takenOffset(), md.cameraMake(), md.cameraModel(), md.latitude(), md.longitude());
            return new RenderResult(src.format, src.width, src.height, withSize, placeholder, List.of(out), skipped);
        } finally {
            // No image may be unreferenced while an encode still reads it, whatever failed.
            awaitQuietly(pending);
            closeAll(owned);
            src.close();
        }
    }

    /**
     * Renders one image fitting inside {@code maxWidth × maxHeight} (aspect kept, never upscaled),
     * with the same checks, rotation, colour conversion and stripping as {@link #render}. For the
     * on-demand resizer, whose source may be an original or a larger rendition.
     */
    public Encoded resize(byte[] source, int maxWidth, int maxHeight, OutputFormat format, int quality) {
        return resize("image", source, maxWidth, maxHeight, format, quality);
    }

    /** {@link #resize(byte[], int, int, OutputFormat, int)} with the input's name for messages. */
    public Encoded resize(String name, byte[] source, int maxWidth, int maxHeight, OutputFormat format, int quality) {
        return resize(name, source, maxWidth, maxHeight, Encoding.of(format, quality));
    }

    /** {@link #resize(byte[], int, int, OutputFormat, int)} with the encoder's effort too. */
    public Encoded resize(String name, byte[] source, int maxWidth, int maxHeight, Encoding encoding) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(encoding, "encoding");
        if (maxWidth < 1 || maxWidth > 16384 || maxHeight < 1 || maxHeight > 16384) {
            throw new IllegalArgumentException("box " + maxWidth + "x" + maxHeight + " outside 1..16384");
        }
        Source src = open(name, source);
        try (VipsImage img = decode(src, maxWidth, maxHeight)) {
            src.close();
            return new Encoded(Math.max(maxWidth, maxHeight), img.width(), img.height(), encoding.format(),
                    encode(img, encoding));
        } finally {
            src.close();
        }
    }

    /** The original in native memory with its libvips header checked, not yet decoded. */
    private final class Source implements AutoCloseable {
        final String name;
        final ImageFormat format;
        final FileMetadata metadata;
        final Vips.NativeBuffer buffer;
        final boolean hasProfile;
        final int width;
        final int height;

        /** {@code width} and {@code height} upright, as the decoded image will be. */
        Source(String name, ImageFormat format, FileMetadata metadata, Vips.NativeBuffer buffer, boolean hasProfile,
               int width, int height) {
            this.name = name;
            this.format = format;
            this.metadata = metadata;
            this.buffer = buffer;
            this.hasProfile = hasProfile;
            this.width = width;
            this.height = height;
        }


        /**
         * Drops our reference to the original's native copy; it is freed once no image reads it
         * (libvips reads it lazily, so an image loaded from it keeps it). Idempotent.
         */
        @Override
        public void close() {
            buffer.close();
        }
    }

    private Source open(String name, byte[] bytes) {
        gate.checkBytes(name, bytes.length);
        ImageHeader h = gate.inspect(name, bytes, bytes.length);
        boolean byLibheif = byLibheif(h.format());
        if (!byLibheif && !vips.hasLoader(h.format().loader())) {
            throw new BadImage(BadImage.Reason.UNSUPPORTED, name + ": " + h.format().label() + " cannot be decoded here: libvips " + vips.version()
                    + " from " + vips.library() + " has no " + h.format().loader());
        }
        Vips.NativeBuffer buffer = vips.buffer(bytes);
        boolean opened = false;
        try {
            Header header = byLibheif ? libheifHeader(buffer) : vipsHeader(h.format(), buffer);
            gate.checkDimensions(name, header.width, header.height, header.pages, bytes.length);
            Source src = new Source(name, h.format(), h.metadata(), buffer, header.hasProfile, header.width, header.height);
            opened = true;
            return src;
        } catch (VipsException e) {
            throw decodeFailure(name, h.format(), e);
        } finally {
            if (!opened) buffer.close();
        }
    }

    /** Whether libheif, rather than libvips' loader, decodes this format. */
    private boolean byLibheif(ImageFormat format) {
        return heif != null && format == ImageFormat.HEIC;
    }

    /** What {@link #open} reads before decoding: the upright size, frames, and whether a profile is embedded. */
    private record Header(int width, int height, int pages, boolean hasProfile) {
    }

    /**
     * The sniffed type's own loader, never one libvips picks: when it declines, the file is refused
     * rather than offered to the next loader that claims the bytes (ImageMagick, for a TIFF libtiff refused).
     */
    private Header vipsHeader(ImageFormat format, Vips.NativeBuffer buffer) {
        try (VipsImage header = vips.loadBuffer(format.loader(), buffer, "access", Vips.ACCESS_SEQUENTIAL)) {
            boolean swap = FileMetadata.swapsAxes(header.intField("orientation").orElse(1));
            return new Header(swap ? header.height() : header.width(), swap ? header.width() : header.height(),
                    header.intField("n-pages").orElse(1), header.has("icc-profile-data"));
        }
    }

    /** HEIC when libheif decodes it: libheif applies the container's rotation itself, so its size is upright. */
    private Header libheifHeader(Vips.NativeBuffer buffer) {
        Heif.Header header = heif.header(buffer);
        return new Header(header.width(), header.height(), 1, header.hasProfile());
    }

    /**
     * Decodes once, shrinking on load to fit the box, upright, in 8-bit sRGB, into memory, with every
     * metadata field removed. The result no longer reads the source buffer; the caller closes it.
     */
    private VipsImage decode(Source src, int boxWidth, int boxHeight) {
        List<VipsImage> owned = new ArrayList<>(); // the lazy pipeline, unreferenced once run into memory
        try {
            List<Object> load = new ArrayList<>(List.of("access", Vips.ACCESS_SEQUENTIAL, "fail_on", Vips.FAIL_ON_TRUNCATED));
            double shrink = Math.max(1.0, Math.max((double) src.width / boxWidth, (double) src.height / boxHeight));
            int onLoad = shrinkOnLoad(shrink);
            // Shrink-on-load, as vips_thumbnail_buffer would do it, for the two loaders that can.
            if (onLoad > 1 && src.format == ImageFormat.JPEG) load.addAll(List.of("shrink", onLoad));
            if (onLoad > 1 && src.format == ImageFormat.WEBP) load.addAll(List.of("scale", 1.0 / onLoad));
            VipsImage loaded = own(owned, byLibheif(src.format)
                    ? heif.decode(vips, src.buffer)
                    : vips.loadBuffer(src.format.loader(), src.buffer, load.toArray()));

            List<Object> opts = new ArrayList<>(List.of("height", boxHeight, "size", Vips.SIZE_DOWN));
            // Only with an embedded profile: libvips 8.14 darkens a profile-less image it is told to export.
            if (src.hasProfile) opts.addAll(List.of("export_profile", "srgb"));
            VipsImage thumb = own(owned, vips.thumbnail(loaded, boxWidth, opts.toArray()));
            VipsImage srgb = thumb;
            if (thumb.interpretation() != Vips.INTERPRETATION_SRGB || thumb.bandFormat() != Vips.FORMAT_UCHAR) {
                srgb = own(owned, vips.colourspace(thumb, Vips.INTERPRETATION_SRGB));
            }
            VipsImage mem = vips.copyMemory(srgb);
            for (String field : mem.fields()) {
                if (!STRUCTURAL.contains(field)) mem.remove(field);
            }
            return mem;
        } catch (VipsException e) {
            throw decodeFailure(src.name, src.format, e);
        } finally {
            closeAll(owned);
        }
    }

    /**
     * The shrink-on-load factor for an overall {@code shrink}, as {@code vips_thumbnail_buffer} chooses
     * it for JPEG: a block shrink to at most half the remaining way, so the final resize (which filters
     * properly) still has at least a factor of two to do. WebP takes the same factor (libvips would go
     * all the way there, and libwebp's rounding could then leave the image a pixel short of the box).
     */
    static int shrinkOnLoad(double shrink) {
        if (shrink >= 16) return 8;
        if (shrink >= 8) return 4;
        if (shrink >= 4) return 2;
        return 1;
    }

    private static RuntimeException decodeFailure(String name, ImageFormat format, VipsException e) {
        if (e.outOfMemory()) return new RenderFailure(name + ": out of memory decoding " + format.label(), e);
        return new BadImage(BadImage.Reason.CORRUPT, name + ": cannot decode as " + format.label() + ": " + e.getMessage(), e);
    }

    private byte[] encode(VipsImage img, Encoding encoding) {
        OutputFormat format = encoding.format();
        int quality = encoding.quality();
        try {
            return switch (format) {
                case WEBP -> WebpChunks.stripMetadata(vips.webp(img, webpOptions(encoding)));
                case JPEG -> {
                    if (!hasAlpha(img)) yield vips.jpeg(img, jpegOptions(quality));
                    // JPEG has no alpha: the saver would flatten against black; a transparent area shows as white
                    // in every viewer and on the gallery's page, so that is what a JPEG rendition shows.
                    double[] white = new double[img.bands() - 1];
                    java.util.Arrays.fill(white, 255);
                    try (VipsImage flat = vips.flatten(img, white)) {
                        yield vips.jpeg(flat, jpegOptions(quality));
                    }
                }
                case AVIF -> {
                    if (!canEncode(OutputFormat.AVIF)) {
                        throw new RenderFailure("AVIF output needs libvips with heifsave; " + library() + " has none");
                    }
                    yield vips.heif(img, avifOptions(encoding));
                }
            };
        } catch (VipsException e) {
            throw new RenderFailure("encoding " + img.width() + "x" + img.height() + " as " + format + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * AV1 at {@link Encoding#effort()} ({@link Encoding#AVIF_DEFAULT_EFFORT} unless asked otherwise: AVIF is
     * only rendered on demand, while a viewer waits). {@code effort} exists from libvips 8.12; an older one
     * gets its default.
     */
    private Object[] avifOptions(Encoding encoding) {
        return hasEffort()
                ? new Object[]{"Q", encoding.quality(), "compression", Vips.HEIF_COMPRESSION_AV1, "strip", 1, "effort", encoding.effort()}
                : new Object[]{"Q", encoding.quality(), "compression", Vips.HEIF_COMPRESSION_AV1, "strip", 1};
    }

    /** WebP at {@link Encoding#effort()}; libvips before 8.12 named it {@code reduction_effort}, so those get their default. */
    private Object[] webpOptions(Encoding encoding) {
        return hasEffort()
                ? new Object[]{"Q", encoding.quality(), "strip", 1, "effort", encoding.effort()}
                : new Object[]{"Q", encoding.quality(), "strip", 1};
    }

    private boolean hasEffort() {
        return vips.majorVersion() > 8 || (vips.majorVersion() == 8 && vips.minorVersion() >= 12);
    }

    /**
     * Baseline JPEG without Huffman optimisation. Measured with libvips 8.14 (libjpeg-turbo) on the
     * six preset sizes of the bench's 24 MP photo, encode only, Q82: progressive + optimize_coding
     * (what we used to write) 2,023,530 bytes in ~380 ms; baseline + optimize_coding 2,112,938 bytes
     * (+4.4%) in ~165 ms; plain baseline 2,141,305 bytes (+5.8%) in ~83 ms. Progressive's 4% is not
     * worth 4.5× the encode time for images a page shows whole, and optimize_coding's extra pass
     * doubles the encode time for 1.3% fewer bytes.
     */
    private static Object[] jpegOptions(int quality) {
        return new Object[]{"Q", quality, "strip", 1, "optimize_coding", 0, "interlace", 0};
    }

    /** Decoded images are 8-bit sRGB (or grey): a second or fourth band is alpha. */
    private static boolean hasAlpha(VipsImage img) {
        return img.bands() == 2 || img.bands() == 4;
    }

    private String placeholder(VipsImage smallest, List<VipsImage> owned) {
        VipsImage tiny = smallest;
        if (Math.max(smallest.width(), smallest.height()) > PLACEHOLDER_EDGE) {
            tiny = own(owned, derive(() -> vips.thumbnail(smallest, PLACEHOLDER_EDGE, "height", PLACEHOLDER_EDGE,
                    "size", Vips.SIZE_DOWN)));
        }
        VipsImage source = tiny;
        int w = source.width(), h = source.height(), bands = source.bands();
        byte[] px = derive(() -> vips.pixels(source));
        byte[] rgba = new byte[w * h * 4];
        for (int i = 0; i < w * h; i++) {
            int o = i * bands;
            rgba[i * 4] = px[o];
            rgba[i * 4 + 1] = px[o + Math.min(1, bands - 1)];
            rgba[i * 4 + 2] = px[o + Math.min(2, bands - 1)];
            rgba[i * 4 + 3] = bands == 4 || bands == 2 ? px[o + bands - 1] : (byte) 255;
        }
        return ThumbHash.encodeBase64(w, h, rgba);
    }

    private interface VipsCall<T> {
        T run();
    }

    /** Work on pixels already decoded: a libvips failure here is not the input's fault. */
    private static <T> T derive(VipsCall<T> call) {
        try {
            return call.run();
        } catch (VipsException e) {
            throw new RenderFailure(e.getMessage(), e);
        }
    }

    /**
     * Runs an encode on the pool, or right here when the pool is off. Each encode reads its own
     * in-memory image (libvips lets many pipelines read one memory image at once), and a libvips
     * failure on any thread surfaces as that encode's {@link RenderFailure}.
     */
    private Future<?> submitEncode(Runnable encode) {
        if (encoders == null) {
            encode.run();
            return CompletableFuture.completedFuture(null);
        }
        return encoders.submit(encode);
    }

    /** Waits for every encode; rethrows the first failure. */
    private static void awaitAll(List<Future<?>> pending) {
        RuntimeException first = null;
        for (Future<?> f : pending) {
            try {
                getUninterruptibly(f);
            } catch (ExecutionException e) {
                if (first == null) {
                    Throwable c = e.getCause();
                    if (c instanceof Error err) throw err;
                    first = c instanceof RuntimeException re ? re : new RenderFailure("encoding failed: " + c, c);
                }
            }
        }
        if (first != null) throw first;
    }

    /** Waits for every encode, ignoring failures (the caller is already failing). */
    private static void awaitQuietly(List<Future<?>> pending) {
        for (Future<?> f : pending) {
            try {
                getUninterruptibly(f);
            } catch (ExecutionException ignored) {
                // reported by awaitAll, or superseded by the failure that brought us here
            }
        }
    }

    /**
     * An interrupt must not let the render unreference images an encoder still reads (that would
     * free pixels under libvips): wait anyway, then restore the interrupt.
     */
    private static void getUninterruptibly(Future<?> f) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    f.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /**
     * An in-memory rendition image and who still needs it: the shrink to the next smaller size (or,
     * for the smallest, the placeholder) and its encodes. Unreferenced when the last one is done, so
     * a large size's pixels go as soon as it is encoded and shrunk rather than at the end of the render.
     */
    private static final class Uses {
        final VipsImage image;
        private final AtomicInteger count = new AtomicInteger(1);

        Uses(VipsImage image) {
            this.image = image;
        }

        Uses retain() {
            count.incrementAndGet();
            return this;
        }

        void release() {
            if (count.decrementAndGet() == 0) image.close();
        }
    }

    private static VipsImage own(List<VipsImage> owned, VipsImage img) {
        owned.add(img);
        return img;
    }

    private static void closeAll(List<VipsImage> owned) {
        for (int i = owned.size() - 1; i >= 0; i--) owned.get(i).close();
        owned.clear();
    }
}
