package gallery.core;

import gallery.core.preset.OutputFormat;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class KeyBytesTest {

    @Test
    void derivedKeysOfAnOrdinaryPhotoAreUnchanged() {
        PhotoKey key = new PhotoKey("photos/Summer 2024/beach.jpg");
        assertThat(new RenditionKey(640, key, OutputFormat.WEBP).value()).isEqualTo("renditions/640/photos/Summer 2024/beach.jpg.webp");
        assertThat(ResizedKey.prefixOf(key)).isEqualTo("renditions/resized/photos/Summer 2024/beach.jpg/");
    }

    /** Issue 15: a 1,024-byte photo key made 1,045-byte rendition keys, which S3 refuses. */
    @Test
    void derivedKeysOfTheLongestPhotoKeyFitS3sLimitAndStayDistinct() {
        PhotoKey a = new PhotoKey("photos/A/" + "\u00e9".repeat(505) + "a.jpg");
        PhotoKey b = new PhotoKey("photos/A/" + "\u00e9".repeat(505) + "b.jpg");
        assertThat(a.value().getBytes(StandardCharsets.UTF_8)).hasSize(1024);
        String ra = new RenditionKey(3840, a, OutputFormat.AVIF).value();
        assertThat(KeyBytes.utf8Length(ra)).isLessThanOrEqualTo(KeyBytes.MAX);
        assertThat(ra).startsWith("renditions/3840/~").endsWith(".avif").isNotEqualTo(new RenditionKey(3840, b, OutputFormat.AVIF).value());
        ResizedKey r = new ResizedKey(4096, a, OutputFormat.AVIF);
        assertThat(KeyBytes.utf8Length(r.value())).isLessThanOrEqualTo(KeyBytes.MAX);
        assertThat(ResizedKey.isResultOf(a, r.value())).isTrue();
        assertThat(ResizedKey.isResultOf(b, r.value())).isFalse();
        assertThat(ResizedKey.edgeOf(a, r.value())).isEqualTo(4096);
    }
}
