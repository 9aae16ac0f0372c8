package gallery.bench;

import gallery.core.Rendition;
import gallery.core.preset.Preset;

import java.util.List;

/**
 * One way of turning an original into every size of a preset, measured inside a JVM child.
 * Implementations are built once (libraries loaded) before the timed renders start.
 */
public interface Engine {
    /** Renders every size of {@code preset} from {@code original}: decode, orient, resize, encode. */
    List<Rendition> renderAll(byte[] original, Preset preset) throws Exception;

    /** Library versions and settings that the results depend on, for the report. */
    String runtime();

    static Engine create(String name) {
        return switch (name) {
            case OursEngine.NAME -> new OursEngine();
            case ThumbnailatorEngine.NAME -> new ThumbnailatorEngine();
            default -> throw new IllegalArgumentException("unknown JVM engine '" + name + "': expected "
                    + OursEngine.NAME + " or " + ThumbnailatorEngine.NAME);
        };
    }
}
