package gallery.index;

import gallery.core.PhotoMetadata;
import gallery.core.Rendition;
import gallery.core.PhotoKey;
import gallery.core.preset.OutputFormat;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static gallery.index.PhotoTable.*;

/** Photo rows to DynamoDB items and back. */
final class Items {
    /** Fixed width, so string order is time order in sort keys. */
    private static final DateTimeFormatter SORTABLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Items() {
    }

    static Map<String, AttributeValue> photoKey(PhotoKey key) {
        return Map.of(PK, s(PHOTO_PREFIX + key.value()), SK, s(PHOTO_SK));
    }

    static String albumPk(String album) {
        return ALBUM_PREFIX + album;
    }

    static Map<String, AttributeValue> summaryKey(String album) {
        return Map.of(PK, s(ALBUMS_PK), SK, s(ALBUM_PREFIX + album));
    }

    static String sortable(Instant instant) {
        return SORTABLE.format(instant);
    }

    static String datedPk(String album) {
        return DATED_PREFIX + album;
    }

    static String entrySk(PhotoRow row) {
        // Within DynamoDB's 1,024 bytes for a sort key even for the longest photo key.
        return gallery.core.KeyBytes.fit(row.date().sortKey() + "#", row.key().value(), "");
    }

    /** The sort key an item's album entry was written under: as recorded, else by the rule before {@link PhotoDate}. */
    static String writtenEntrySk(Map<String, AttributeValue> item, PhotoRow row) {
        String recorded = str(item, ENTRY_SK);
        if (recorded != null) return recorded;
        Instant taken = row.metadata().takenAt() == null ? null : row.metadata().takenAt().toInstant();
        Instant legacy = taken != null ? taken : row.version().uploadedAt() != null ? row.version().uploadedAt() : Instant.EPOCH;
        return sortKey(legacy, row.key());
    }

    /** The local date at the start of a sort key ({@code uuuu-MM-ddTHH:mm:ss.SSS#...}). */
    static java.time.LocalDateTime localOf(String sortKey) {
        return java.time.LocalDateTime.parse(sortKey.substring(0, sortKey.indexOf('#')));
    }

    /** {@code <instant>#<key>}, within DynamoDB's 1,024 bytes for a sort key even for the longest photo key. */
    static String sortKey(Instant instant, PhotoKey key) {
        return gallery.core.KeyBytes.fit(sortable(instant) + "#", key.value(), "");
    }

    /** The row's attributes, without keys. */
    static Map<String, AttributeValue> attributes(PhotoRow row) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(KEY, s(row.key().value()));
        m.put(ALBUM, s(row.album()));
        PhotoRow.State state = row.state();
        m.put(STATUS, s(state.status().name()));
        put(m, REASON, state.failureReason());
        if (state.updatedAt() != null) m.put(UPDATED_AT, s(state.updatedAt().toString()));
        PhotoRow.Version version = row.version();
        put(m, ETAG, version.eTag());
        put(m, VERSION_ID, version.versionId());
        put(m, SEQUENCER, version.sequencer());
        m.put(BYTES, n(version.bytes()));
        if (version.uploadedAt() != null) m.put(UPLOADED_AT, s(version.uploadedAt().toString()));
        PhotoMetadata md = row.metadata();
        put(m, WIDTH, md.width());
        put(m, HEIGHT, md.height());
        if (md.takenAt() != null) m.put(TAKEN_AT, s(md.takenAt().toString()));
        put(m, CAMERA_MAKE, md.cameraMake());
        put(m, CAMERA_MODEL, md.cameraModel());
        if (md.latitude() != null) m.put(LATITUDE, n(md.latitude()));
        if (md.longitude() != null) m.put(LONGITUDE, n(md.longitude()));
        PhotoRow.Rendering rendering = row.rendering();
        put(m, PLACEHOLDER, rendering.placeholder());
        put(m, PRESET, rendering.presetName());
        put(m, PRESET_VERSION, rendering.presetVersion());
        List<AttributeValue> renditions = new ArrayList<>();
        for (Rendition r : rendering.renditions()) {
            renditions.add(AttributeValue.fromM(Map.of(
                    "size", n(r.size()), WIDTH, n(r.width()), HEIGHT, n(r.height()),
                    "format", s(r.format().name()), BYTES, n(r.bytes()))));
        }
        m.put(RENDITIONS, AttributeValue.fromL(renditions));
        if (row.video() != null) {
            Video v = row.video();
            Map<String, AttributeValue> video = new HashMap<>();
            video.put("durationMs", n(v.durationMillis()));
            if (v.codec() != null) video.put("codec", s(v.codec()));
            video.put("plays", AttributeValue.fromBool(v.playsInBrowser()));
            video.put("copyBytes", n(v.copyBytes()));
            m.put(VIDEO, AttributeValue.fromM(video));
        }
        if (row.live() != null) {
            Map<String, AttributeValue> live = new HashMap<>();
            if (row.live().contentId() != null) live.put("contentId", s(row.live().contentId()));
            if (row.live().pair() != null) live.put("pair", s(row.live().pair()));
            m.put(LIVE, AttributeValue.fromM(live));
        }
        put(m, UPLOADER, row.uploader());
        return m;
    }

    static PhotoRow row(Map<String, AttributeValue> m) {
        List<Rendition> renditions = new ArrayList<>();
        AttributeValue list = m.get(RENDITIONS);
        if (list != null && list.hasL()) {
            for (AttributeValue v : list.l()) {
                Map<String, AttributeValue> r = v.m();
                renditions.add(new Rendition(intOf(r.get("size")), intOf(r.get(WIDTH)), intOf(r.get(HEIGHT)),
                        OutputFormat.valueOf(r.get("format").s()), Long.parseLong(r.get(BYTES).n())));
            }
        }
        return new PhotoRow(
                new PhotoKey(str(m, KEY)),
                str(m, ALBUM),
                new PhotoRow.Version(str(m, ETAG), str(m, VERSION_ID), str(m, SEQUENCER),
                        m.containsKey(BYTES) ? Long.parseLong(m.get(BYTES).n()) : 0L, instant(m, UPLOADED_AT)),
                new PhotoRow.State(PhotoStatus.valueOf(str(m, STATUS)), str(m, REASON), instant(m, UPDATED_AT)),
                new PhotoMetadata(integer(m, WIDTH), integer(m, HEIGHT),
                        m.containsKey(TAKEN_AT) ? OffsetDateTime.parse(str(m, TAKEN_AT)) : null,
                        str(m, CAMERA_MAKE), str(m, CAMERA_MODEL), decimal(m, LATITUDE), decimal(m, LONGITUDE)),
                new PhotoRow.Rendering(str(m, PLACEHOLDER), str(m, PRESET), integer(m, PRESET_VERSION), renditions),
                video(m.get(VIDEO)),
                live(m.get(LIVE)),
                str(m, UPLOADER));
    }

    private static Instant instant(Map<String, AttributeValue> m, String name) {
        return m.containsKey(name) ? Instant.parse(str(m, name)) : null;
    }

    private static LivePhoto live(AttributeValue v) {
        if (v == null || !v.hasM()) return null;
        return LivePhoto.of(str(v.m(), "contentId"), str(v.m(), "pair"));
    }

    private static Video video(AttributeValue v) {
        if (v == null || !v.hasM()) return null;
        Map<String, AttributeValue> m = v.m();
        return new Video(longOf(m, "durationMs", 0), str(m, "codec"),
                m.get("plays") != null && Boolean.TRUE.equals(m.get("plays").bool()), longOf(m, "copyBytes", 0));
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    static AttributeValue n(double v) {
        return AttributeValue.fromN(Double.toString(v));
    }

    static String str(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m.get(name);
        return v == null ? null : v.s();
    }

    /** A string set attribute; empty when absent (DynamoDB has no empty sets). */
    static java.util.Set<String> strings(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m == null ? null : m.get(name);
        return v == null || !v.hasSs() ? new java.util.TreeSet<>() : new java.util.TreeSet<>(v.ss());
    }

    static void putStrings(Map<String, AttributeValue> m, String name, java.util.Collection<String> values) {
        if (values.isEmpty()) m.remove(name);
        else m.put(name, AttributeValue.fromSs(List.copyOf(values)));
    }

    static long longOf(Map<String, AttributeValue> m, String name, long fallback) {
        AttributeValue v = m.get(name);
        return v == null || v.n() == null ? fallback : Long.parseLong(v.n());
    }

    private static Integer integer(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m.get(name);
        return v == null || v.n() == null ? null : Integer.valueOf(v.n());
    }

    private static Double decimal(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m.get(name);
        return v == null || v.n() == null ? null : Double.valueOf(v.n());
    }

    private static int intOf(AttributeValue v) {
        return Integer.parseInt(v.n());
    }

    private static void put(Map<String, AttributeValue> m, String name, String v) {
        // DynamoDB rejects empty strings only in key attributes, but null means "unknown" here: leave it out.
        if (v != null) m.put(name, s(v));
    }

    private static void put(Map<String, AttributeValue> m, String name, Integer v) {
        if (v != null) m.put(name, n(v));
    }
}
