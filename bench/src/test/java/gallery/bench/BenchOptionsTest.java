package gallery.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchOptionsTest {
    @Test
    void quickRunsOnceWithoutWarmUpAndLeavesTheCommittedResultsAlone() {
        var o = BenchOptions.parse("--quick");

        assertThat(o.runs()).isEqualTo(1);
        assertThat(o.warmup()).isZero();
        assertThat(o.resultsFile(Path.of("/repo"))).isEmpty();
        assertThat(BenchOptions.parse("--quick", "--out", "x.md").resultsFile(Path.of("/repo"))).contains(Path.of("x.md"));
    }

    @Test
    void fullRunWritesTheResultsFileAndRecordsTheCommand() {
        var o = BenchOptions.parse("--runs", "7", "--warmup", "1");

        assertThat(o.resultsFile(Path.of("/repo"))).contains(Path.of("/repo/bench/results/renderer.md"));
        assertThat(o.commandLine()).isEqualTo("./gallery bench --runs 7 --warmup 1");
    }

    @Test
    void badValuesAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> BenchOptions.parse("--runs", "0")).hasMessageContaining("--runs 0");
        assertThatThrownBy(() -> BenchOptions.parse("--engines", "ours,imagemagick")).hasMessageContaining("--engines ours,imagemagick");
        assertThatThrownBy(() -> BenchOptions.parse("--warmup")).hasMessageContaining("--warmup needs a value");
        assertThatThrownBy(() -> BenchOptions.parse("--fast")).hasMessageContaining("unknown option '--fast'");
    }
}
