package gallery.resize;

import gallery.core.preset.OutputFormat;
import gallery.core.Rendition;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SourceRenditionTest {
    private static final List<Rendition> RENDITIONS = List.of(
            new Rendition(2048, 2048, 1365, OutputFormat.WEBP, 400_000),
            new Rendition(2048, 2048, 1365, OutputFormat.JPEG, 600_000),
            new Rendition(3840, 3840, 2560, OutputFormat.WEBP, 900_000),
            new Rendition(3840, 3840, 2560, OutputFormat.JPEG, 1_300_000),
            new Rendition(1280, 1280, 853, OutputFormat.WEBP, 200_000));

    @Test
    void theSmallestCoveringSizeWinsAndOfThatSizeTheJpeg() {
        assertThat(Resizer.sourceRendition(RENDITIONS, 2896)).get()
                .satisfies(r -> assertThat(r.size()).isEqualTo(3840))
                .satisfies(r -> assertThat(r.format()).isEqualTo(OutputFormat.JPEG));
        assertThat(Resizer.sourceRendition(RENDITIONS, 1448)).get()
                .satisfies(r -> assertThat(r.size()).isEqualTo(2048))
                .satisfies(r -> assertThat(r.format()).isEqualTo(OutputFormat.JPEG));
    }

    @Test
    void aSizeWithoutAJpegUsesWhatThereIs() {
        assertThat(Resizer.sourceRendition(RENDITIONS, 1000)).get()
                .satisfies(r -> assertThat(r.size()).isEqualTo(1280))
                .satisfies(r -> assertThat(r.format()).isEqualTo(OutputFormat.WEBP));
    }

    @Test
    void nothingCoversAnOutputLargerThanEveryRendition() {
        assertThat(Resizer.sourceRendition(RENDITIONS, 4000)).isEmpty();
        assertThat(Resizer.sourceRendition(List.of(), 100)).isEmpty();
    }
}
