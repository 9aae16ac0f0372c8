package gallery.core;

import gallery.core.preset.OutputFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResizedKeyTest {
    private static final PhotoKey KEY = PhotoKey.of("photos/Safari 2024/Elephants #1.jpg");

    @Test
    void everyResultOfAPhotoSharesOnePrefix() {
        assertThat(new ResizedKey(1024, KEY, OutputFormat.WEBP).value())
                .isEqualTo("renditions/resized/photos/Safari 2024/Elephants #1.jpg/1024x1024.webp")
                .startsWith(ResizedKey.prefixOf(KEY));
        assertThat(new ResizedKey(4096, KEY, OutputFormat.AVIF).value()).startsWith(ResizedKey.prefixOf(KEY));
    }

    @Test
    void aPhotoWhoseKeyContinuesPastASlashIsNotMistakenForResults() {
        PhotoKey nested = PhotoKey.of("photos/Safari 2024/Elephants #1.jpg/inside.jpg");
        String nestedResult = new ResizedKey(1024, nested, OutputFormat.JPEG).value();
        assertThat(nestedResult).startsWith(ResizedKey.prefixOf(KEY));
        assertThat(ResizedKey.isResultOf(KEY, nestedResult)).isFalse();
        assertThat(ResizedKey.isResultOf(nested, nestedResult)).isTrue();
        assertThat(ResizedKey.isResultOf(KEY, new ResizedKey(936, KEY, OutputFormat.AVIF).value())).isTrue();
        assertThat(ResizedKey.isResultOf(KEY, "renditions/256/photos/Safari 2024/Elephants #1.jpg.webp")).isFalse();
    }

    @Test
    void aResizedKeyIsNotARenditionKey() {
        assertThat(RenditionKey.parse(new ResizedKey(1024, KEY, OutputFormat.WEBP).value())).isEmpty();
        assertThatThrownBy(() -> new ResizedKey(0, KEY, OutputFormat.WEBP)).hasMessageContaining("edge");
    }
}
