package gallery.core.preset;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The presets this system knows, by name. The default one is what uploads are rendered with. */
public final class Presets {
    /**
     * Longest edges from a phone thumbnail to a 4K display. Grid tiles are 150-700 device pixels, so the
     * ladder is fine there: at 1x Chrome takes the smallest srcset candidate that covers a tile, so steps of
     * at most 1.25 (320, 400, 512, 640, 800) keep every tile under 1.6x the pixels it shows; from 1280 up
     * the viewer's sizes. Cost per photo and the tile figures: docs/architecture.md, "The preset ladder".
     * No 3840: a 4K screen or a zoom past 2560 is served by the on-demand resizer from the original. The
     * 3840 WebP was 590 KB of a photo's 1.43 MB of renditions, $0.58 of a terabyte's idle month in
     * Glacier Instant Retrieval (docs/deploy.md, "What it costs"), for the few screens that need it.
     */
    /** The default preset's name, a constant so command-line defaults (annotations) can name it. */
    public static final String DEFAULT_NAME = "default";
    static final List<Integer> SIZES = List.of(256, 320, 400, 512, 640, 800, 1280, 1920, 2560);
    /**
     * WebP q80: about a third of JPEG's bytes at equal quality. Version 2 added 320, 400, 512 and 800. Dropping
     * 3840 kept version 2: a photo rendered with it has every size the preset now makes (and one more, which
     * the viewer still uses), so nothing needs reprocessing, and a re-render would read every original.
     */
    public static final Preset DEFAULT = new Preset(DEFAULT_NAME, 2, SIZES, OutputFormat.WEBP, 80);
    /** For clients without WebP, or a user who prefers JPEG. */
    public static final Preset JPEG = new Preset("jpeg", 2, SIZES, OutputFormat.JPEG, 82);

    private static final Map<String, Preset> BY_NAME = byName(DEFAULT, JPEG);

    private Presets() {
    }

    public static Optional<Preset> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static Preset require(String name) {
        return byName(name).orElseThrow(() -> new IllegalArgumentException("unknown preset '" + name + "': " + expected()));
    }

    /** What a message about an unknown preset says was expected: {@code expected default or jpeg}. */
    public static String expected() {
        return "expected " + String.join(" or ", BY_NAME.keySet());
    }

    private static Map<String, Preset> byName(Preset... presets) {
        Map<String, Preset> m = new LinkedHashMap<>();
        for (Preset p : presets) m.put(p.name(), p);
        return Collections.unmodifiableMap(m);
    }
}
