package gallery.imaging.vips;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

import java.util.ArrayList;
import java.util.List;

/**
 * One reference to a libvips image. Closing it drops the reference ({@code g_object_unref}).
 * An image loaded from a buffer holds that buffer: libvips neither copies it nor reads it before
 * pixels are asked for, so the native memory must outlive every image that reads from it. Each
 * image derived from another carries the same buffer along until it is closed.
 */
public final class VipsImage implements AutoCloseable {
    static final java.util.concurrent.atomic.AtomicLong LIVE = new java.util.concurrent.atomic.AtomicLong();

    private final VipsLibrary lib;
    private volatile Pointer handle;
    /** The buffer this image (or an image upstream of it) reads lazily; one reference held until close. */
    private Vips.NativeBuffer source;

    VipsImage(VipsLibrary lib, Pointer handle, Vips.NativeBuffer source) {
        if (source != null) source.acquire();
        this.lib = lib;
        this.handle = handle;
        this.source = source;
        LIVE.incrementAndGet();
    }

    Pointer handle() {
        Pointer h = handle;
        if (h == null) throw new IllegalStateException("image already closed");
        return h;
    }

    Vips.NativeBuffer source() {
        return source;
    }

    public int width() {
        return lib.vips_image_get_width(handle());
    }

    public int height() {
        return lib.vips_image_get_height(handle());
    }

    public int bands() {
        return lib.vips_image_get_bands(handle());
    }

    /** The {@code VipsInterpretation}, e.g. {@link Vips#INTERPRETATION_SRGB}. */
    public int interpretation() {
        return lib.vips_image_get_interpretation(handle());
    }

    /** The {@code VipsBandFormat}, e.g. {@link Vips#FORMAT_UCHAR}. */
    public int bandFormat() {
        return lib.vips_image_get_format(handle());
    }

    /** Pages (frames) the file declares: GIF frames, TIFF pages, HEIF top-level images. */
    public int pages() {
        return lib.vips_image_get_n_pages(handle());
    }

    public boolean has(String field) {
        return lib.vips_image_get_typeof(handle(), field) != 0;
    }

    public java.util.OptionalInt intField(String field) {
        if (!has(field)) return java.util.OptionalInt.empty();
        IntByReference out = new IntByReference();
        if (lib.vips_image_get_int(handle(), field, out) != 0) {
            Vips.takeError(lib);
            return java.util.OptionalInt.empty();
        }
        return java.util.OptionalInt.of(out.getValue());
    }

    public java.util.Optional<String> stringField(String field) {
        if (!has(field)) return java.util.Optional.empty();
        PointerByReference out = new PointerByReference();
        if (lib.vips_image_get_string(handle(), field, out) != 0) {
            Vips.takeError(lib);
            return java.util.Optional.empty();
        }
        Pointer p = out.getValue();
        return p == null ? java.util.Optional.empty() : java.util.Optional.of(p.getString(0));
    }

    /** Names of every header field (metadata) on this image. */
    public List<String> fields() {
        Pointer strv = lib.vips_image_get_fields(handle());
        if (strv == null) return List.of();
        try {
            return new ArrayList<>(List.of(strv.getStringArray(0)));
        } finally {
            lib.g_strfreev(strv);
        }
    }

    /**
     * Removes a header field. Only call this on an image nobody else holds (a fresh copy):
     * libvips images are shared, and metadata is not copied on write.
     */
    public void remove(String field) {
        lib.vips_image_remove(handle(), field);
    }

    /** Drops this reference; may be called from any thread, once or more. */
    @Override
    public synchronized void close() {
        if (handle != null) {
            lib.g_object_unref(handle);
            handle = null;
            LIVE.decrementAndGet();
            // After the unref: libvips no longer reads the buffer through this image.
            if (source != null) source.release();
            source = null;
        }
    }
}
