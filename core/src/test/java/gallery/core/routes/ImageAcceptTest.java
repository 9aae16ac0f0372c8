package gallery.core.routes;

import gallery.core.preset.OutputFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImageAcceptTest {
    @Test
    void picksTheBestFormatTheBrowserNames() {
        assertThat(ImageAccept.format("image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8")).isEqualTo(OutputFormat.AVIF);
        assertThat(ImageAccept.format("image/webp,*/*")).isEqualTo(OutputFormat.WEBP);
        assertThat(ImageAccept.format("image/*,*/*;q=0.8")).isEqualTo(OutputFormat.JPEG);
        assertThat(ImageAccept.format(null)).isEqualTo(OutputFormat.JPEG);
        assertThat(ImageAccept.format("image/avif;q=0, image/webp")).isEqualTo(OutputFormat.WEBP);
        assertThat(ImageAccept.normalize("IMAGE/WEBP")).isEqualTo("image/webp");
    }
}
