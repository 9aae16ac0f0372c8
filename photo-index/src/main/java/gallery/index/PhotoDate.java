package gallery.index;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule for a photo's date: the day and month a photo belongs to are the <em>local time the
 * camera wrote</em> ("taken on 30 June" means the camera's 30 June, wherever the viewer is). Albums,
 * the timeline, month groups and album date ranges all sort by {@link #local}; {@link #instant}, the
 * moment in UTC, only breaks ties between photos with the same local time.
 *
 * <p>A photo without a date in its metadata takes the best guess there is: a date in its file name
 * ({@code IMG_20240630_123456.jpg}, {@code PXL_20240630_123456789.jpg}, {@code 20240630_123456.jpg},
 * {@code IMG-20240630-WA0001.jpg}, {@code 2024-06-30 12.34.56.jpg}), else the time S3 stored the
 * upload. A guess is labelled as such in the UI and never widens an album's date range.
 *
 * @param local   the wall-clock time the photo is shown, sorted and grouped by
 * @param instant the moment (UTC); for a guess without a zone, the local time read as UTC
 * @param source  where the date comes from
 */
public record PhotoDate(LocalDateTime local, Instant instant, Source source) {
    public enum Source {
        /** The photo's metadata (EXIF DateTimeOriginal, else DateTime). */
        CAMERA,
        /** A date in the file name: a guess. */
        FILE_NAME,
        /** When the original was uploaded: a guess. */
        UPLOAD
    }

    /** Fixed width, so string order is time order in sort keys. */
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /*
     * A date, then optionally a time, not inside a longer run of digits. Phones write
     * yyyyMMdd_HHmmss (Android, Samsung, Pixel's PXL_ which adds milliseconds), WhatsApp
     * IMG-yyyyMMdd-WAnnnn, Dropbox and macOS "yyyy-MM-dd HH.mm.ss". Pixel's names are in UTC, not
     * local time; for a guess that is close enough (it moves the date only around midnight).
     */
    private static final Pattern IN_NAME = Pattern.compile(
            "(?<!\\d)((?:19|20)\\d\\d)([-_.]?)(\\d\\d)\\2(\\d\\d)"
                    + "(?:[ _T.-]{1,3}(\\d\\d)[-_.:h]?(\\d\\d)[-_.:m]?(\\d\\d)\\d{0,3})?(?!\\d)");

    public PhotoDate {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(instant, "instant");
        Objects.requireNonNull(source, "source");
    }

    /**
     * The date of a photo from what the index knows: the camera's date (with its offset, or read as
     * UTC when the file records none), else the file name's, else the upload time (at UTC, as the
     * family's zone is unknown), else the epoch.
     */
    public static PhotoDate of(OffsetDateTime takenAt, String fileName, Instant uploadedAt) {
        if (takenAt != null) return new PhotoDate(takenAt.toLocalDateTime(), takenAt.toInstant(), Source.CAMERA);
        Optional<LocalDateTime> named = fromFileName(fileName);
        if (named.isPresent()) return new PhotoDate(named.get(), named.get().toInstant(ZoneOffset.UTC), Source.FILE_NAME);
        Instant at = uploadedAt != null ? uploadedAt : Instant.EPOCH;
        return new PhotoDate(LocalDateTime.ofInstant(at, ZoneOffset.UTC), at, Source.UPLOAD);
    }

    /** The date and time a file name carries, if any (a valid calendar date; the time when present). */
    public static Optional<LocalDateTime> fromFileName(String fileName) {
        if (fileName == null) return Optional.empty();
        Matcher m = IN_NAME.matcher(fileName);
        while (m.find()) {
            try {
                int year = Integer.parseInt(m.group(1));
                int month = Integer.parseInt(m.group(3));
                int day = Integer.parseInt(m.group(4));
                // A date without a time is placed at noon, the hour least likely to change the day anywhere.
                LocalDateTime at = m.group(5) == null
                        ? LocalDateTime.of(year, month, day, 12, 0)
                        : LocalDateTime.of(year, month, day, Integer.parseInt(m.group(5)),
                        Integer.parseInt(m.group(6)), Integer.parseInt(m.group(7)));
                return Optional.of(at);
            } catch (DateTimeException notADate) {
                // 20241399 or 25:61:00: a number that only looks like a date; try the next match.
            }
        }
        return Optional.empty();
    }

    public boolean guessed() {
        return source != Source.CAMERA;
    }

    /** {@code <local>#<instant>}: fixed width, so string order is local-time order, then UTC order. */
    public String sortKey() {
        return LOCAL.format(local) + "#" + UTC.format(instant);
    }
}
