package gallery.resize;

import gallery.core.PhotoKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalTest {
    private final SizeLadder ladder = new SizeLadder(16, 4096);

    @Test
    void theBoxIsReducedToTheFittedLongestEdgeSnappedUp() {
        // A 4000x3000 photo in a 1366x768 box is 1024x768: longest edge 1024, a rung.
        Canonical c = Canonical.of(1366, 768, 4000, 3000, ladder);
        assertThat(c.edge()).isEqualTo(1024);
        assertThat(c.outputEdge()).isEqualTo(1024);
        assertThat(c.matches(1366, 768)).isFalse();
        assertThat(c.matches(1024, 1024)).isTrue();
    }

    @Test
    void boxesGivingTheSamePictureShareOneUrl() {
        Canonical a = Canonical.of(1000, 2000, 4000, 3000, ladder);
        Canonical b = Canonical.of(1010, 757, 4000, 3000, ladder);
        assertThat(a).isEqualTo(b);
        assertThat(a.edge()).isEqualTo(1024);
    }

    @Test
    void theCanonicalUrlIsAFixedPoint() {
        int[][] photos = {{4000, 3000}, {3000, 4000}, {5640, 3172}, {333, 777}, {100, 100}, {4097, 1}};
        for (int[] p : photos) {
            for (int w = 16; w <= 4096; w += 37) {
                for (int h : new int[]{16, 300, 767, 4096}) {
                    Canonical c = Canonical.of(w, h, p[0], p[1], ladder);
                    Canonical again = Canonical.of(c.edge(), c.edge(), p[0], p[1], ladder);
                    assertThat(again).as("%dx%d for %dx%d", w, h, p[0], p[1]).isEqualTo(c);
                }
            }
        }
    }

    @Test
    void neverUpscalesAndCollapsesEveryLargerBoxToOneUrl() {
        Canonical big = Canonical.of(4096, 4096, 800, 600, ladder);
        Canonical bigger = Canonical.of(2000, 3000, 800, 600, ladder);
        assertThat(big).isEqualTo(bigger);
        assertThat(big.outputEdge()).isEqualTo(800);
        assertThat(big.edge()).isEqualTo(ladder.snapUp(800));
    }

    @Test
    void aPhotoLargerThanTheLimitIsServedAtMostAtTheLimit() {
        Canonical c = Canonical.of(4096, 4096, 5640, 3172, ladder);
        assertThat(c.edge()).isEqualTo(4096);
        assertThat(c.outputEdge()).isEqualTo(4096);
    }

    @Test
    void urlsEncodeTheKeyPerSegment() {
        Canonical c = Canonical.of(1024, 1024, 4000, 3000, ladder);
        assertThat(c.url(PhotoKey.of("photos/Été 2024/a+b.jpg"), "0123abcd"))
                .isEqualTo("/resize/1024x1024/photos/%C3%89t%C3%A9%202024/a%2Bb.jpg?v=0123abcd");
    }
}
