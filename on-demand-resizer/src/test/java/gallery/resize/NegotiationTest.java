package gallery.resize;

import gallery.core.preset.OutputFormat;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class NegotiationTest {
    private static final String CHROME = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";
    private static final String OLD_SAFARI = "image/webp,image/png,image/svg+xml,image/*;q=0.8,video/*;q=0.8,*/*;q=0.5";

    @Test
    void avifWhenAcceptedAndEncodable() {
        assertThat(Resizer.negotiate(CHROME, f -> true)).isEqualTo(OutputFormat.AVIF);
        assertThat(Resizer.negotiate("image/avif", f -> true)).isEqualTo(OutputFormat.AVIF);
    }

    @Test
    void webpWhenAvifIsNotEncodableHere() {
        assertThat(Resizer.negotiate(CHROME, f -> f != OutputFormat.AVIF)).isEqualTo(OutputFormat.WEBP);
    }

    @Test
    void webpWhenAvifIsNotAccepted() {
        assertThat(Resizer.negotiate(OLD_SAFARI, f -> true)).isEqualTo(OutputFormat.WEBP);
        assertThat(Resizer.negotiate("image/avif;q=0,image/webp", f -> true)).isEqualTo(OutputFormat.WEBP);
    }

    @Test
    void jpegOtherwise() {
        assertThat(Resizer.negotiate(null, f -> true)).isEqualTo(OutputFormat.JPEG);
        assertThat(Resizer.negotiate("image/*,*/*", f -> true)).isEqualTo(OutputFormat.JPEG);
        assertThat(Resizer.negotiate(CHROME, Set.of(OutputFormat.JPEG)::contains)).isEqualTo(OutputFormat.JPEG);
    }
}
