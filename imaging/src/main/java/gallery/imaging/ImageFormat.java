package gallery.imaging;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The input formats this system accepts, recognised by their first bytes only (the name and the
 * declared content type of an upload are not trusted). Anything else is refused before libvips
 * sees it, which keeps libvips' many other loaders (SVG, PDF, matrix, raw formats...) unreachable.
 */
public enum ImageFormat {
    JPEG("JPEG", "jpegload_buffer"),
    PNG("PNG", "pngload_buffer"),
    WEBP("WebP", "webpload_buffer"),
    GIF("GIF", "gifload_buffer"),
    TIFF("TIFF", "tiffload_buffer"),
    HEIC("HEIC/HEIF", "heifload_buffer"),
    AVIF("AVIF", "heifload_buffer");

    /** Bytes needed to recognise every format (an ISO-BMFF ftyp box with a few compatible brands). */
    public static final int SNIFF_BYTES = 64;
    static final String ALLOWED = "JPEG, PNG, WebP, GIF, TIFF, HEIC/HEIF or AVIF";

    private final String label;
    private final String loader;

    ImageFormat(String label, String loader) {
        this.label = label;
        this.loader = loader;
    }

    /** Human name, e.g. {@code HEIC/HEIF}. */
    public String label() {
        return label;
    }

    /** The libvips buffer loader that decodes this format. */
    public String loader() {
        return loader;
    }

    /**
     * Recognises the format from the first bytes of a file.
     *
     * @param name  the input's name, for the message
     * @param bytes the file or a prefix of it ({@link #SNIFF_BYTES} is enough)
     * @throws BadImage when the bytes are empty or not one of the allowed formats, naming what they look like
     */
    public static ImageFormat sniff(String name, byte[] bytes) {
        if (bytes.length == 0) throw new BadImage(BadImage.Reason.EMPTY, name + ": file is empty: expected " + ALLOWED);
        if (starts(bytes, 0, 0xFF, 0xD8, 0xFF)) return JPEG;
        if (starts(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return PNG;
        if (ascii(bytes, 0, "GIF87a") || ascii(bytes, 0, "GIF89a")) return GIF;
        if (ascii(bytes, 0, "RIFF") && ascii(bytes, 8, "WEBP")) return WEBP;
        if (starts(bytes, 0, 'I', 'I', 42, 0) || starts(bytes, 0, 'M', 'M', 0, 42)
                || starts(bytes, 0, 'I', 'I', 43, 0) || starts(bytes, 0, 'M', 'M', 0, 43)) return TIFF;
        if (ascii(bytes, 4, "ftyp")) {
            ImageFormat f = isoBrand(bytes);
            if (f != null) return f;
        }
        throw new BadImage(BadImage.Reason.TYPE, name + ": not an allowed image type: expected " + ALLOWED + ", found " + describe(bytes));
    }

    /** HEIF and AVIF share the ISO-BMFF container; the major or a compatible brand tells them apart. */
    private static ImageFormat isoBrand(byte[] b) {
        if (b.length < 12) return null;
        String major = new String(b, 8, 4, StandardCharsets.ISO_8859_1);
        if (isAvif(major)) return AVIF;
        if (isHeic(major)) return HEIC;
        if (!major.equals("mif1") && !major.equals("msf1")) return null;
        long boxSize = ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
        int end = (int) Math.min(b.length, boxSize);
        for (int off = 16; off + 4 <= end; off += 4) {
            String brand = new String(b, off, 4, StandardCharsets.ISO_8859_1);
            if (isAvif(brand)) return AVIF;
        }
        return HEIC; // a generic HEIF still image; libheif decides whether it can decode the codec inside
    }

    private static boolean isAvif(String brand) {
        return brand.equals("avif") || brand.equals("avis");
    }

    private static boolean isHeic(String brand) {
        return switch (brand) {
            case "heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs" -> true;
            default -> false;
        };
    }

    /** What unrecognised bytes look like, so a refusal says more than "unknown". */
    static String describe(byte[] b) {
        String head = new String(b, 0, Math.min(b.length, 512), StandardCharsets.ISO_8859_1).stripLeading()
                .toLowerCase(Locale.ROOT);
        String kind;
        if (head.startsWith("%pdf")) kind = "a PDF document";
        else if (head.startsWith("<svg") || (head.startsWith("<?xml") && head.contains("<svg"))) kind = "an SVG image";
        else if (head.startsWith("<!doctype html") || head.startsWith("<html") || head.startsWith("<head")
                || head.startsWith("<body")) kind = "an HTML document";
        else if (head.startsWith("<?xml")) kind = "an XML document";
        else if (starts(b, 0, 'P', 'K', 3, 4)) kind = "a ZIP archive";
        else if (starts(b, 0, 'B', 'M')) kind = "a BMP image (not allowed)";
        else if (starts(b, 0, 0x1F, 0x8B)) kind = "gzip data";
        else if (ascii(b, 4, "ftyp")) kind = "an ISO media file of brand '" + new String(b, 8, Math.min(4, b.length - 8), StandardCharsets.ISO_8859_1) + "' (video?)";
        else kind = "unrecognised data";
        return kind + " (first bytes " + hex(b, 8) + ")";
    }

    static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(n, b.length); i++) {
            if (i > 0) sb.append(' ');
            sb.append(String.format("%02x", b[i] & 0xFF));
        }
        return sb.toString();
    }

    private static boolean starts(byte[] b, int off, int... expected) {
        if (b.length < off + expected.length) return false;
        for (int i = 0; i < expected.length; i++) if ((b[off + i] & 0xFF) != (expected[i] & 0xFF)) return false;
        return true;
    }

    private static boolean ascii(byte[] b, int off, String s) {
        byte[] e = s.getBytes(StandardCharsets.ISO_8859_1);
        return b.length >= off + e.length && Arrays.equals(b, off, off + e.length, e, 0, e.length);
    }
}
