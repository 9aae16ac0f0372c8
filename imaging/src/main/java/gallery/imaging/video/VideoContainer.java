package gallery.imaging.video;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The video containers phones and cameras write, recognised by their first bytes: ISO base media
 * (MP4, and QuickTime's MOV, whose {@code ftyp} brand is {@code qt  }) and Matroska (WebM). HEIC and
 * AVIF photos share the ISO container; their brands are images, and {@code ImageFormat} takes them.
 */
public enum VideoContainer {
    MP4("MP4", "mov"),
    QUICKTIME("QuickTime", "mov"),
    MATROSKA("WebM/Matroska", "matroska");

    /** ftyp brands of HEIF/AVIF still images and sequences: photos, not videos. */
    private static final Set<String> IMAGE_BRANDS = Set.of("heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs",
            "mif1", "msf1", "avif", "avis");

    private final String label;
    private final String demuxer;

    VideoContainer(String label, String demuxer) {
        this.label = label;
        this.demuxer = demuxer;
    }

    public String label() {
        return label;
    }

    /** The one ffmpeg demuxer allowed to read this container ({@code -f}): ffmpeg reads MP4 and MOV with one, {@code mov}. */
    public String demuxer() {
        return demuxer;
    }

    /** The container of a file from its first bytes (16 are enough), or empty when it is not a video container. */
    public static Optional<VideoContainer> sniff(byte[] b) {
        if (b.length >= 12 && ascii(b, 4, "ftyp")) {
            String major = new String(b, 8, 4, StandardCharsets.ISO_8859_1);
            if (IMAGE_BRANDS.contains(major)) return Optional.empty();
            return Optional.of(major.equals("qt  ") ? QUICKTIME : MP4);
        }
        if (b.length >= 4 && (b[0] & 0xFF) == 0x1A && (b[1] & 0xFF) == 0x45 && (b[2] & 0xFF) == 0xDF && (b[3] & 0xFF) == 0xA3) {
            return Optional.of(MATROSKA);
        }
        return Optional.empty();
    }

    private static boolean ascii(byte[] b, int off, String s) {
        byte[] e = s.getBytes(StandardCharsets.ISO_8859_1);
        return b.length >= off + e.length && Arrays.equals(b, off, off + e.length, e, 0, e.length);
    }
}
