package gallery.bench;

import gallery.core.Rendition;
import gallery.core.preset.Preset;
import gallery.imaging.RenderResult;
import gallery.imaging.Renderer;

import java.util.List;

/**
 * Our renderer exactly as the resizer Lambda runs it: {@link Renderer#fromEnv()} (so VIPS_CONCURRENCY,
 * VIPS_LIBRARY and the limits apply as they would there), one {@code render} per photo, which also
 * extracts the metadata and computes the placeholder.
 */
final class OursEngine implements Engine {
    static final String NAME = "ours";

    private final Renderer renderer = Renderer.fromEnv();

    @Override
    public List<Rendition> renderAll(byte[] original, Preset preset) {
        RenderResult result = renderer.render("bench photo", original, preset);
        return result.renditions().stream().map(gallery.imaging.Encoded::rendition).toList();
    }

    @Override
    public String runtime() {
        String library = renderer.library();
        int decodes = library.indexOf(", decodes");
        int concurrency = renderer.config().concurrency();
        return "ours: Java " + Runtime.version().feature() + ", " + (decodes < 0 ? library : library.substring(0, decodes))
                + ", VIPS_CONCURRENCY " + (concurrency == 0 ? "libvips default (one per core)" : concurrency);
    }
}
