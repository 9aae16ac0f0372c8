package gallery.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PhotoVersionTest {
    @Test
    void takesTheFirstTwelveHexDigitsOfTheETagWithoutQuotes() {
        assertThat(PhotoVersion.of("\"D41D8CD98F00B204E9800998ECF8427E\"")).isEqualTo("d41d8cd98f00");
    }

    @Test
    void multipartETagsKeepTheirDigitsAndDropTheDash() {
        assertThat(PhotoVersion.of("\"abc-3\"")).isEqualTo("abc3");
    }

    @Test
    void noETagGivesAnEmptyVersion() {
        assertThat(PhotoVersion.of(null)).isEmpty();
        assertThat(PhotoVersion.of("  ")).isEmpty();
    }
}
