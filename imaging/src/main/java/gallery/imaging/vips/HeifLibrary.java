package gallery.imaging.vips;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The libheif C functions we call (all present since libheif 1.4), mapped by JNA. {@code size_t} is
 * {@code long}: 64-bit Linux only. Every call that can fail returns a {@link HeifError} by value.
 */
interface HeifLibrary extends Library {
    /** {@code heif_colorspace_RGB}. */
    int COLORSPACE_RGB = 1;
    /** {@code heif_chroma_interleaved_RGB}, {@code _RGBA}: 8 bits per sample. */
    int CHROMA_INTERLEAVED_RGB = 10;
    int CHROMA_INTERLEAVED_RGBA = 11;
    /** {@code heif_chroma_interleaved_RRGGBB_LE}, {@code _RRGGBBAA_LE}: 16-bit little-endian containers. */
    int CHROMA_INTERLEAVED_RRGGBB_LE = 14;
    int CHROMA_INTERLEAVED_RRGGBBAA_LE = 15;
    /** {@code heif_channel_interleaved}. */
    int CHANNEL_INTERLEAVED = 10;

    /** {@code struct heif_error}: code 0 is success; the message is static, owned by libheif. */
    @Structure.FieldOrder({"code", "subcode", "message"})
    class HeifError extends Structure implements Structure.ByValue {
        public int code;
        public int subcode;
        public String message;
    }

    String heif_get_version();

    Pointer heif_context_alloc();

    void heif_context_free(Pointer context);

    HeifError heif_context_read_from_memory_without_copy(Pointer context, Pointer mem, long size, Pointer options);

    HeifError heif_context_get_primary_image_handle(Pointer context, PointerByReference handle);

    void heif_image_handle_release(Pointer handle);

    /** Size after the container's transformations (irot, imir, clap), as decoding returns it. */
    int heif_image_handle_get_width(Pointer handle);

    int heif_image_handle_get_height(Pointer handle);

    int heif_image_handle_has_alpha_channel(Pointer handle);

    int heif_image_handle_get_luma_bits_per_pixel(Pointer handle);

    long heif_image_handle_get_raw_color_profile_size(Pointer handle);

    HeifError heif_image_handle_get_raw_color_profile(Pointer handle, Pointer out);

    /** {@code options} null: libheif's defaults, which apply the transformations. */
    HeifError heif_decode_image(Pointer handle, PointerByReference image, int colorspace, int chroma, Pointer options);

    int heif_image_get_width(Pointer image, int channel);

    int heif_image_get_height(Pointer image, int channel);

    /** Bits used per sample in a plane of a decoded image (10 for a 10-bit image in 16-bit containers). */
    int heif_image_get_bits_per_pixel_range(Pointer image, int channel);

    Pointer heif_image_get_plane_readonly(Pointer image, int channel, IntByReference stride);

    void heif_image_release(Pointer image);
}
