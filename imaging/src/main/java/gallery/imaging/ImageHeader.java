package gallery.imaging;

/**
 * What the gate learned from an input's first bytes, before any pixel is decoded.
 *
 * @param format   the sniffed format
 * @param bytes    the whole file's size (not the prefix's)
 * @param metadata dimensions (after rotation), date, camera, GPS as far as the bytes given contain them
 */
public record ImageHeader(ImageFormat format, long bytes, PhotoMetadata metadata) {
}
