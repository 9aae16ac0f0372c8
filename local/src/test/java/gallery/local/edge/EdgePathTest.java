package gallery.local.edge;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The path the edge matches routes against, as CloudFront normalises it (RFC 3986). */
class EdgePathTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/renditions/640/photos/a.jpg.webp | /renditions/640/photos/a.jpg.webp",
            "/renditions/../photos/a.jpg | /photos/a.jpg",
            "/renditions/../../originals/photos/a.jpg | ''",
            "/renditions/%2e%2e/photos/a.jpg | /photos/a.jpg",
            "/renditions/%2E%2E/photos/a.jpg | /photos/a.jpg",
            "/renditions/.%2e/photos/a.jpg | /photos/a.jpg",
            "/renditions/./640/a | /renditions/640/a",
            "/renditions/640/.. | /renditions/",
            "/renditions/..%2fphotos/a.jpg | /renditions/..%2Fphotos/a.jpg",
            "/photos/My%20Album/a%2Bb.jpg | /photos/My%20Album/a%2Bb.jpg",
            "/photos/%41lbum/a.jpg | /photos/Album/a.jpg",
            "/photos/a%zz.jpg | ''",
            "/photos/a.jpg% | ''",
            "/../etc/passwd | ''",
            "// | //",
    })
    void normalisesAsCloudFrontMatches(String raw, String expected) {
        assertThat(LocalEdge.normalizePath(raw)).isEqualTo(expected.isEmpty() ? Optional.empty() : Optional.of(expected));
    }
}
