package gallery.bench;

import gallery.core.Rendition;
import gallery.core.preset.Presets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keeps the harness from rotting: one engine, once, on a small generated photo, in-process and as a child. */
class BenchSmokeTest {
    @TempDir
    Path dir;

    @Test
    void thumbnailatorRendersEverySizeWithoutUpscaling() throws Exception {
        byte[] photo = java.nio.file.Files.readAllBytes(smallPhoto());

        List<Rendition> out = new ThumbnailatorEngine().renderAll(photo, Presets.JPEG);

        assertThat(out).extracting(Rendition::size).containsExactlyElementsOf(Presets.JPEG.sizes());
        assertThat(out.get(0)).extracting(Rendition::width, Rendition::height).containsExactly(256, 192);
        assertThat(out.get(1)).extracting(Rendition::width, Rendition::height).containsExactly(320, 240);
        // 400 and up reach the 400×300 original: rendered at its size, never upscaled
        assertThat(out.subList(2, out.size())).allSatisfy(r -> {
            assertThat(r.width()).isEqualTo(400);
            assertThat(r.height()).isEqualTo(300);
            assertThat(r.bytes()).isPositive();
        });
    }

    @Test
    void thumbnailatorRefusesWebpBecauseImageIoCannotWriteIt() throws Exception {
        byte[] photo = java.nio.file.Files.readAllBytes(smallPhoto());

        assertThatThrownBy(() -> new ThumbnailatorEngine().renderAll(photo, Presets.DEFAULT))
                .hasMessageContaining("no WEBP writer");
    }

    @Test
    void childProcessReportsItsRunsAndPeakRss() throws Exception {
        var launcher = new EngineLauncher(EngineLauncher.currentJava(), System.getProperty("java.class.path"),
                java.util.Optional.empty(), java.util.Optional.empty(), java.time.Duration.ofMinutes(2));

        Measurement m = launcher.runJvm(ThumbnailatorEngine.NAME, Presets.JPEG, smallPhoto(), List.of("-Xmx64m"), 0, 1);

        assertThat(m.error()).isNull();
        assertThat(m.wallNanos()).hasSize(1);
        assertThat(m.cpuNanos()).hasSize(1);
        assertThat(m.peakRssKiB()).isPositive();
        assertThat(m.renditions()).hasSize(Presets.JPEG.sizes().size());
        assertThat(m.runtime()).contains("Thumbnailator");
    }

    @Test
    void childThatCannotRunBecomesAFailedMeasurementSayingWhy() {
        var launcher = new EngineLauncher(EngineLauncher.currentJava(), System.getProperty("java.class.path"),
                java.util.Optional.empty(), java.util.Optional.empty(), java.time.Duration.ofMinutes(2));

        Measurement m = launcher.runJvm(ThumbnailatorEngine.NAME, Presets.JPEG, dir.resolve("missing.jpg"), List.of(), 0, 1);

        assertThat(m.ok()).isFalse();
        assertThat(m.error()).contains("missing.jpg");
    }

    private Path smallPhoto() throws IOException {
        Path file = dir.resolve("small.jpg");
        if (file.toFile().exists()) return file;
        BufferedImage image = new BufferedImage(400, 300, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, 400, 300, Color.BLUE));
        g.fillRect(0, 0, 400, 300);
        g.dispose();
        ImageIO.write(image, "jpeg", file.toFile());
        return file;
    }
}
