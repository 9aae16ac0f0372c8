package gallery.bench;

import gallery.core.preset.OutputFormat;
import gallery.core.preset.Preset;

import java.util.Map;

/**
 * One engine producing one preset's format: a row of the side-by-side.
 *
 * @param variant what differs from the engine as deployed (empty for the engine itself)
 * @param env     variables set in the child's environment to get that variant
 */
record Contender(String engine, Preset preset, String variant, Map<String, String> env) {
    /** Our renderer loading sharp's own libvips build: separates our code path from the library build. */
    static final String NPM_LIBVIPS = "with sharp's libvips build";

    Contender {
        env = Map.copyOf(env);
    }

    Contender(String engine, Preset preset) {
        this(engine, preset, "", Map.of());
    }

    String engineLabel() {
        String base = switch (engine) {
            case OursEngine.NAME -> "ours (libvips via JNA)";
            case ThumbnailatorEngine.NAME -> "ImageIO + Thumbnailator";
            case "sharp" -> "sharp";
            default -> engine;
        };
        return variant.isEmpty() ? base : base + ", " + variant;
    }

    String outputLabel() {
        return (preset.format() == OutputFormat.WEBP ? "WebP" : preset.format().name()) + " q" + preset.quality();
    }

    /** The engine as deployed (no variant) with this preset. */
    boolean is(String engineName, Preset p) {
        return engine.equals(engineName) && preset.equals(p) && variant.isEmpty();
    }

    /** The same row: engine, preset and variant (the environment that makes a variant is a detail). */
    boolean sameAs(Contender other) {
        return engine.equals(other.engine) && preset.equals(other.preset) && variant.equals(other.variant);
    }
}
