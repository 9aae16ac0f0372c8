package gallery.bench.load;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadOptionsTest {
    @Test
    void defaultsAreTheIssuesFigure() {
        LoadOptions o = LoadOptions.parse();

        assertThat(o.photos()).isEqualTo(1000);
        assertThat(o.viewers()).isEqualTo(50);
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.think()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.albums()).isEqualTo(4);
        assertThat(o.out()).contains(Path.of("bench/results/load.md"));
        assertThat(o.data()).isEmpty();
        assertThat(o.command()).isEqualTo("./gallery bench load");
    }

    @Test
    void everyOptionIsRead() {
        LoadOptions o = LoadOptions.parse("--photos", "20", "--viewers", "5", "--duration", "2m", "--think", "0", "--albums", "8",
                "--out", "-", "--data", "/tmp/d", "--jar", "x.jar", "--root", "/r", "--seed", "-3");

        assertThat(o.photos()).isEqualTo(20);
        assertThat(o.viewers()).isEqualTo(5);
        assertThat(o.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.think()).isEqualTo(Duration.ZERO);
        assertThat(o.albums()).isEqualTo(8);
        assertThat(o.out()).isEmpty();
        assertThat(o.data()).contains(Path.of("/tmp/d"));
        assertThat(o.jar()).contains(Path.of("x.jar"));
        assertThat(o.root()).isEqualTo(Optional.of(Path.of("/r")));
        assertThat(o.seed()).isEqualTo(-3);
        assertThat(o.command()).startsWith("./gallery bench load --photos 20 --viewers 5");
    }

    @Test
    void durationsTakeMillisecondsSecondsMinutesOrABareNumberOfSeconds() {
        assertThat(LoadOptions.duration("--think", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(LoadOptions.duration("--duration", "60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(LoadOptions.duration("--duration", "2M")).isEqualTo(Duration.ofMinutes(2));
        assertThat(LoadOptions.duration("--duration", "45")).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void badInputNamesTheOptionAndWhatWasExpected() {
        assertThatThrownBy(() -> LoadOptions.parse("--photos", "many")).hasMessage("--photos many: expected a whole number");
        assertThatThrownBy(() -> LoadOptions.parse("--photos", "0")).hasMessage("--photos 0: expected at least 1");
        assertThatThrownBy(() -> LoadOptions.parse("--viewers")).hasMessage("--viewers needs a value");
        assertThatThrownBy(() -> LoadOptions.parse("--albums", "9")).hasMessage("--albums 9: expected 1..8");
        assertThatThrownBy(() -> LoadOptions.parse("--duration", "1h")).hasMessageContaining("expected a duration such as 500ms, 60s or 2m");
        assertThatThrownBy(() -> LoadOptions.parse("--duration", "0s")).hasMessageContaining("--duration: expected more than 0");
        assertThatThrownBy(() -> LoadOptions.parse("--seed", "x")).hasMessage("--seed x: expected a whole number");
        assertThatThrownBy(() -> LoadOptions.parse("--fast")).hasMessage("unknown option '--fast'");
    }
}
