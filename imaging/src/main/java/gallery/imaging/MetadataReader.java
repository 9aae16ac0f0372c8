package gallery.imaging;

import com.drew.imaging.ImageMetadataReader;
import com.drew.lang.GeoLocation;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.exif.makernotes.AppleMakernoteDirectory;
import com.drew.metadata.gif.GifHeaderDirectory;
import com.drew.metadata.heif.HeifDirectory;
import com.drew.metadata.jpeg.JpegDirectory;
import com.drew.metadata.png.PngDirectory;
import com.drew.metadata.webp.WebpDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Reads {@link FileMetadata} with metadata-extractor. Works on a whole file or on a prefix of it
 * (the ingest Lambda reads only the first few hundred KiB with a ranged GET): it returns whatever
 * the bytes it was given contain, and never throws for a damaged or cut-off header.
 */
public final class MetadataReader {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataReader.class);
    private static final DateTimeFormatter EXIF_DATE = DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss");

    private MetadataReader() {
    }

    /** Metadata found in {@code prefixOrWhole}; {@link FileMetadata#EMPTY} when nothing can be read. */
    public static FileMetadata read(byte[] prefixOrWhole) {
        return find(prefixOrWhole).metadata();
    }

    /**
     * What one parse finds: the metadata, and Apple's content identifier (the maker note's tag 0x11,
     * which ties an iPhone Live Photo's still to its MOV), null when the file has none.
     */
    public record Found(FileMetadata metadata, String contentId) {
    }

    /** {@link #read} and the content identifier, from one parse. */
    public static Found find(byte[] prefixOrWhole) {
        Metadata md = parse(prefixOrWhole);
        if (md == null && prefixOrWhole.length > 4 && (prefixOrWhole[0] & 0xFF) == 0xFF && (prefixOrWhole[1] & 0xFF) == 0xD8) {
            md = parse(JpegSegments.completeHeader(prefixOrWhole));
        }
        String contentId = md == null ? null
                : text(string(md, AppleMakernoteDirectory.class, AppleMakernoteDirectory.TAG_CONTENT_IDENTIFIER));
        return new Found(metadataOf(md, prefixOrWhole), contentId);
    }

    private static FileMetadata metadataOf(Metadata md, byte[] prefixOrWhole) {
        FileMetadata found = md == null ? FileMetadata.EMPTY : from(md);
        if (found.width() == null) {
            // A prefix too short for metadata-extractor (it wants whole chunks) still holds these fixed headers.
            int[] wh = fixedHeaderDimensions(prefixOrWhole);
            if (wh != null) {
                found = new FileMetadata(wh[0], wh[1], found.orientation(), found.takenAt(), found.takenOffset(),
                        found.cameraMake(), found.cameraModel(), found.latitude(), found.longitude());
            }
        }
        return found;
    }

    /** Width and height at fixed offsets: PNG's IHDR (big-endian) and GIF's logical screen (little-endian). */
    static int[] fixedHeaderDimensions(byte[] b) {
        if (b.length >= 24 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
                && b[12] == 'I' && b[13] == 'H' && b[14] == 'D' && b[15] == 'R') {
            long w = ((b[16] & 0xFFL) << 24) | ((b[17] & 0xFFL) << 16) | ((b[18] & 0xFFL) << 8) | (b[19] & 0xFFL);
            long h = ((b[20] & 0xFFL) << 24) | ((b[21] & 0xFFL) << 16) | ((b[22] & 0xFFL) << 8) | (b[23] & 0xFFL);
            if (w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) return new int[]{Integer.MAX_VALUE, Integer.MAX_VALUE};
            return new int[]{(int) w, (int) h};
        }
        if (b.length >= 10 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
            return new int[]{(b[6] & 0xFF) | ((b[7] & 0xFF) << 8), (b[8] & 0xFF) | ((b[9] & 0xFF) << 8)};
        }
        return null;
    }

    private static Metadata parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) return null;
        // PNG's compressed text and profile chunks never reach the parser (PngChunks: zlib bombs).
        byte[] input = PngChunks.forMetadata(bytes);
        try {
            return ImageMetadataReader.readMetadata(new ByteArrayInputStream(input), input.length);
        } catch (Exception | StackOverflowError e) {
            LOG.debug("metadata not readable from {} bytes: {}", bytes.length, e.toString());
            return null;
        } catch (OutOfMemoryError e) {
            // A declared length the parser tried to allocate ("Required array length ... is too large"): the
            // allocation failed, nothing is held. The photo's metadata is unknown; the photo itself may be fine.
            LOG.warn("metadata parser ran out of memory on {} bytes: {}", bytes.length, e.toString());
            return null;
        }
    }

    static FileMetadata from(Metadata md) {
        int orientation = integer(md, ExifIFD0Directory.class, ExifDirectoryBase.TAG_ORIENTATION);
        if (orientation < 1 || orientation > 8) orientation = 1;
        int[] dims = dimensions(md);
        Integer w = dims == null ? null : dims[0];
        Integer h = dims == null ? null : dims[1];
        boolean swap = FileMetadata.swapsAxes(orientation);
        if (md.containsDirectoryOfType(HeifDirectory.class)) {
            // libheif applies the container's rotation (irot) itself; EXIF orientation is informational there.
            int irot = integer(md, HeifDirectory.class, HeifDirectory.TAG_IMAGE_ROTATION);
            swap = irot == 1 || irot == 3 || irot == 90 || irot == 270;
        }
        if (swap && w != null) {
            Integer t = w;
            w = h;
            h = t;
        }
        LocalDateTime taken = date(string(md, ExifSubIFDDirectory.class, ExifDirectoryBase.TAG_DATETIME_ORIGINAL));
        if (taken == null) taken = date(string(md, ExifIFD0Directory.class, ExifDirectoryBase.TAG_DATETIME));
        ZoneOffset offset = offset(string(md, ExifSubIFDDirectory.class, ExifDirectoryBase.TAG_TIME_ZONE_ORIGINAL));
        if (offset == null) offset = offset(string(md, ExifSubIFDDirectory.class, ExifDirectoryBase.TAG_TIME_ZONE));
        String make = text(string(md, ExifIFD0Directory.class, ExifDirectoryBase.TAG_MAKE));
        String model = text(string(md, ExifIFD0Directory.class, ExifDirectoryBase.TAG_MODEL));
        Double lat = null, lon = null;
        for (GpsDirectory gps : md.getDirectoriesOfType(GpsDirectory.class)) {
            GeoLocation g = gps.getGeoLocation();
            if (g != null && !g.isZero() && Math.abs(g.getLatitude()) <= 90 && Math.abs(g.getLongitude()) <= 180) {
                lat = g.getLatitude();
                lon = g.getLongitude();
                break;
            }
        }
        return new FileMetadata(w, h, orientation, taken, taken == null ? null : offset, make, model, lat, lon);
    }

    /** Stored pixel dimensions, from the container's own header first, EXIF's claim last. */
    private static int[] dimensions(Metadata md) {
        List<int[]> tags = List.of(
                new int[]{0, JpegDirectory.TAG_IMAGE_WIDTH, JpegDirectory.TAG_IMAGE_HEIGHT},
                new int[]{1, PngDirectory.TAG_IMAGE_WIDTH, PngDirectory.TAG_IMAGE_HEIGHT},
                new int[]{2, GifHeaderDirectory.TAG_IMAGE_WIDTH, GifHeaderDirectory.TAG_IMAGE_HEIGHT},
                new int[]{3, WebpDirectory.TAG_IMAGE_WIDTH, WebpDirectory.TAG_IMAGE_HEIGHT},
                new int[]{4, HeifDirectory.TAG_IMAGE_WIDTH, HeifDirectory.TAG_IMAGE_HEIGHT},
                new int[]{5, ExifDirectoryBase.TAG_IMAGE_WIDTH, ExifDirectoryBase.TAG_IMAGE_HEIGHT},
                new int[]{6, ExifDirectoryBase.TAG_EXIF_IMAGE_WIDTH, ExifDirectoryBase.TAG_EXIF_IMAGE_HEIGHT});
        List<Class<? extends Directory>> dirs = List.of(JpegDirectory.class, PngDirectory.class, GifHeaderDirectory.class,
                WebpDirectory.class, HeifDirectory.class, ExifIFD0Directory.class, ExifSubIFDDirectory.class);
        for (int[] t : tags) {
            Class<? extends Directory> type = dirs.get(t[0]);
            if (type == ExifIFD0Directory.class && md.containsDirectoryOfType(JpegDirectory.class)) continue;
            int best = 0, bestH = 0;
            // HEIF lists an ispe per item (tiles, thumbnails): the largest is the primary image.
            for (Directory d : md.getDirectoriesOfType(type)) {
                Integer w = d.getInteger(t[1]);
                Integer h = d.getInteger(t[2]);
                if (w != null && h != null && w > 0 && h > 0 && (long) w * h > (long) best * bestH) {
                    best = w;
                    bestH = h;
                }
            }
            if (best > 0) return new int[]{best, bestH};
        }
        return null;
    }

    private static <T extends Directory> String string(Metadata md, Class<T> type, int tag) {
        for (T d : md.getDirectoriesOfType(type)) {
            String s = d.getString(tag);
            if (s != null && !s.isBlank()) return s.trim();
        }
        return null;
    }

    private static <T extends Directory> int integer(Metadata md, Class<T> type, int tag) {
        for (T d : md.getDirectoriesOfType(type)) {
            Integer v = d.getInteger(tag);
            if (v != null) return v;
        }
        return 0;
    }

    private static String text(String s) {
        if (s == null) return null;
        String t = s.replace("\u0000", "").trim();
        return t.isEmpty() ? null : t;
    }

    static LocalDateTime date(String s) {
        if (s == null || s.length() < 19) return null;
        try {
            return LocalDateTime.parse(s.substring(0, 19), EXIF_DATE);
        } catch (DateTimeParseException e) {
            return null; // "0000:00:00 00:00:00" and friends: cameras with an unset clock
        }
    }

    static ZoneOffset offset(String s) {
        if (s == null) return null;
        try {
            return ZoneOffset.of(s.trim());
        } catch (RuntimeException e) {
            return null;
        }
    }
}
