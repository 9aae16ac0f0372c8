package gallery.imaging.video;

/**
 * Reads parts of a file that is not at hand (an S3 object, read with ranged GETs), so a video's
 * index box can be found at the end of a large file without downloading the file.
 */
@FunctionalInterface
public interface ByteRanges {
    /** Up to {@code length} bytes from {@code offset} (fewer at the end of the file). */
    byte[] read(long offset, int length);
}
