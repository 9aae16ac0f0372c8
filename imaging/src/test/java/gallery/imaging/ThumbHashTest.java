package gallery.imaging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThumbHashTest {
    static byte[] rgba(int w, int h, int r, int g, int b, int a) {
        byte[] px = new byte[w * h * 4];
        for (int i = 0; i < w * h; i++) {
            px[i * 4] = (byte) r;
            px[i * 4 + 1] = (byte) g;
            px[i * 4 + 2] = (byte) b;
            px[i * 4 + 3] = (byte) a;
        }
        return px;
    }

    /** The average colour as the published decoder reads it back (thumbHashToAverageRGBA). */
    static int[] averageRgb(byte[] hash) {
        int header = (hash[0] & 255) | ((hash[1] & 255) << 8) | ((hash[2] & 255) << 16);
        double l = (header & 63) / 63.0;
        double p = ((header >> 6) & 63) / 31.5 - 1;
        double q = ((header >> 12) & 63) / 31.5 - 1;
        double b = l - 2.0 / 3 * p;
        double r = (3 * l - b + q) / 2;
        double g = r - q;
        return new int[]{(int) Math.round(255 * clamp(r)), (int) Math.round(255 * clamp(g)), (int) Math.round(255 * clamp(b))};
    }

    static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    @Test
    void solidColourRoundTripsThroughTheAverage() {
        byte[] hash = ThumbHash.encode(64, 32, rgba(64, 32, 200, 120, 40, 255));
        assertThat(hash).hasSize(5 + (18 + 5 + 5) / 2); // 7x4 grid: 18 luminance AC terms, 5 + 5 chroma
        int[] avg = averageRgb(hash);
        assertThat(avg[0]).isBetween(192, 208);
        assertThat(avg[1]).isBetween(112, 128);
        assertThat(avg[2]).isBetween(32, 48);
        assertThat((hash[4] & 0x80) != 0).as("landscape flag").isTrue();
        assertThat((hash[2] & 0x80) != 0).as("alpha flag").isFalse();
    }

    @Test
    void portraitAndAlphaAreFlagged() {
        byte[] hash = ThumbHash.encode(30, 90, rgba(30, 90, 10, 10, 10, 128));
        assertThat((hash[4] & 0x80) != 0).as("landscape flag").isFalse();
        assertThat((hash[2] & 0x80) != 0).as("alpha flag").isTrue();
    }

    @Test
    void refusesOversizedInput() {
        assertThatThrownBy(() -> ThumbHash.encode(101, 10, new byte[101 * 10 * 4])).isInstanceOf(IllegalArgumentException.class);
    }
}
