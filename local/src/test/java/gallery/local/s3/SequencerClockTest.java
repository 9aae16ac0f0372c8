package gallery.local.s3;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SequencerClockTest {
    @Test
    void sequencersKeepIncreasingAtTheSameFixedWidth() {
        SequencerClock clock = new SequencerClock();
        String previous = clock.next();
        for (int i = 0; i < 10_000; i++) {
            String next = clock.next();
            assertThat(next).hasSize(18).isGreaterThan(previous);
            previous = next;
        }
    }
}
