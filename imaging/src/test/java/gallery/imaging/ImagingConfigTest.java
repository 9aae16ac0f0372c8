package gallery.imaging;

import gallery.core.config.ConfigException;
import gallery.core.config.Env;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImagingConfigTest {
    @Test
    void defaults() {
        ImagingConfig c = ImagingConfig.fromEnv(new Env(Map.of()));
        assertThat(c).isEqualTo(ImagingConfig.defaults());
        assertThat(c.maxPixels()).isEqualTo(200_000_000L);
        assertThat(c.maxBytes()).isEqualTo(200L * 1024 * 1024);
        assertThat(c.encodeThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void readsEveryVariable() {
        ImagingConfig c = ImagingConfig.fromEnv(new Env(Map.of("VIPS_CONCURRENCY", "2", "MAX_PIXELS", "50_000_000",
                "MAX_BYTES", "1048576", "MAX_FRAMES", "10", "ENCODE_THREADS", "3")));
        assertThat(c.concurrency()).isEqualTo(2);
        assertThat(c.encodeThreads()).isEqualTo(3);
        assertThat(c.maxPixels()).isEqualTo(50_000_000L);
        assertThat(c.maxBytes()).isEqualTo(1_048_576L);
        assertThat(c.maxFrames()).isEqualTo(10);
    }

    @Test
    void namesEveryBadVariable() {
        assertThatThrownBy(() -> ImagingConfig.fromEnv(new Env(Map.of("VIPS_LIBRARY", "/nope/libvips.so",
                "VIPS_CONCURRENCY", "many", "MAX_PIXELS", "0", "ENCODE_THREADS", "0"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContainingAll("VIPS_LIBRARY=/nope/libvips.so does not exist", "VIPS_CONCURRENCY=many",
                        "MAX_PIXELS=0 is out of range", "ENCODE_THREADS=0 is out of range");
    }
}
