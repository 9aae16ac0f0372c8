package gallery.imaging;

import gallery.testing.SampleImages;

import gallery.core.preset.OutputFormat;
import gallery.core.preset.Preset;
import gallery.core.preset.Presets;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Encoding a render's sizes on a pool gives the same renditions, byte for byte, as one after another. */
class ConcurrentEncodeTest {
    static final Renderer SEQUENTIAL = new Renderer(ImagingConfig.defaults().withEncodeThreads(1));
    static final Renderer POOLED = new Renderer(ImagingConfig.defaults().withEncodeThreads(4));

    @Test
    void cameraPhotoAsWebpAndJpeg() throws Exception {
        byte[] photo = Files.readAllBytes(RendererTest.A6000);
        for (Preset preset : List.of(Presets.DEFAULT, Presets.JPEG)) {
            assertSameRenditions("sony-alpha-6000.jpg", photo, preset);
        }
    }

    @Test
    void transparentPngFlattenedToJpegAndKeptInWebp() {
        BufferedImage img = new BufferedImage(900, 600, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 600; y++) {
            for (int x = 0; x < 900; x++) img.setRGB(x, y, ((x * 255 / 900) << 24) | (y * 255 / 600) << 16 | 0x3366);
        }
        byte[] png = SampleImages.png(img);
        Preset sizes = new Preset("t", 1, List.of(64, 128, 256, 512, 1024), OutputFormat.JPEG, 85);
        assertSameRenditions("alpha.png", png, sizes);
        assertSameRenditions("alpha.png", png, new Preset("t", 1, sizes.sizes(), OutputFormat.WEBP, 85));
    }

    @Test
    void manyRendersAtOnceShareThePool() throws Exception {
        byte[] jpeg = SampleImages.jpeg(SampleImages.quadrants(1600, 1000), 0.9f);
        RenderResult expected = SEQUENTIAL.render("q.jpg", jpeg, Presets.DEFAULT);
        List<Thread> threads = new java.util.ArrayList<>();
        List<RenderResult> results = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> results.add(POOLED.render("q.jpg", jpeg, Presets.DEFAULT)));
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) th.join();
        assertThat(results).hasSize(4);
        for (RenderResult r : results) assertIdentical(expected, r);
    }

    private static void assertSameRenditions(String name, byte[] input, Preset preset) {
        RenderResult one = SEQUENTIAL.render(name, input, preset);
        RenderResult pooled = POOLED.render(name, input, preset);
        assertThat(one.renditions()).hasSizeGreaterThan(1);
        assertIdentical(one, pooled);
    }

    private static void assertIdentical(RenderResult expected, RenderResult actual) {
        assertThat(actual.renditions()).hasSameSizeAs(expected.renditions());
        assertThat(actual.placeholder()).isEqualTo(expected.placeholder());
        for (int i = 0; i < expected.renditions().size(); i++) {
            Encoded e = expected.renditions().get(i), a = actual.renditions().get(i);
            assertThat(a.size()).isEqualTo(e.size());
            assertThat(a.width()).isEqualTo(e.width());
            assertThat(a.height()).isEqualTo(e.height());
            assertThat(a.data()).as("size %d", e.size()).isEqualTo(e.data());
        }
    }
}
