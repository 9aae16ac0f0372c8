package gallery.imaging;

import gallery.core.config.Env;
import gallery.core.preset.OutputFormat;
import gallery.core.preset.Preset;
import gallery.imaging.vips.Vips;
import gallery.imaging.vips.VipsException;
import gallery.imaging.vips.VipsImage;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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

    private final ImagingConfig config;
    private final ImageGate gate;
    private final Vips vips;

    public Renderer(ImagingConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.gate = new ImageGate(config);
        this.vips = Vips.load(config.vipsLibrary(), config.concurrency());
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
        return "libvips " + vips.version() + " from " + vips.library() + ", decodes " + String.join(", ", vips.decoders());
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
        Source src = open(name, original);
        List<VipsImage> owned = new ArrayList<>();
        try {
            int edge = Math.max(src.width, src.height);
            List<int[]> plan = new ArrayList<>(); // {preset size, longest edge to render at}
            List<Integer> skipped = new ArrayList<>();
            for (int s : preset.sizes()) {
                if (!plan.isEmpty() && plan.get(plan.size() - 1)[1] == edge) skipped.add(s);
                else plan.add(new int[]{s, Math.min(s, edge)});
            }
            int largest = plan.get(plan.size() - 1)[1];
            VipsImage base = decode(src, largest, largest, owned);

            Rendition[] out = new Rendition[plan.size()];
            VipsImage prev = base;
            for (int i = plan.size() - 1; i >= 0; i--) {
                int target = plan.get(i)[1];
                VipsImage img = prev;
                if (target < Math.max(prev.width(), prev.height())) {
                    // Each size from the next larger one: cheaper than from the original, same quality.
                    VipsImage larger = prev;
                    VipsImage lazy = own(owned, derive(() -> vips.thumbnail(larger, target, "height", target, "size", Vips.SIZE_DOWN)));
                    img = own(owned, derive(() -> vips.copyMemory(lazy)));
                }
                out[i] = new Rendition(plan.get(i)[0], img.width(), img.height(), preset.format(),
                        encode(img, preset.format(), preset.quality()));
                prev = img;
            }
            String placeholder = placeholder(prev, owned);
            PhotoMetadata md = src.metadata;
            PhotoMetadata withSize = new PhotoMetadata(src.width, src.height, md.orientation(), md.takenAt(),
                    md.takenOffset(), md.cameraMake(), md.cameraModel(), md.latitude(), md.longitude());
            return new RenderResult(src.format, src.width, src.height, withSize, placeholder, List.of(out), skipped);
        } finally {
            closeAll(owned);
            src.close();
        }
    }

    /**
     * Renders one image fitting inside {@code maxWidth × maxHeight} (aspect kept, never upscaled),
     * with the same checks, rotation, colour conversion and stripping as {@link #render}. For the
     * on-demand resizer, whose source may be an original or a larger rendition.
     */
    public Rendition resize(byte[] source, int maxWidth, int maxHeight, OutputFormat format, int quality) {
        return resize("image", source, maxWidth, maxHeight, format, quality);
    }

    /** {@link #resize(byte[], int, int, OutputFormat, int)} with the input's name for messages. */
    public Rendition resize(String name, byte[] source, int maxWidth, int maxHeight, OutputFormat format, int quality) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(format, "format");
        if (maxWidth < 1 || maxWidth > 16384 || maxHeight < 1 || maxHeight > 16384) {
            throw new IllegalArgumentException("box " + maxWidth + "x" + maxHeight + " outside 1..16384");
        }
        if (quality < 1 || quality > 100) throw new IllegalArgumentException("quality " + quality + " outside 1..100");
        Source src = open(name, source);
        List<VipsImage> owned = new ArrayList<>();
        try {
            VipsImage img = decode(src, maxWidth, maxHeight, owned);
            return new Rendition(Math.max(maxWidth, maxHeight), img.width(), img.height(), format,
                    encode(img, format, quality));
        } finally {
            closeAll(owned);
            src.close();
        }
    }

    /** The original in native memory with its libvips header checked, not yet decoded. */
    private final class Source implements AutoCloseable {
        final String name;
        final ImageFormat format;
        final PhotoMetadata metadata;
        final Vips.NativeBuffer buffer;
        final boolean hasProfile;
        final int width;
        final int height;

        Source(String name, ImageFormat format, PhotoMetadata metadata, Vips.NativeBuffer buffer, VipsImage header) {
            this.name = name;
            this.format = format;
            this.metadata = metadata;
            this.buffer = buffer;
            this.hasProfile = header.has("icc-profile-data");
            int orientation = header.intField("orientation").orElse(1);
            boolean swap = PhotoMetadata.swapsAxes(orientation);
            this.width = swap ? header.height() : header.width();
            this.height = swap ? header.width() : header.height();
        }

        @Override
        public void close() {
            // libvips read this memory lazily; only now that every image is unreferenced may it go.
            Reference.reachabilityFence(buffer);
        }
    }

    private Source open(String name, byte[] bytes) {
        gate.checkBytes(name, bytes.length);
        ImageHeader h = gate.inspect(name, bytes, bytes.length);
        if (!vips.hasLoader(h.format().loader())) {
            throw new BadImage(name + ": " + h.format().label() + " cannot be decoded here: libvips " + vips.version()
                    + " from " + vips.library() + " has no " + h.format().loader());
        }
        Vips.NativeBuffer buffer = vips.buffer(bytes);
        // The sniffed type's own loader, never one libvips picks: when it declines, the file is refused
        // rather than offered to the next loader that claims the bytes (ImageMagick, for a TIFF libtiff refused).
        try (VipsImage header = vips.loadBuffer(h.format().loader(), buffer, "access", Vips.ACCESS_SEQUENTIAL)) {
            int pages = header.intField("n-pages").orElse(1);
            gate.checkDimensions(name, header.width(), header.height(), pages, bytes.length);
            return new Source(name, h.format(), h.metadata(), buffer, header);
        } catch (VipsException e) {
            throw decodeFailure(name, h.format(), e);
        }
    }

    /**
     * Decodes once, shrinking on load to fit the box, upright, in 8-bit sRGB, into memory, with every
     * metadata field removed. The result no longer reads the source buffer.
     */
    private VipsImage decode(Source src, int boxWidth, int boxHeight, List<VipsImage> owned) {
        try {
            List<Object> load = new ArrayList<>(List.of("access", Vips.ACCESS_SEQUENTIAL, "fail_on", Vips.FAIL_ON_TRUNCATED));
            double shrink = Math.max(1.0, Math.max((double) src.width / boxWidth, (double) src.height / boxHeight));
            int onLoad = shrinkOnLoad(shrink);
            // Shrink-on-load, as vips_thumbnail_buffer would do it, for the two loaders that can.
            if (onLoad > 1 && src.format == ImageFormat.JPEG) load.addAll(List.of("shrink", onLoad));
            if (onLoad > 1 && src.format == ImageFormat.WEBP) load.addAll(List.of("scale", 1.0 / onLoad));
            VipsImage loaded = own(owned, vips.loadBuffer(src.format.loader(), src.buffer, load.toArray()));

            List<Object> opts = new ArrayList<>(List.of("height", boxHeight, "size", Vips.SIZE_DOWN));
            // Only with an embedded profile: libvips 8.14 darkens a profile-less image it is told to export.
            if (src.hasProfile) opts.addAll(List.of("export_profile", "srgb"));
            VipsImage thumb = own(owned, vips.thumbnail(loaded, boxWidth, opts.toArray()));
            VipsImage srgb = thumb;
            if (thumb.interpretation() != Vips.INTERPRETATION_SRGB || thumb.bandFormat() != Vips.FORMAT_UCHAR) {
                srgb = own(owned, vips.colourspace(thumb, Vips.INTERPRETATION_SRGB));
            }
            VipsImage mem = own(owned, vips.copyMemory(srgb));
            for (String field : mem.fields()) {
                if (!STRUCTURAL.contains(field)) mem.remove(field);
            }
            return mem;
        } catch (VipsException e) {
            throw decodeFailure(src.name, src.format, e);
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
        return new BadImage(name + ": cannot decode as " + format.label() + ": " + e.getMessage(), e);
    }

    private byte[] encode(VipsImage img, OutputFormat format, int quality) {
        try {
            return switch (format) {
                case WEBP -> WebpChunks.stripMetadata(vips.webp(img, "Q", quality, "strip", 1));
                case JPEG -> {
                    if (!hasAlpha(img)) yield vips.jpeg(img, "Q", quality, "strip", 1, "optimize_coding", 1, "interlace", 1);
                    // JPEG has no alpha: the saver would flatten against black; a transparent area shows as white
                    // in every viewer and on the gallery's page, so that is what a JPEG rendition shows.
                    double[] white = new double[img.bands() - 1];
                    java.util.Arrays.fill(white, 255);
                    try (VipsImage flat = vips.flatten(img, white)) {
                        yield vips.jpeg(flat, "Q", quality, "strip", 1, "optimize_coding", 1, "interlace", 1);
                    }
                }
                case AVIF -> {
                    if (!canEncode(OutputFormat.AVIF)) {
                        throw new RenderFailure("AVIF output needs libvips with heifsave; " + library() + " has none");
                    }
                    yield vips.heif(img, "Q", quality, "compression", Vips.HEIF_COMPRESSION_AV1, "strip", 1);
                }
            };
        } catch (VipsException e) {
            throw new RenderFailure("encoding " + img.width() + "x" + img.height() + " as " + format + " failed: "
                    + e.getMessage(), e);
        }
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

    private static VipsImage own(List<VipsImage> owned, VipsImage img) {
        owned.add(img);
        return img;
    }

    private static void closeAll(List<VipsImage> owned) {
        for (int i = owned.size() - 1; i >= 0; i--) owned.get(i).close();
        owned.clear();
    }
}
