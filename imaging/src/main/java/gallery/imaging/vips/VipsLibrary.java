package gallery.imaging.vips;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The libvips (and GLib) C functions we call, mapped by JNA. Varargs option lists are
 * {@code name, value, name, value, ..., (Object) null}; ints for enums and gbooleans, doubles for
 * gdoubles. {@code size_t} is mapped to {@code long}: we only run on 64-bit Linux.
 */
interface VipsLibrary extends Library {
    int vips_init(String argv0);

    /** Where libvips looks for its modules' folder; computed once per process (reads {@code envName}). */
    String vips_guess_libdir(String argv0, String envName);

    int vips_version(int flag);

    String vips_version_string();

    void vips_cache_set_max(int max);

    void vips_concurrency_set(int concurrency);

    int vips_concurrency_get();

    String vips_error_buffer();

    /** Copies the error buffer and clears it, atomically (libvips 8.9+); free the copy with g_free. */
    Pointer vips_error_buffer_copy();

    void vips_error_clear();

    void g_free(Pointer mem);

    void g_object_unref(Pointer object);

    void g_strfreev(Pointer strv);

    long vips_type_find(String basename, String nickname);

    String g_type_name(long type);

    /** libvips 8.13+: a JNA call to it throws UnsatisfiedLinkError on older builds. */
    void vips_block_untrusted_set(int state);

    /** libvips 8.13+: blocks or unblocks the named operation class and all its subclasses. */
    void vips_operation_block_set(String name, int state);

    Pointer vips_operation_new(String name);

    int vips_operation_get_flags(Pointer operation);

    String vips_foreign_find_load_buffer(Pointer data, long size);

    String vips_foreign_find_save_buffer(String suffix);

    Pointer vips_image_new_from_buffer(Pointer buf, long len, String optionString, Object... options);

    int vips_jpegload_buffer(Pointer buf, long len, PointerByReference out, Object... options);

    int vips_pngload_buffer(Pointer buf, long len, PointerByReference out, Object... options);

    int vips_webpload_buffer(Pointer buf, long len, PointerByReference out, Object... options);

    int vips_gifload_buffer(Pointer buf, long len, PointerByReference out, Object... options);

    int vips_tiffload_buffer(Pointer buf, long len, PointerByReference out, Object... options);

    int vips_heifload_buffer(Pointer buf, long len, PointerByReference out, Object... options);

    int vips_thumbnail_buffer(Pointer buf, long len, PointerByReference out, int width, Object... options);

    int vips_thumbnail_image(Pointer in, PointerByReference out, int width, Object... options);

    int vips_colourspace(Pointer in, PointerByReference out, int space, Object... options);

    int vips_flatten(Pointer in, PointerByReference out, Object... options);

    Pointer vips_array_double_new(double[] array, int n);

    void vips_area_unref(Pointer area);

    int vips_copy(Pointer in, PointerByReference out, Object... options);

    Pointer vips_image_copy_memory(Pointer image);

    int vips_image_get_width(Pointer image);

    int vips_image_get_height(Pointer image);

    int vips_image_get_bands(Pointer image);

    int vips_image_get_format(Pointer image);

    int vips_image_get_interpretation(Pointer image);

    int vips_image_get_n_pages(Pointer image);

    long vips_image_get_typeof(Pointer image, String name);

    int vips_image_get_int(Pointer image, String name, IntByReference out);

    int vips_image_get_string(Pointer image, String name, PointerByReference out);

    Pointer vips_image_get_fields(Pointer image);

    int vips_image_remove(Pointer image, String name);

    Pointer vips_image_write_to_memory(Pointer in, LongByReference size);

    int vips_webpsave_buffer(Pointer in, PointerByReference buf, LongByReference len, Object... options);

    int vips_jpegsave_buffer(Pointer in, PointerByReference buf, LongByReference len, Object... options);

    int vips_heifsave_buffer(Pointer in, PointerByReference buf, LongByReference len, Object... options);

    /** A new image holding a copy of packed, band-interleaved pixels; {@code format} is a {@code VipsBandFormat}. */
    Pointer vips_image_new_from_memory_copy(Pointer data, long size, int width, int height, int bands, int format);

    void vips_image_set_blob_copy(Pointer image, String name, Pointer data, long length);
}
