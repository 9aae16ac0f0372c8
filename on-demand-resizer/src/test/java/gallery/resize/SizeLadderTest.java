package gallery.resize;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SizeLadderTest {
    private final SizeLadder ladder = new SizeLadder(16, 4096);

    @Test
    void isBoundedSoAPhotoHasFewVariants() {
        List<Integer> rungs = ladder.rungs();
        assertThat(rungs.getFirst()).isEqualTo(16);
        assertThat(rungs.getLast()).isEqualTo(4096);
        assertThat(rungs).hasSize(54).isSorted().doesNotHaveDuplicates();
        assertThat(rungs).allSatisfy(r -> assertThat(r % 8).isZero());
    }

    @Test
    void eachRungIsAtMostElevenPercentAboveTheOneBelowOrOneSmallStep() {
        List<Integer> rungs = ladder.rungs();
        for (int i = 1; i < rungs.size(); i++) {
            int below = rungs.get(i - 1);
            int rung = rungs.get(i);
            // Rounding to multiples of 8 dominates at thumbnail sizes: there a step is at most 16 px.
            assertThat(rung - below <= 16 || (double) rung / below < 1.11).as("%d after %d", rung, below).isTrue();
        }
    }

    @Test
    void snapsUpSoThePictureIsNeverSmallerThanAsked() {
        for (int edge = 16; edge <= 4096; edge++) {
            int snapped = ladder.snapUp(edge);
            assertThat(snapped).isGreaterThanOrEqualTo(edge).isIn(ladder.rungs());
        }
        assertThat(ladder.snapUp(1024)).isEqualTo(1024);
        assertThat(ladder.snapUp(1000)).isEqualTo(1024);
        assertThat(ladder.snapUp(1025)).isEqualTo(1120);
    }

    @Test
    void rungsDoNotDependOnTheConfiguredBounds() {
        SizeLadder narrow = new SizeLadder(100, 2000);
        assertThat(narrow.rungs().getLast()).isEqualTo(2000);
        assertThat(narrow.rungs().subList(0, narrow.rungs().size() - 1)).isSubsetOf(ladder.rungs());
        assertThat(narrow.rungs().getFirst()).isGreaterThanOrEqualTo(100);
    }

    @Test
    void refusesImpossibleBounds() {
        assertThatThrownBy(() -> new SizeLadder(8, 100)).hasMessageContaining("16 <= min <= max");
        assertThatThrownBy(() -> new SizeLadder(200, 100)).hasMessageContaining("200..100");
    }
}
