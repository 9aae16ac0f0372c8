package gallery.imaging;

import gallery.testing.SampleImages;

import gallery.core.preset.Presets;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every way an untrusted file is refused, each as a permanent failure whose message says why. */
class RefusalTest {
    static final Renderer RENDERER = RendererTest.RENDERER;

    static void refused(String name, byte[] bytes, String... messageParts) {
        assertThatThrownBy(() -> RENDERER.render(name, bytes, Presets.DEFAULT))
                .isInstanceOf(BadImage.class)
                .hasMessageStartingWith(name + ": ")
                .hasMessageContainingAll(messageParts);
    }

    @Test
    void emptyFile() {
        refused("empty.jpg", new byte[0], "file is empty", "expected JPEG, PNG");
    }

    @Test
    void wrongMagic() {
        refused("noise.jpg", new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, "not an allowed image type", "unrecognised data",
                "01 02 03 04");
    }

    @Test
    void svg() {
        refused("drawing.jpg", "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>"
                .getBytes(StandardCharsets.UTF_8), "an SVG image");
        refused("bare.svg", "<svg width=\"100000\" height=\"100000\"></svg>".getBytes(StandardCharsets.UTF_8), "an SVG image");
    }

    @Test
    void pdf() {
        refused("scan.jpg", "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n".getBytes(StandardCharsets.US_ASCII), "a PDF document");
    }

    @Test
    void htmlRenamedAsJpeg() {
        refused("photo.jpg", "<!DOCTYPE html><html><body>Not found</body></html>".getBytes(StandardCharsets.UTF_8),
                "an HTML document");
    }

    @Test
    void zip() {
        refused("album.jpg", new byte[]{'P', 'K', 3, 4, 20, 0, 0, 0}, "a ZIP archive");
    }

    @Test
    void truncatedJpeg() {
        byte[] whole = SampleImages.jpeg(SampleImages.quadrants(640, 480), 0.9f);
        byte[] half = Arrays.copyOf(whole, whole.length / 2);
        refused("truncated.jpg", half, "cannot decode as JPEG");
    }

    /**
     * Regression: libtiff refuses a directory of more than 4096 entries as implausible; libvips then
     * offered the bytes to the next loader that claimed them, ImageMagick, which parsed the header of
     * an untrusted file before the renderer refused its loader. Now the TIFF loader's refusal is final.
     */
    @Test
    void tiffWithMoreThan4096DirectoryEntriesIsRefusedByLibtiffNotHandedToImageMagick() {
        byte[] tiff = SampleImages.tiffWithPrivateTags(SampleImages.imageIo(SampleImages.quadrants(160, 120), "tiff"), 10_000);
        assertThatThrownBy(() -> RENDERER.render("tags.tif", tiff, Presets.DEFAULT))
                .isInstanceOf(BadImage.class)
                .hasMessageStartingWith("tags.tif: cannot decode as TIFF: tiffload_buffer: ")
                .hasMessageContaining("Sanity check on directory count")
                .hasMessageNotContaining("magick");
        // The same construction under the limit is an ordinary TIFF, so the count is what is refused.
        byte[] fine = SampleImages.tiffWithPrivateTags(SampleImages.imageIo(SampleImages.quadrants(160, 120), "tiff"), 10);
        assertThat(RENDERER.render("10-tags.tif", fine, Presets.DEFAULT).format()).isEqualTo(ImageFormat.TIFF);
    }

    @Test
    void pngDeclaring60000Squared() {
        byte[] bomb = SampleImages.pngDeclaring(60000, 60000);
        assertThat(bomb.length).isLessThan(1000);
        refused("bomb.png", bomb, "image is too large", "at most 200000000 pixels (MAX_PIXELS)", "60000x60000");
    }

    @Test
    void pixelCountAbsurdForTheFileSize() {
        // 100 MP is under the pixel limit, but not in a few hundred bytes.
        byte[] bomb = SampleImages.pngDeclaring(10000, 10000);
        refused("dense.png", bomb, "10000x10000", "pixels in only " + bomb.length + " bytes");
    }

    @Test
    void overTheByteLimit() {
        Renderer strict = new Renderer(new ImagingConfig(Optional.empty(), 0, ImagingConfig.DEFAULT_MAX_PIXELS, 4096, 1000));
        byte[] jpeg = SampleImages.jpeg(SampleImages.quadrants(400, 400), 0.95f);
        assertThat(jpeg.length).isGreaterThan(4096);
        assertThatThrownBy(() -> strict.render("big.jpg", jpeg, Presets.DEFAULT))
                .isInstanceOf(BadImage.class)
                .hasMessageContainingAll("file is too large", "at most 4096 bytes (MAX_BYTES)", "found " + jpeg.length);
    }

    @Test
    void overAConfiguredPixelLimit() {
        Renderer strict = new Renderer(new ImagingConfig(Optional.empty(), 0, 1_000_000, ImagingConfig.DEFAULT_MAX_BYTES, 1000));
        byte[] jpeg = SampleImages.jpeg(SampleImages.quadrants(1200, 1000), 0.8f);
        assertThatThrownBy(() -> strict.render("wide.jpg", jpeg, Presets.DEFAULT))
                .isInstanceOf(BadImage.class)
                .hasMessageContaining("1200x1000 = 1200000");
    }

    @Test
    void gateRefusesFromAPrefixAlone() throws Exception {
        ImageGate gate = new ImageGate(ImagingConfig.defaults());
        byte[] bomb = SampleImages.pngDeclaring(60000, 60000);
        assertThatThrownBy(() -> gate.inspect("photos/x/bomb.png", Arrays.copyOf(bomb, 40), 500))
                .isInstanceOf(BadImage.class).hasMessageContaining("60000x60000");
        byte[] photo = Files.readAllBytes(RendererTest.ELEPHANTS);
        ImageHeader h = gate.inspect("photos/x/elephants.jpg", Arrays.copyOf(photo, 256 * 1024), photo.length);
        assertThat(h.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(h.bytes()).isEqualTo(photo.length);
        assertThat(h.metadata().width()).isEqualTo(5640);
        assertThat(h.metadata().cameraModel()).isEqualTo("DSC-RX100M4");
        assertThatThrownBy(() -> gate.inspect("photos/x/huge.jpg", Arrays.copyOf(photo, 1024), 300L * 1024 * 1024))
                .isInstanceOf(BadImage.class).hasMessageContaining("MAX_BYTES");
    }
}
