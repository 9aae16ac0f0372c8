package gallery.index;

import java.util.List;
import java.util.Objects;

/** What a finished render adds to a row: metadata read from the full file, placeholder, preset and renditions. */
public record Rendered(PhotoMetadata metadata, String placeholder, String presetName, int presetVersion,
                       List<Rendition> renditions) {
    public Rendered {
        Objects.requireNonNull(presetName, "presetName");
        metadata = metadata == null ? PhotoMetadata.NONE : metadata;
        renditions = List.copyOf(renditions);
    }
}
