package gallery.bench.load;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatenciesTest {
    @Test
    void nearestRankOfOneToAHundredIsTheRankItself() {
        long[] values = LongStream.rangeClosed(1, 100).map(i -> 101 - i).toArray(); // unsorted on purpose

        Latencies l = Latencies.of(values);

        assertThat(l).isEqualTo(new Latencies(100, 50, 95, 99, 100));
        assertThat(values[0]).as("the input is not sorted in place").isEqualTo(100);
    }

    @Test
    void smallSetsGiveMeasuredValuesNeverInterpolatedOnes() {
        // ranks: p50 → ceil(0.5 × 3) = 2nd, p95 and p99 → 3rd
        assertThat(Latencies.of(List.of(30L, 10L, 20L))).isEqualTo(new Latencies(3, 20, 30, 30, 30));
        assertThat(Latencies.of(new long[]{7})).isEqualTo(new Latencies(1, 7, 7, 7, 7));
        // 1000 values: p99 is the 990th, so the ten slowest stay above it
        long[] thousand = LongStream.rangeClosed(1, 1000).toArray();
        assertThat(Latencies.of(thousand).p99()).isEqualTo(990);
    }

    @Test
    void noValuesIsNone() {
        assertThat(Latencies.of(new long[0])).isEqualTo(Latencies.NONE);
        assertThat(Latencies.of(List.of()).count()).isZero();
    }

    @Test
    void percentileOutsideItsRangeIsRefused() {
        assertThatThrownBy(() -> Latencies.percentile(new long[]{1, 2}, 0)).hasMessageContaining("percentile 0.0");
        assertThatThrownBy(() -> Latencies.percentile(new long[]{1, 2}, 101)).hasMessageContaining("0 < p <= 100");
        assertThatThrownBy(() -> Latencies.percentile(new long[0], 50)).hasMessageContaining("no values");
    }
}
