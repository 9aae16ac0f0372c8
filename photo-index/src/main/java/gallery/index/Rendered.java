package gallery.index;

import gallery.core.Rendition;
import gallery.core.PhotoMetadata;
import java.util.List;
import java.util.Objects;

/**
 * What a finished render adds to a row: metadata read from the full file, placeholder, preset and
 * renditions; for a video also what the worker learnt (null for a photo: the row's stays).
 */
public record Rendered(PhotoMetadata metadata, String placeholder, String presetName, int presetVersion,
                       List<Rendition> renditions, Video video) {
    public Rendered(PhotoMetadata metadata, String placeholder, String presetName, int presetVersion, List<Rendition> renditions) {
        this(metadata, placeholder, presetName, presetVersion, renditions, null);
    }

    public Rendered {
        Objects.requireNonNull(presetName, "presetName");
        metadata = metadata == null ? PhotoMetadata.NONE : metadata;
        renditions = List.copyOf(renditions);
    }
}
