package gallery.bench.load;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the web UI (web/src/grid.ts, layout.ts, renditions.ts) asks for on a given screen: justified
 * rows of tiles at the viewport's row height, each tile's image picked from the srcset by its width
 * × devicePixelRatio as a browser does, and, when a photo is opened, the viewer's choice between a
 * preset rendition and the on-demand resizer. The load bench runs in Java, so this is the web's logic in
 * Java: ScreensTest holds it to the web's own answers, the table web/test/viewer-cases.json that the
 * web's unit tests check src/layout.ts and src/renditions.ts against.
 */
final class Screens {
    /** web/src/layout.ts GAP (viewer-cases.json "constants") */
    static final int GAP = 4;
    /** web/src/renditions.ts PRESET_SLACK (viewer-cases.json "constants") */
    static final double PRESET_SLACK = 1.5;
    /** web/src/renditions.ts HIGH_DPR_UNDERSHOOT (viewer-cases.json "constants") */
    static final double HIGH_DPR_UNDERSHOOT = 0.9;
    /** web/src/layout.ts justify's default crop of panoramas and slivers. */
    static final double MIN_ASPECT = 0.5;
    static final double MAX_ASPECT = 3;

    /** A browser window: CSS pixels and devicePixelRatio. */
    record Device(String name, int width, int height, double dpr) {
        /** web/src/layout.ts targetRowHeight */
        int rowHeight() {
            if (width < 480) return 120;
            if (width < 900) return 170;
            return 230;
        }
    }

    /**
     * The viewers cycle through these: common screens, and a window of an odd size at an odd zoom,
     * for which no preset fits and the viewer asks the resizer.
     */
    static final List<Device> DEVICES = List.of(
            new Device("laptop 1440x900 @2", 1440, 900, 2),
            new Device("desktop 1920x1080 @1", 1920, 1080, 1),
            new Device("phone 390x844 @3", 390, 844, 3),
            new Device("tablet 820x1180 @2", 820, 1180, 2),
            new Device("window 1100x700 @1.25", 1100, 700, 1.25));

    record Rendition(int size, int width, int height, String url) {
    }

    /** A photo of an API page: what the client needs of it. */
    record Photo(String key, int width, int height, List<Rendition> renditions, String resize) {
        static Photo of(JsonNode p) {
            List<Rendition> rs = new ArrayList<>();
            for (JsonNode r : p.path("renditions")) {
                rs.add(new Rendition(r.path("size").asInt(), r.path("width").asInt(), r.path("height").asInt(), r.path("url").asText()));
            }
            rs.sort(Comparator.comparingInt(Rendition::width));
            return new Photo(p.path("key").asText(), p.path("width").asInt(), p.path("height").asInt(), List.copyOf(rs),
                    p.hasNonNull("resize") ? p.path("resize").asText() : null);
        }

        double aspect() {
            return height <= 0 ? 1 : (double) width / height;
        }
    }

    /** A grid tile: the photo and its width in CSS pixels. */
    record Tile(Photo photo, double cssWidth) {
    }

    /** A screen of the grid and where the next one starts. */
    record Screen(List<Tile> tiles, int next) {
    }

    /** An image to fetch for an opened photo. */
    record Choice(String url, boolean resize) {
    }

    private Screens() {
    }

    /** A justified row: its top and height, and its tiles' widths, in CSS pixels. */
    record Row(double top, double height, List<Double> widths) {
    }

    /**
     * The rows that fill one viewport height, starting at photo {@code from}: web/src/layout.ts justify over
     * the photos from there at the device's row height, row after row until the viewport is full.
     */
    static Screen screen(List<Photo> photos, int from, Device d) {
        List<Photo> rest = photos.subList(from, photos.size());
        List<Tile> tiles = new ArrayList<>();
        int i = 0;
        for (Row row : justify(rest.stream().map(Photo::aspect).toList(), d.width(), d.rowHeight(), GAP)) {
            if (row.top() >= d.height()) break;
            for (double w : row.widths()) tiles.add(new Tile(rest.get(i++), w));
        }
        return new Screen(List.copyOf(tiles), from + i);
    }

    /**
     * web/src/layout.ts justify: rows that fill {@code width} exactly at a height close to {@code targetHeight}
     * (closer in ratio with or without the next photo); the last row keeps the target height, left-aligned.
     */
    static List<Row> justify(List<Double> aspects, double width, double targetHeight, double gap) {
        List<Row> rows = new ArrayList<>();
        double top = 0;
        int start = 0;
        double sum = 0;
        for (int i = 0; i < aspects.size(); i++) {
            double a = clamp(aspects.get(i));
            int n = i - start + 1;
            double withIt = heightFor(width, gap, sum + a, n);
            if (withIt > targetHeight) {
                sum += a;
                continue;
            }
            if (n > 1) {
                double without = heightFor(width, gap, sum, n - 1);
                if (Math.abs(Math.log(without / targetHeight)) < Math.abs(Math.log(withIt / targetHeight))) {
                    top = close(rows, aspects, start, i, top, without, width, gap, true);
                    start = i;
                    sum = a;
                    if (heightFor(width, gap, a, 1) <= targetHeight) {
                        top = close(rows, aspects, start, i + 1, top, heightFor(width, gap, a, 1), width, gap, true);
                        start = i + 1;
                        sum = 0;
                    }
                    continue;
                }
            }
            top = close(rows, aspects, start, i + 1, top, withIt, width, gap, true);
            start = i + 1;
            sum = 0;
        }
        if (start < aspects.size()) {
            close(rows, aspects, start, aspects.size(), top, Math.min(targetHeight, heightFor(width, gap, sum, aspects.size() - start)),
                    width, gap, false);
        }
        return List.copyOf(rows);
    }

    private static double heightFor(double width, double gap, double aspectSum, int n) {
        return (width - gap * (n - 1)) / aspectSum;
    }

    private static double clamp(double aspect) {
        return Double.isFinite(aspect) && aspect > 0 ? Math.min(MAX_ASPECT, Math.max(MIN_ASPECT, aspect)) : 1;
    }

    /** Closes the row of photos [start, end) at {@code height}; a stretched row's widths are whole pixels, the last takes the rest. */
    private static double close(List<Row> rows, List<Double> aspects, int start, int end, double top, double height, double width,
                                double gap, boolean stretch) {
        List<Double> widths = new ArrayList<>();
        double left = 0;
        for (int i = start; i < end; i++) {
            double w = clamp(aspects.get(i)) * height;
            if (stretch) w = Math.round(w);
            widths.add(w);
            left += w + gap;
        }
        if (stretch && !widths.isEmpty()) widths.set(widths.size() - 1, width - (left - widths.getLast() - gap));
        double h = Math.round(height);
        rows.add(new Row(top, h, List.copyOf(widths)));
        return top + h + gap;
    }

    /** The srcset candidate a browser loads for a tile: the narrowest at least as wide as the tile's device pixels. */
    static Optional<Rendition> thumbnail(Tile tile, Device d) {
        List<Rendition> rs = tile.photo().renditions();
        if (rs.isEmpty()) return Optional.empty();
        double needed = tile.cssWidth() * d.dpr();
        for (Rendition r : rs) if (r.width() >= needed - 0.5) return Optional.of(r);
        return Optional.of(rs.getLast());
    }

    /**
     * web/src/renditions.ts chooseRendition, as the web asks before it knows the resizer's sizes (the bench follows
     * the resizer's redirect to the canonical size instead): the smallest preset rendition that covers the device pixels
     * of the photo shown whole in the viewport (HIGH_DPR_UNDERSHOOT on 2x screens) without wasting more than PRESET_SLACK, else the resizer
     * at exactly that size, else the closest rendition there is.
     */
    static Optional<Choice> open(Photo p, Device d) {
        double scale = Math.min((double) d.width() / p.width(), (double) d.height() / p.height()) * Math.max(d.dpr(), 0.5);
        long w = scale >= 1 ? p.width() : Math.round(p.width() * scale);
        long h = scale >= 1 ? p.height() : Math.round(p.height() * scale);
        double enough = d.dpr() >= 2 ? HIGH_DPR_UNDERSHOOT : 1;
        Optional<Rendition> covering = p.renditions().stream()
                .filter(r -> r.width() >= w * enough - 1 && r.height() >= h * enough - 1).findFirst();
        if (covering.isPresent() && covering.get().width() <= w * PRESET_SLACK) return Optional.of(new Choice(covering.get().url(), false));
        if (p.resize() != null) return Optional.of(new Choice(p.resize().replace("{w}", Long.toString(w)).replace("{h}", Long.toString(h)), true));
        if (covering.isPresent()) return Optional.of(new Choice(covering.get().url(), false));
        return p.renditions().isEmpty() ? Optional.empty() : Optional.of(new Choice(p.renditions().getLast().url(), false));
    }
}
