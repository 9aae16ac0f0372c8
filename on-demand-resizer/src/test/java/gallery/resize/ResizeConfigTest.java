package gallery.resize;

import gallery.core.config.ConfigException;
import gallery.core.config.Env;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResizeConfigTest {
    private static Map<String, String> complete() {
        Map<String, String> env = new HashMap<>();
        env.put("ORIGINALS_BUCKET", "originals");
        env.put("DERIVED_BUCKET", "derived");
        env.put("PHOTO_TABLE", "photos");
        return env;
    }

    @Test
    void defaultsKeepEveryInlineAnswerUnderLambdasLimit() {
        ResizeConfig c = ResizeConfig.fromEnv(new Env(complete()));
        assertThat(c.minSize()).isEqualTo(16);
        assertThat(c.maxSize()).isEqualTo(4096);
        // base64 makes 4/3 of it; Lambda's response payload limit is 6 MB.
        assertThat(c.inlineMaxBytes() * 4L / 3).isLessThan(6_000_000L);
        assertThat(c.ladder().rungs().getLast()).isEqualTo(4096);
    }

    @Test
    void refusesAnInlineLimitThatCouldNotBeAnswered() {
        Map<String, String> env = complete();
        env.put("RESIZE_INLINE_MAX_BYTES", "6000000");
        assertThatThrownBy(() -> ResizeConfig.fromEnv(new Env(env)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RESIZE_INLINE_MAX_BYTES=6000000 is out of range");
    }

    @Test
    void namesEveryProblemAtOnce() {
        Map<String, String> env = new HashMap<>();
        env.put("RESIZE_MIN_SIZE", "512");
        env.put("RESIZE_MAX_SIZE", "256");
        assertThatThrownBy(() -> ResizeConfig.fromEnv(new Env(env)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ORIGINALS_BUCKET is not set")
                .hasMessageContaining("DERIVED_BUCKET is not set")
                .hasMessageContaining("PHOTO_TABLE is not set")
                .hasMessageContaining("RESIZE_MAX_SIZE=256 is below RESIZE_MIN_SIZE=512");
    }
}
