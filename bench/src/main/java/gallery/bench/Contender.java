package gallery.bench;

import gallery.core.preset.OutputFormat;
import gallery.core.preset.Preset;

/** One engine producing one preset's format: a column of the side-by-side. */
record Contender(String engine, Preset preset) {
    String engineLabel() {
        return switch (engine) {
            case OursEngine.NAME -> "ours (libvips via JNA)";
            case ThumbnailatorEngine.NAME -> "ImageIO + Thumbnailator";
            case "sharp" -> "sharp";
            default -> engine;
        };
    }

    String outputLabel() {
        return (preset.format() == OutputFormat.WEBP ? "WebP" : preset.format().name()) + " q" + preset.quality();
    }

    boolean is(String engineName, Preset p) {
        return engine.equals(engineName) && preset.equals(p);
    }
}
