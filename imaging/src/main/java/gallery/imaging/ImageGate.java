package gallery.imaging;

import java.util.Objects;

/**
 * The checks an untrusted input passes before libvips decodes a pixel: an allowed type by its first
 * bytes, a file size, a declared pixel count within the limits, and a pixel count that is plausible
 * for the file's size. Pure Java (no libvips), so the ingest Lambda can run it on a ranged GET of
 * the first bytes; the renderer runs it again on the whole file and repeats the dimension checks on
 * libvips' own header read.
 */
public final class ImageGate {
    /**
     * The most pixels a file may declare per byte it holds. Deflate cannot compress better than
     * about 1032:1, so even a blank 1-bit PNG stays near 8000 pixels per byte; real photos are at
     * 1..20. A file far beyond this is a decompression bomb (e.g. a 100-byte PNG declaring 10000×10000).
     */
    public static final long MAX_PIXELS_PER_BYTE = 10_000;
    /** Below this many pixels the ratio is not checked: a small blank image is harmless whatever its ratio. */
    static final long RATIO_FLOOR_PIXELS = 1_000_000;

    private final ImagingConfig config;

    public ImageGate(ImagingConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Checks an input from its first bytes.
     *
     * @param name          the input's name (an object key, a file name), used in messages
     * @param prefixOrWhole the file, or its first bytes (256 KiB covers the metadata of camera and phone photos)
     * @param totalBytes    the whole file's size
     * @return the format and the metadata found in the bytes given
     * @throws BadImage naming what is wrong: empty, not an allowed type, too large, too many pixels, implausible
     */
    public ImageHeader inspect(String name, byte[] prefixOrWhole, long totalBytes) {
        Objects.requireNonNull(prefixOrWhole, "prefixOrWhole");
        if (totalBytes == 0 || prefixOrWhole.length == 0) {
            throw new BadImage(BadImage.Reason.EMPTY, name + ": file is empty: expected " + ImageFormat.ALLOWED);
        }
        checkBytes(name, totalBytes);
        ImageFormat format = ImageFormat.sniff(name, prefixOrWhole);
        if (format == ImageFormat.PNG) PngChunks.checkCompressedChunks(name, prefixOrWhole);
        MetadataReader.Found found = MetadataReader.find(prefixOrWhole);
        FileMetadata md = found.metadata();
        if (md.width() != null && md.height() != null) {
            checkDimensions(name, md.width(), md.height(), 1, totalBytes);
        }
        return new ImageHeader(format, totalBytes, md, found.contentId());
    }

    void checkBytes(String name, long totalBytes) {
        if (totalBytes > config.maxBytes()) {
            throw new BadImage(BadImage.Reason.BYTES, name + ": file is too large: expected at most " + config.maxBytes()
                    + " bytes (MAX_BYTES), found " + totalBytes);
        }
    }

    /** Refuses dimensions over the pixel or frame limit, or implausible for the file's size. */
    void checkDimensions(String name, long width, long height, int frames, long totalBytes) {
        if (width < 1 || height < 1) {
            throw new BadImage(BadImage.Reason.DIMENSIONS, name + ": header declares " + width + "x" + height + ": expected positive dimensions");
        }
        long pixels = width * height;
        if (pixels > config.maxPixels()) {
            throw new BadImage(BadImage.Reason.DIMENSIONS, name + ": image is too large: expected at most " + config.maxPixels()
                    + " pixels (MAX_PIXELS), header declares " + width + "x" + height + " = " + pixels);
        }
        if (frames > config.maxFrames()) {
            throw new BadImage(BadImage.Reason.DIMENSIONS, name + ": too many frames: expected at most " + config.maxFrames()
                    + " (MAX_FRAMES), header declares " + frames);
        }
        if (pixels > RATIO_FLOOR_PIXELS && pixels > totalBytes * MAX_PIXELS_PER_BYTE) {
            throw new BadImage(BadImage.Reason.DIMENSIONS, name + ": header declares " + width + "x" + height + " = " + pixels
                    + " pixels in only " + totalBytes + " bytes: expected at most " + MAX_PIXELS_PER_BYTE
                    + " pixels per byte (a decompression bomb or a damaged header)");
        }
    }
}
