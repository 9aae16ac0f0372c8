package gallery.imaging.video;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.mov.QuickTimeDirectory;
import com.drew.metadata.mov.media.QuickTimeVideoDirectory;
import com.drew.metadata.mov.metadata.QuickTimeMetadataDirectory;
import com.drew.metadata.mp4.Mp4Directory;
import com.drew.metadata.mp4.media.Mp4VideoDirectory;
import gallery.imaging.FileMetadata;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Date;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks a video passes at ingest, from its header only. An MP4 or MOV keeps its index (the
 * {@code moov} box: tracks, duration, dimensions, metadata) at the start or, as phones write it, after
 * the media data at the end; the top-level boxes are walked with small ranged reads and only the
 * {@code moov} box is read whole (bounded), never the media. metadata-extractor reads that box; the
 * sample entries (codecs) and {@code ©xyz} are read here, as it reports neither for HEVC.
 * A truncated file (a box running past the end), a missing {@code moov}, a file without a video
 * track, a too long or too large video are refused with a {@link BadVideo} naming what was found.
 */
public final class VideoGate {
    /** Top-level boxes walked before giving up (a real file has a handful). */
    static final int MAX_TOP_LEVEL_BOXES = 1000;
    /** 1904-01-01, QuickTime's epoch: a zero creation time means "not set". */
    private static final long QUICKTIME_EPOCH_YEAR = 1904;

    private final VideoLimits limits;

    public VideoGate(VideoLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * @param name       the file's name (an object key), for messages
     * @param prefix     the first bytes of the file, as already read
     * @param totalBytes the whole file's size
     * @param more       reads further ranges when the prefix is not enough
     */
    public VideoHeader inspect(String name, byte[] prefix, long totalBytes, ByteRanges more) {
        if (totalBytes == 0 || prefix.length == 0) throw new BadVideo(name + ": file is empty: expected a video");
        VideoContainer container = VideoContainer.sniff(prefix)
                .orElseThrow(() -> new BadVideo(name + ": not a video container: expected MP4, QuickTime or WebM/Matroska"));
        if (totalBytes > limits.maxBytes()) {
            throw new BadVideo(name + ": video is too large: expected at most " + limits.maxBytes() + " bytes (MAX_VIDEO_MIB), found " + totalBytes);
        }
        if (container == VideoContainer.MATROSKA) return matroska(name, prefix);
        Reader reader = new Reader(prefix, more);
        byte[] ftyp = null;
        byte[] moov = null;
        long off = 0;
        for (int boxes = 0; off < totalBytes; boxes++) {
            if (boxes >= MAX_TOP_LEVEL_BOXES) throw new BadVideo(name + ": more than " + MAX_TOP_LEVEL_BOXES + " top-level boxes: not a video file");
            if (totalBytes - off < 8) throw new BadVideo(name + ": " + (totalBytes - off) + " stray bytes at offset " + off + ": the file is truncated or damaged");
            byte[] h = reader.read(off, 16);
            long size = u32(h, 0);
            String type = new String(h, 4, 4, StandardCharsets.ISO_8859_1);
            int header = 8;
            if (size == 1) {
                if (h.length < 16) throw new BadVideo(name + ": box '" + printable(type) + "' at offset " + off + " is cut off: the file is truncated");
                size = u64(h, 8);
                header = 16;
            } else if (size == 0) {
                size = totalBytes - off; // "extends to the end of the file"
            }
            if (size < header || !printable(type).equals(type)) {
                throw new BadVideo(name + ": box at offset " + off + " is not valid (type '" + printable(type) + "', size " + size
                        + "): the file is damaged or not the " + container.label() + " video its header claims");
            }
            if (off + size > totalBytes) {
                throw new BadVideo(name + ": the '" + type + "' box at offset " + off + " declares " + size + " bytes but the file ends after "
                        + (totalBytes - off) + ": the file is truncated (an interrupted upload or copy)");
            }
            if (type.equals("ftyp")) ftyp = reader.read(off, (int) Math.min(size, 4096));
            if (type.equals("moov")) {
                if (size > limits.maxIndexBytes()) {
                    throw new BadVideo(name + ": its index (moov box) is " + size + " bytes: expected at most " + limits.maxIndexBytes());
                }
                moov = reader.read(off, (int) size);
            }
            off += size;
        }
        if (moov == null) {
            throw new BadVideo(name + ": no movie index (moov box) in " + totalBytes + " bytes: the file is truncated, or is not the "
                    + container.label() + " video its header claims");
        }
        return fromMoov(name, container, ftyp, moov);
    }

    private VideoHeader fromMoov(String name, VideoContainer container, byte[] ftyp, byte[] moov) {
        Tracks tracks = Tracks.of(moov);
        if (tracks.video() == null) {
            String what = tracks.audio() != null ? "only sound (" + tracks.audio() + ")" : "no video track";
            throw new BadVideo(name + ": the file has " + what + ": expected a video with a picture");
        }
        Metadata md = metadataOf(name, ftyp, moov);
        Integer width = null, height = null;
        Long duration = null;
        int rotation = 0;
        Date created = null;
        for (Directory d : md.getDirectories()) {
            // The media directories extend these; only the movie header's own directory is meant here.
            if (d.getClass() == Mp4Directory.class || d.getClass() == QuickTimeDirectory.class) {
                int scaleTag = d instanceof Mp4Directory ? Mp4Directory.TAG_TIME_SCALE : QuickTimeDirectory.TAG_TIME_SCALE;
                int durationTag = d instanceof Mp4Directory ? Mp4Directory.TAG_DURATION : QuickTimeDirectory.TAG_DURATION;
                int rotationTag = d instanceof Mp4Directory ? Mp4Directory.TAG_ROTATION : QuickTimeDirectory.TAG_ROTATION;
                int createdTag = d instanceof Mp4Directory ? Mp4Directory.TAG_CREATION_TIME : QuickTimeDirectory.TAG_CREATION_TIME;
                Long scale = longOf(d, scaleTag);
                Long units = longOf(d, durationTag);
                if (scale != null && scale > 0 && units != null) duration = units * 1000 / scale;
                Double r = doubleOf(d, rotationTag);
                if (r != null) rotation = Math.floorMod((int) Math.round(r), 360);
                created = d.getDate(createdTag);
            } else if (d instanceof Mp4VideoDirectory && width == null) {
                width = intOf(d, Mp4VideoDirectory.TAG_WIDTH);
                height = intOf(d, Mp4VideoDirectory.TAG_HEIGHT);
            } else if (d instanceof QuickTimeVideoDirectory && width == null) {
                width = intOf(d, QuickTimeVideoDirectory.TAG_WIDTH);
                height = intOf(d, QuickTimeVideoDirectory.TAG_HEIGHT);
            }
        }
        if (width != null && height != null) {
            if (width < 1 || height < 1 || Math.max(width, height) > limits.maxLongEdge()) {
                throw new BadVideo(name + ": the video track declares " + width + "x" + height + ": expected 1.." + limits.maxLongEdge() + " pixels a side");
            }
            if (rotation == 90 || rotation == 270) {
                int w = width;
                width = height;
                height = w;
            }
        }
        if (duration != null && duration > limits.maxSeconds() * 1000L) {
            throw tooLong(name, duration, limits);
        }
        QuickTimeMetadataDirectory keys = md.getFirstDirectoryOfType(QuickTimeMetadataDirectory.class);
        LocalDateTime takenAt = null;
        ZoneOffset offset = null;
        String make = null, model = null;
        double[] location = null;
        String contentId = null;
        if (keys != null) {
            contentId = blankToNull(keys.getString(QuickTimeMetadataDirectory.TAG_CONTENT_IDENTIFIER));
            OffsetDateTime local = appleDate(keys.getString(QuickTimeMetadataDirectory.TAG_CREATION_DATE));
            if (local != null) {
                takenAt = local.toLocalDateTime();
                offset = local.getOffset();
            }
            make = blankToNull(keys.getString(QuickTimeMetadataDirectory.TAG_MAKE));
            model = blankToNull(keys.getString(QuickTimeMetadataDirectory.TAG_MODEL));
            location = iso6709(keys.getString(QuickTimeMetadataDirectory.TAG_LOCATION_ISO6709));
        }
        if (takenAt == null && created != null && created.toInstant().atOffset(ZoneOffset.UTC).getYear() > QUICKTIME_EPOCH_YEAR + 66) {
            // The movie header's creation time is UTC (ISO 14496-12 §8.2.2); phones without the Apple key set it.
            takenAt = LocalDateTime.ofInstant(created.toInstant(), ZoneOffset.UTC);
            offset = ZoneOffset.UTC;
        }
        if (location == null) location = iso6709(tracks.xyz());
        FileMetadata photo = new FileMetadata(width, height, 1, takenAt, offset, make, model,
                location == null ? null : location[0], location == null ? null : location[1]);
        return new VideoHeader(container, photo, duration, rotation, tracks.video(), tracks.audio(), contentId);
    }

    /** The refusal of a video longer than the lane takes; the worker says the same after ffprobe. */
    public static BadVideo tooLong(String name, long durationMillis, VideoLimits limits) {
        return new BadVideo(name + ": the video is " + seconds(durationMillis) + " long: videos longer than " + limits.maxSeconds()
                + " s (MAX_VIDEO_SECONDS) are not transcoded here; docs/deploy.md says how to send them to MediaConvert");
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static VideoHeader matroska(String name, byte[] prefix) {
        // The EBML header's DocType says which Matroska this is; tracks and duration are left to ffprobe.
        String head = new String(prefix, 0, Math.min(prefix.length, 64), StandardCharsets.ISO_8859_1);
        if (!head.contains("webm") && !head.contains("matroska")) {
            throw new BadVideo(name + ": an EBML file that is neither WebM nor Matroska: expected a video");
        }
        return new VideoHeader(VideoContainer.MATROSKA, FileMetadata.EMPTY, null, 0, null, null, null);
    }

    private static Metadata metadataOf(String name, byte[] ftyp, byte[] moov) {
        // metadata-extractor reads a stream box by box; the ftyp (which picks its MP4 or QuickTime
        // reader) and the moov are all it needs, so it gets those two and never the media data.
        ByteArrayOutputStream both = new ByteArrayOutputStream(moov.length + (ftyp == null ? 0 : ftyp.length));
        if (ftyp != null) both.writeBytes(ftyp);
        both.writeBytes(moov);
        try {
            return ImageMetadataReader.readMetadata(new ByteArrayInputStream(both.toByteArray()));
        } catch (Exception | StackOverflowError e) {
            throw new BadVideo(name + ": its index (moov box) cannot be read: " + e.getMessage());
        }
    }

    private static final DateTimeFormatter APPLE_DATE = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendPattern("[XXX][XX][X]")
            .toFormatter();

    /** {@code com.apple.quicktime.creationdate}: local time with its offset, e.g. {@code 2024-07-14T11:21:07+0200}. */
    static OffsetDateTime appleDate(String s) {
        if (s == null || s.isBlank()) return null;
        try {
            return OffsetDateTime.parse(s.trim(), APPLE_DATE);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static final Pattern ISO6709 = Pattern.compile("([+-]\\d+(?:\\.\\d+)?)([+-]\\d+(?:\\.\\d+)?)");

    /** Latitude and longitude in decimal degrees from ISO 6709 ({@code +48.8584+002.2945+035.000/}). */
    static double[] iso6709(String s) {
        if (s == null) return null;
        Matcher m = ISO6709.matcher(s.trim());
        if (!m.lookingAt()) return null;
        double lat = Double.parseDouble(m.group(1));
        double lon = Double.parseDouble(m.group(2));
        if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
        return new double[]{lat, lon};
    }

    /** Reads from the prefix when it holds the range, else asks {@link ByteRanges}. */
    private record Reader(byte[] prefix, ByteRanges more) {
        byte[] read(long offset, int length) {
            if (offset + length <= prefix.length) return java.util.Arrays.copyOfRange(prefix, (int) offset, (int) offset + length);
            return more.read(offset, length);
        }
    }

    static long u32(byte[] b, int off) {
        return ((b[off] & 0xFFL) << 24) | ((b[off + 1] & 0xFFL) << 16) | ((b[off + 2] & 0xFFL) << 8) | (b[off + 3] & 0xFFL);
    }

    static long u64(byte[] b, int off) {
        return (u32(b, off) << 32) | u32(b, off + 4);
    }

    private static String printable(String type) {
        StringBuilder sb = new StringBuilder();
        for (char c : type.toCharArray()) sb.append(c >= 0x20 && c < 0x7F || c == 0xA9 ? c : '?');
        return sb.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static Long longOf(Directory d, int tag) {
        Object o = d.getObject(tag);
        return o instanceof Number n ? n.longValue() : null;
    }

    private static Integer intOf(Directory d, int tag) {
        Object o = d.getObject(tag);
        return o instanceof Number n ? n.intValue() : null;
    }

    private static Double doubleOf(Directory d, int tag) {
        Object o = d.getObject(tag);
        return o instanceof Number n ? n.doubleValue() : null;
    }
}
