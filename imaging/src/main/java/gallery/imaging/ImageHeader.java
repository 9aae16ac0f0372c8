package gallery.imaging;

/**
 * What the gate learned from an input's first bytes, before any pixel is decoded.
 *
 * @param format   the sniffed format
 * @param bytes    the whole file's size (not the prefix's)
 * @param metadata dimensions (after rotation), date, camera, GPS as far as the bytes given contain them
 * @param contentId Apple's content identifier (an iPhone Live Photo's still names its MOV by it); null when absent
 */
public record ImageHeader(ImageFormat format, long bytes, FileMetadata metadata, String contentId) {
}
