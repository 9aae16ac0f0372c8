package gallery.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UrlPathsTest {
    @Test
    void encodesEachSegmentAndKeepsTheSlashesBetweenThem() {
        assertThat(UrlPaths.encodeKey("photos/Summer 2024/a+b #1?.jpg"))
                .isEqualTo("photos/Summer%202024/a%2Bb%20%231%3F.jpg");
    }

    @Test
    void encodesNonAsciiAsUtf8AndPercentItself() {
        assertThat(UrlPaths.encodeKey("photos/Åsa/100%.jpg")).isEqualTo("photos/%C3%85sa/100%25.jpg");
    }

    @Test
    void decodingInvertsEncoding() {
        String key = "photos/Été à Nice/été ~ 50% (1)+2.JPG";
        String[] encoded = UrlPaths.encodeKey(key).split("/");
        StringBuilder back = new StringBuilder();
        for (String s : encoded) back.append(back.isEmpty() ? "" : "/").append(UrlPaths.decodeSegment(s));
        assertThat(back.toString()).isEqualTo(key);
    }

    @Test
    void decodingKeepsPlusAndLiteralCharacters() {
        assertThat(UrlPaths.decodeSegment("a+b c")).isEqualTo("a+b c");
        assertThat(UrlPaths.decodeSegment("%2e%2E")).isEqualTo("..");
        assertThat(UrlPaths.decodeSegment("a%2Fb")).isEqualTo("a/b");
    }

    @Test
    void refusesMalformedEscapes() {
        assertThatThrownBy(() -> UrlPaths.decodeSegment("a%2")).hasMessageContaining("malformed percent escape");
        assertThatThrownBy(() -> UrlPaths.decodeSegment("a%zz")).hasMessageContaining("malformed percent escape");
        assertThatThrownBy(() -> UrlPaths.decodeSegment("%C3")).hasMessageContaining("UTF-8");
    }
}
