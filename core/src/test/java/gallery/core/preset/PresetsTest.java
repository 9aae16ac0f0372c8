package gallery.core.preset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PresetsTest {
    @Test
    void theDefaultIsFoundByItsName() {
        assertThat(Presets.DEFAULT.name()).isEqualTo(Presets.DEFAULT_NAME);
        assertThat(Presets.byName(Presets.DEFAULT_NAME)).contains(Presets.DEFAULT);
        assertThat(Presets.require(Presets.JPEG.name())).isEqualTo(Presets.JPEG);
    }

    @Test
    void anUnknownNameIsAnsweredWithEveryKnownOneDefaultFirst() {
        assertThat(Presets.expected()).isEqualTo("expected " + Presets.DEFAULT.name() + " or " + Presets.JPEG.name());
        assertThatThrownBy(() -> Presets.require("huge")).hasMessage("unknown preset 'huge': " + Presets.expected());
    }
}
