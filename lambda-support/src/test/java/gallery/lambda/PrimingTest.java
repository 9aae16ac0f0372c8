package gallery.lambda;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class PrimingTest {
    @Test
    void theHookRunsThePrimeOnce() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Priming priming = Priming.register("test", runs::incrementAndGet);
        priming.beforeCheckpoint(null);
        priming.afterRestore(null);
        assertThat(runs).hasValue(1);
    }

    @Test
    void aFailingPrimeNeverRefusesTheSnapshot() {
        Priming priming = Priming.register("broken", () -> {
            throw new IllegalStateException("no libvips here");
        });
        assertThatCode(() -> priming.beforeCheckpoint(null)).doesNotThrowAnyException();
    }

    @Test
    void sampleJpegIsAJpegOfTheAskedSize() throws Exception {
        byte[] jpeg = Priming.sampleJpeg(64, 48);
        assertThat(jpeg).startsWith(0xFF, 0xD8, 0xFF);
        java.awt.image.BufferedImage read = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
        assertThat(read.getWidth()).isEqualTo(64);
        assertThat(read.getHeight()).isEqualTo(48);
    }
}
