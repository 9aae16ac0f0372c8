package gallery.resize;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResizeRequestTest {
    private final SizeLadder ladder = new SizeLadder(16, 4096);

    @Test
    void parsesSizeKeyAndVersion() {
        ResizeRequest r = ResizeRequest.parse("/resize/1366x768/photos/2024%20Summer/beach%20%231.jpg", "abc", ladder);
        assertThat(r.width()).isEqualTo(1366);
        assertThat(r.height()).isEqualTo(768);
        assertThat(r.key().value()).isEqualTo("photos/2024 Summer/beach #1.jpg");
        assertThat(r.version()).contains("abc");
        assertThat(ResizeRequest.parse("/resize/16x4096/photos/a.jpg", "", ladder).version()).isEqualTo(Optional.empty());
    }

    @Test
    void aPlusInAPathIsAPlus() {
        assertThat(ResizeRequest.parse("/resize/64x64/photos/a+b.jpg", null, ladder).key().value()).isEqualTo("photos/a+b.jpg");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/resize/640/photos/a.jpg | size",
            "/resize/640x/photos/a.jpg | size",
            "/resize/x480/photos/a.jpg | size",
            "/resize/-1x480/photos/a.jpg | size",
            "/resize/640X480/photos/a.jpg | size",
            "/resize/640x480.5/photos/a.jpg | size",
            "/resize/9999999x480/photos/a.jpg | size",
            "/resize/15x480/photos/a.jpg | width",
            "/resize/0x480/photos/a.jpg | width",
            "/resize/4097x480/photos/a.jpg | width",
            "/resize/640x5000/photos/a.jpg | height",
            "/resize/640x8/photos/a.jpg | height",
            "/resize/640x480 | key",
            "/resize/640x480/ | key",
            "/resize/640x480/photos/../secrets/a.jpg | key",
            "/resize/640x480/photos/%2e%2e/secrets/a.jpg | key",
            "/resize/640x480/photos/%2E%2E/a.jpg | key",
            "/resize/640x480/photos/./a.jpg | key",
            "/resize/640x480/photos/a%2F..%2F..%2Fb.jpg | key",
            "/resize/640x480/photos%2Fa.jpg | key",
            "/resize/640x480/photos/a%5C..%5Cb.jpg | key",
            "/resize/640x480/photos//a.jpg | key",
            "/resize/640x480/renditions/640/photos/a.jpg.webp | key",
            "/resize/640x480/a.jpg | key",
            "/resize/640x480/photos/ | key",
            "/resize/640x480/photos/a%zz.jpg | key",
            "/resize/640x480/photos/a%00.jpg | key",
            "/other/640x480/photos/a.jpg | path",
    })
    void refusesNamingTheParameter(String path, String parameter) {
        assertThatThrownBy(() -> ResizeRequest.parse(path, "v", ladder))
                .isInstanceOfSatisfying(BadRequest.class, e -> assertThat(e.parameter()).isEqualTo(parameter))
                .hasMessageNotContaining("null");
    }

    @Test
    void messagesSayWhatWasExpected() {
        assertThatThrownBy(() -> ResizeRequest.parse("/resize/5000x480/photos/a.jpg", null, ladder))
                .hasMessage("width 5000 is out of range: expected 16..4096");
        assertThatThrownBy(() -> ResizeRequest.parse("/resize/640/photos/a.jpg", null, ladder))
                .hasMessageContaining("<width>x<height>").hasMessageContaining("'640'");
    }
}
