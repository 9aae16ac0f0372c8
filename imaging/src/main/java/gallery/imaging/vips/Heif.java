package gallery.imaging.vips;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * HEIC decoding by libheif directly, the pixels handed to libvips from memory. For a libvips whose
 * own HEIF loader cannot decode HEVC: the Lambda layer's libvips (npm's prebuilt, HEIF with AV1
 * only) beside Debian's libheif with libde265 (infra/layer/build.sh, docs/deploy.md "HEIC").
 *
 * <p>What libvips' heifload does, done the same way: the primary image, with the container's
 * rotation, mirroring and crop applied by libheif (so there is no orientation left to apply), its
 * embedded ICC profile attached as {@code icc-profile-data}, alpha kept, 10- and 12-bit images
 * as 16-bit RGB. Thread-safe: every call has its own libheif context.
 */
public final class Heif {
    /** {@code VipsBandFormat}: {@code VIPS_FORMAT_USHORT}. */
    private static final int FORMAT_USHORT = 2;
    private static Heif instance;

    private final HeifLibrary lib;
    private final String library;
    private final String version;

    private Heif(HeifLibrary lib, String library) {
        this.lib = lib;
        this.library = library;
        this.version = lib.heif_get_version();
    }

    /** Loads libheif from this path once per process (a second, different path is a configuration error). */
    public static synchronized Heif load(Path library) {
        Path p = library.toAbsolutePath();
        if (instance == null) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException("HEIF_LIBRARY=" + library + " does not exist: expected the path of libheif.so.1");
            }
            instance = new Heif(Native.load(p.toString(), HeifLibrary.class), p.toString());
        } else if (!instance.library.equals(p.toString())) {
            throw new IllegalStateException("libheif is already loaded from " + instance.library + "; cannot also load " + p);
        }
        return instance;
    }

    public String library() {
        return library;
    }

    /** e.g. {@code 1.11.0}. */
    public String version() {
        return version;
    }

    /** The primary image's size (after rotation) and whether it embeds an ICC profile; decodes nothing. */
    public record Header(int width, int height, boolean hasProfile) {
    }

    public Header header(Vips.NativeBuffer buffer) {
        try (Handle h = open(buffer)) {
            return new Header(lib.heif_image_handle_get_width(h.handle), lib.heif_image_handle_get_height(h.handle),
                    lib.heif_image_handle_get_raw_color_profile_size(h.handle) > 0);
        }
    }

    /**
     * Decodes the primary image into a libvips image in memory (8-bit sRGB, or 16-bit RGB for a
     * high bit depth), with its ICC profile; the caller closes it.
     *
     * @throws VipsException when libheif cannot read or decode the file (its message says why)
     */
    public VipsImage decode(Vips vips, Vips.NativeBuffer buffer) {
        try (Handle h = open(buffer)) {
            boolean alpha = lib.heif_image_handle_has_alpha_channel(h.handle) != 0;
            boolean deep = lib.heif_image_handle_get_luma_bits_per_pixel(h.handle) > 8;
            int bands = alpha ? 4 : 3;
            int chroma = deep
                    ? (alpha ? HeifLibrary.CHROMA_INTERLEAVED_RRGGBBAA_LE : HeifLibrary.CHROMA_INTERLEAVED_RRGGBB_LE)
                    : (alpha ? HeifLibrary.CHROMA_INTERLEAVED_RGBA : HeifLibrary.CHROMA_INTERLEAVED_RGB);
            PointerByReference out = new PointerByReference();
            check("heif_decode_image", lib.heif_decode_image(h.handle, out, HeifLibrary.COLORSPACE_RGB, chroma, null));
            Pointer image = out.getValue();
            try {
                int w = lib.heif_image_get_width(image, HeifLibrary.CHANNEL_INTERLEAVED);
                int ht = lib.heif_image_get_height(image, HeifLibrary.CHANNEL_INTERLEAVED);
                IntByReference stride = new IntByReference();
                Pointer plane = lib.heif_image_get_plane_readonly(image, HeifLibrary.CHANNEL_INTERLEAVED, stride);
                if (plane == null) throw new VipsException("heif_decode_image", "libheif returned no interleaved plane");
                int bytesPerSample = deep ? 2 : 1;
                int row = w * bands * bytesPerSample;
                int bits = deep ? lib.heif_image_get_bits_per_pixel_range(image, HeifLibrary.CHANNEL_INTERLEAVED) : 8;
                VipsImage img = vips.fromMemory(pixels(plane, stride.getValue(), row, ht, bits), (long) row * ht,
                        w, ht, bands, deep ? FORMAT_USHORT : Vips.FORMAT_UCHAR,
                        deep ? Vips.INTERPRETATION_RGB16 : Vips.INTERPRETATION_SRGB);
                long profile = lib.heif_image_handle_get_raw_color_profile_size(h.handle);
                if (profile > 0) {
                    try (Memory icc = new Memory(profile)) {
                        check("heif_image_handle_get_raw_color_profile", lib.heif_image_handle_get_raw_color_profile(h.handle, icc));
                        vips.setBlob(img, "icc-profile-data", icc, profile);
                    } catch (RuntimeException e) {
                        img.close();
                        throw e;
                    }
                }
                return img;
            } finally {
                lib.heif_image_release(image);
            }
        }
    }

    /**
     * Packed rows for libvips: the plane itself when libheif's stride is the row length and the
     * samples are 8-bit; otherwise a copy, row by row, with high-bit-depth samples (10 or 12 bits in
     * 16-bit containers) scaled to the 16-bit range libvips' RGB16 means.
     */
    private static Pointer pixels(Pointer plane, int stride, int row, int height, int bits) {
        if (stride == row && bits == 8) return plane;
        Memory packed = new Memory((long) row * height);
        short[] samples = bits > 8 ? new short[row / 2] : null;
        byte[] bytes = bits > 8 ? null : new byte[row];
        int shift = 16 - bits;
        for (int y = 0; y < height; y++) {
            long from = (long) y * stride, to = (long) y * row;
            if (samples == null) {
                plane.read(from, bytes, 0, row);
                packed.write(to, bytes, 0, row);
            } else {
                plane.read(from, samples, 0, samples.length);
                // v << s | v >> (bits - s): full scale maps to 65535, zero to zero.
                for (int i = 0; i < samples.length; i++) {
                    int v = samples[i] & 0xFFFF;
                    samples[i] = (short) ((v << shift) | (v >>> (bits - shift)));
                }
                packed.write(to, samples, 0, samples.length);
            }
        }
        return packed;
    }

    /** A parsed file's primary image handle and its context, released together. */
    private final class Handle implements AutoCloseable {
        final Pointer context;
        final Pointer handle;

        Handle(Pointer context, Pointer handle) {
            this.context = context;
            this.handle = handle;
        }

        @Override
        public void close() {
            if (handle != null) lib.heif_image_handle_release(handle);
            lib.heif_context_free(context);
        }
    }

    private Handle open(Vips.NativeBuffer buffer) {
        Pointer ctx = lib.heif_context_alloc();
        if (ctx == null) throw new VipsException("heif_context_alloc", "out of memory");
        try {
            check("heif_context_read_from_memory", lib.heif_context_read_from_memory_without_copy(ctx, buffer.memory(), buffer.size(), null));
            PointerByReference handle = new PointerByReference();
            check("heif_context_get_primary_image_handle", lib.heif_context_get_primary_image_handle(ctx, handle));
            return new Handle(ctx, handle.getValue());
        } catch (RuntimeException e) {
            lib.heif_context_free(ctx);
            throw e;
        }
    }

    private static void check(String call, HeifLibrary.HeifError e) {
        if (e.code != 0) {
            throw new VipsException(call, (e.message == null || e.message.isBlank() ? "libheif error " + e.code : e.message.strip())
                    + " (libheif error " + e.code + "." + e.subcode + ")");
        }
    }
}
