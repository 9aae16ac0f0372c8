package gallery.imaging;

import gallery.testing.SampleImages;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageFormatTest {
    static byte[] ftyp(String major, String... compatible) {
        StringBuilder sb = new StringBuilder("ftyp").append(major).append("\0\0\0\0");
        for (String c : compatible) sb.append(c);
        byte[] body = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[body.length + 4];
        out[3] = (byte) out.length;
        System.arraycopy(body, 0, out, 4, body.length);
        return out;
    }

    @Test
    void recognisesEveryAllowedFormat() {
        assertThat(ImageFormat.sniff("a", SampleImages.jpeg(SampleImages.quadrants(8, 8), 0.8f))).isEqualTo(ImageFormat.JPEG);
        assertThat(ImageFormat.sniff("a", SampleImages.png(SampleImages.quadrants(8, 8)))).isEqualTo(ImageFormat.PNG);
        assertThat(ImageFormat.sniff("a", SampleImages.gif(SampleImages.quadrants(8, 8)))).isEqualTo(ImageFormat.GIF);
        assertThat(ImageFormat.sniff("a", "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo(ImageFormat.WEBP);
        assertThat(ImageFormat.sniff("a", new byte[]{'I', 'I', 42, 0, 8, 0, 0, 0})).isEqualTo(ImageFormat.TIFF);
        assertThat(ImageFormat.sniff("a", new byte[]{'M', 'M', 0, 42, 0, 0, 0, 8})).isEqualTo(ImageFormat.TIFF);
        assertThat(ImageFormat.sniff("a", ftyp("heic", "mif1", "heic"))).isEqualTo(ImageFormat.HEIC);
        assertThat(ImageFormat.sniff("a", ftyp("mif1", "mif1", "heic"))).isEqualTo(ImageFormat.HEIC);
        assertThat(ImageFormat.sniff("a", ftyp("avif", "mif1", "avif"))).isEqualTo(ImageFormat.AVIF);
        assertThat(ImageFormat.sniff("a", ftyp("mif1", "mif1", "miaf", "avif"))).isEqualTo(ImageFormat.AVIF);
    }

    @Test
    void refusesVideoInTheSameContainer() {
        assertThatThrownBy(() -> ImageFormat.sniff("clip.heic", ftyp("isom", "isom", "mp41")))
                .isInstanceOf(BadImage.class).hasMessageContaining("ISO media file of brand 'isom'");
    }

    @Test
    void refusesBmp() {
        assertThatThrownBy(() -> ImageFormat.sniff("old.bmp", new byte[]{'B', 'M', 0, 0, 0, 0}))
                .isInstanceOf(BadImage.class).hasMessageContaining("BMP");
    }
}
