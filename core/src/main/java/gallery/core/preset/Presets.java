package gallery.core.preset;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The presets this system knows, by name. The default one is what uploads are rendered with. */
public final class Presets {
    /** Screen sizes from a phone thumbnail to a 4K display. WebP q80: about a third of JPEG's bytes at equal quality. */
    public static final Preset DEFAULT = new Preset("default", 1, List.of(256, 640, 1280, 1920, 2560, 3840), OutputFormat.WEBP, 80);
    /** For clients without WebP, or a user who prefers JPEG. */
    public static final Preset JPEG = new Preset("jpeg", 1, List.of(256, 640, 1280, 1920, 2560, 3840), OutputFormat.JPEG, 82);

    private static final Map<String, Preset> BY_NAME = Map.of(DEFAULT.name(), DEFAULT, JPEG.name(), JPEG);

    private Presets() {
    }

    public static Optional<Preset> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static Preset require(String name) {
        return byName(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown preset '" + name + "': expected one of " + BY_NAME.keySet()));
    }
}
