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
 * preset rendition and the on-demand resizer.
 */
final class Screens {
    /** web/src/grid.ts GAP */
    static final int GAP = 4;
    /** web/src/renditions.ts PRESET_SLACK */
    static final double PRESET_SLACK = 1.5;
    /** web/src/renditions.ts HIGH_DPR_UNDERSHOOT */
    static final double HIGH_DPR_UNDERSHOOT = 0.9;

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

    /**
     * The rows that fill one viewport height, starting at photo {@code from}: a row takes photos at the
     * device's row height until it is as wide as the viewport, then is scaled to fit it exactly; the
     * album's last row keeps the row height.
     */
    static Screen screen(List<Photo> photos, int from, Device d) {
        List<Tile> tiles = new ArrayList<>();
        double height = 0;
        int i = from;
        while (i < photos.size() && height < d.height()) {
            List<Photo> row = new ArrayList<>();
            double aspects = 0;
            while (i < photos.size()) {
                Photo p = photos.get(i++);
                row.add(p);
                aspects += p.aspect();
                if (aspects * d.rowHeight() + GAP * (row.size() - 1) >= d.width()) break;
            }
            double rowHeight = Math.min(d.rowHeight(), (d.width() - GAP * (row.size() - 1)) / aspects);
            for (Photo p : row) tiles.add(new Tile(p, p.aspect() * rowHeight));
            height += rowHeight + GAP;
        }
        return new Screen(List.copyOf(tiles), i);
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
     * web/src/renditions.ts chooseRendition: the smallest preset rendition that covers the device pixels
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
