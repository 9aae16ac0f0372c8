package gallery.api;

import gallery.core.PhotoVersion;
import gallery.core.RenditionKey;
import gallery.core.UrlPaths;
import gallery.core.VideoCopyKey;
import gallery.core.edge.AccessLabels;
import gallery.index.AlbumSummary;
import gallery.index.PhotoDate;
import gallery.index.PhotoRow;
import gallery.core.Rendition;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The API's JSON shapes (docs/architecture.md, "API") and the mapping from index rows to them.
 * Every URL is {@code /} + an object key (CloudFront hands the path to S3 as the key), percent-encoded
 * per segment, plus {@code ?v=<version>} so a replaced original never shows its predecessor's cached
 * renditions: {@code /photos/a/b.jpg?v=..}, {@code /renditions/640/photos/a/b.jpg.webp?v=..}.
 */
final class PhotoJson {
    /** The resizer's URL template; the browser fills in the box it wants and the resizer snaps it. */
    static final String RESIZE_TEMPLATE = "{w}x{h}";

    /**
     * {@code takenAt} is what the camera wrote (null when nothing); {@code date} is the local date-time the
     * photo is sorted and grouped by ({@link gallery.index.PhotoDate}), and {@code dateSource} says whether
     * it is the camera's ({@code camera}) or a guess ({@code fileName}, {@code upload}).
     * @param kind     {@code photo} or {@code video}; a video's renditions, placeholder and size are its poster frame's
     * @param duration a video's length in seconds (null for a photo)
     * @param video    what a browser plays: the web-playable copy ({@code /renditions/video/<key>.mp4?v=..}), null until it exists
     * @param motion   a Live Photo's motion: its MOV's web-playable copy ({@code /renditions/video/<MOV key>.mp4?v=<MOV version>}),
     *                 null for any other photo and until the copy exists
     * @param uploader who added it ({@link gallery.core.Uploader}: {@code member:<email>}, {@code backup-key:<email>},
     *                 {@code admin} or {@code unknown}); null for photos indexed before uploaders were recorded
     */
    record Photo(String key, String album, String status, Integer width, Integer height, String takenAt,
                 String date, String dateSource,
                 String camera, String placeholder, String version, List<RenditionUrl> renditions,
                 String original, String resize, Location location, String kind, Double duration, String video, String motion,
                 String uploader) {
    }

    record RenditionUrl(int size, int width, int height, String url) {
    }

    record Location(double latitude, double longitude) {
    }

    /** {@code from}/{@code to}: local date-times of the album's first and last camera dates; guesses never count. */
    record Album(String name, long count, Photo cover, String from, String to) {
    }

    record Failed(String key, String album, String reason, String updatedAt) {
    }

    record Me(String username, String name, String email, boolean admin) {
    }

    private PhotoJson() {
    }

    static Photo photo(PhotoRow row, boolean showGps) {
        return photo(row, showGps, AccessLabels.EVERYONE, null);
    }

    /**
     * @param label  the access label of the photo's album for this caller ({@link AccessLabels}): every
     *               protected URL carries it after its prefix, and the edge checks it against the album
     * @param motion the row of the still's Live Photo MOV, when it is paired with it and ready (else null)
     */
    static Photo photo(PhotoRow row, boolean showGps, String label, PhotoRow motion) {
        String key = row.key().value();
        String encoded = UrlPaths.encodeKey(key);
        String v = PhotoVersion.of(row.version().eTag());
        String query = v.isEmpty() ? "" : "?v=" + v;
        List<RenditionUrl> renditions = row.rendering().renditions().stream()
                .map(r -> new RenditionUrl(r.size(), r.width(), r.height(), AccessLabels.labelled(renditionUrl(row, r, query), label)))
                .toList();
        PhotoDate date = row.date();
        Location location = showGps && row.metadata().latitude() != null && row.metadata().longitude() != null
                ? new Location(row.metadata().latitude(), row.metadata().longitude()) : null;
        Double duration = row.isVideo() ? row.video().durationMillis() / 1000.0 : null;
        String video = row.isVideo() ? copyUrl(row, label) : null;
        String motionUrl = motion != null && !row.isVideo() ? copyUrl(motion, label) : null;
        return new Photo(key, row.album(), row.status().name().toLowerCase(Locale.ROOT), row.metadata().width(), row.metadata().height(),
                row.metadata().takenAt() == null ? null : row.metadata().takenAt().toString(), local(date.local()), source(date.source()),
                camera(row.metadata().cameraMake(), row.metadata().cameraModel()),
                row.rendering().placeholder(), v, renditions, AccessLabels.labelled("/" + encoded + query, label),
                AccessLabels.labelled("/resize/" + RESIZE_TEMPLATE + "/" + encoded + query, label), location,
                row.isVideo() ? "video" : "photo", duration, video, motionUrl, row.uploader());
    }

    /**
     * A video's web-playable copy, under its own version and the album's label (a Live Photo's MOV is in
     * its still's folder, so the still's label serves); null until the worker made it.
     */
    private static String copyUrl(PhotoRow video, String label) {
        if (video.video() == null || video.video().copyBytes() <= 0) return null;
        String v = PhotoVersion.of(video.version().eTag());
        return AccessLabels.labelled("/" + UrlPaths.encodeKey(new VideoCopyKey(video.key()).value()) + (v.isEmpty() ? "" : "?v=" + v), label);
    }

    /**
     * The photo as a share link's visitor sees it: never who added it (a member's e-mail address is not
     * for whoever holds the link), and the original's URL only when the link allows downloads.
     */
    static Photo shared(Photo p, boolean downloads) {
        return new Photo(p.key(), p.album(), p.status(), p.width(), p.height(), p.takenAt(), p.date(), p.dateSource(), p.camera(),
                p.placeholder(), p.version(), p.renditions(), downloads ? p.original() : null, p.resize(), p.location(), p.kind(),
                p.duration(), p.video(), p.motion(), null);
    }

    static Album album(AlbumSummary a, boolean showGps) {
        return album(a, showGps, AccessLabels.EVERYONE);
    }

    static Album album(AlbumSummary a, boolean showGps, String label) {
        return new Album(a.name(), a.count(), a.cover() == null ? null : photo(a.cover(), showGps, label, null),
                local(a.from()), local(a.to()));
    }

    static Failed failed(PhotoRow row) {
        return new Failed(row.key().value(), row.album(), row.state().failureReason(),
                row.state().updatedAt() == null ? null : row.state().updatedAt().toString());
    }

    /** {@code 2024-06-30T23:30:00}: the wall-clock time as the camera wrote it, no zone, always with seconds. */
    static String local(LocalDateTime t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    }

    static String source(PhotoDate.Source source) {
        return switch (source) {
            case CAMERA -> "camera";
            case FILE_NAME -> "fileName";
            case UPLOAD -> "upload";
        };
    }

    /** {@code Canon} + {@code Canon EOS R6} reads as {@code Canon EOS R6}, not {@code Canon Canon EOS R6}. */
    static String camera(String make, String model) {
        String mk = make == null ? "" : make.trim();
        String md = model == null ? "" : model.trim();
        if (mk.isEmpty()) return md.isEmpty() ? null : md;
        if (md.isEmpty()) return mk;
        if (md.toLowerCase(Locale.ROOT).startsWith(mk.toLowerCase(Locale.ROOT))) return md;
        return mk + " " + md;
    }

    private static String renditionUrl(PhotoRow row, Rendition r, String query) {
        RenditionKey k = new RenditionKey(r.size(), row.key(), r.format());
        return "/" + UrlPaths.encodeKey(k.value()) + query;
    }
}
