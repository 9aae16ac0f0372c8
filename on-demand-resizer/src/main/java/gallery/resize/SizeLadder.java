package gallery.resize;

import java.util.ArrayList;
import java.util.List;

/**
 * The only output sizes the resizer renders: a geometric ladder of longest edges, each rung about
 * 9% above the one below (a factor of 2^(1/8), rounded to a multiple of 8), bounded by the
 * configured minimum and maximum. A request is answered with the smallest rung at least as large as
 * what it asked for, so the picture is never smaller than asked and about 9% larger on an edge at
 * worst (11% where rounding to a multiple of 8 bites; 16 px at thumbnail sizes).
 * <p>
 * Why a ladder: the cost of an odd size is one render per distinct URL, and the edge caches one copy
 * per URL. With every width allowed a script could request 4,000 widths of each photo; with the
 * ladder from 16 to 4096 there are 54 sizes (16, 24, ... 936, 1024, 1120, ... 3760, 4096), so at
 * most 54 renders per photo version and format, whatever anyone asks. A geometric ladder (rather than multiples of 64) keeps the overshoot the same fraction at
 * thumbnail and at 4K sizes: +63 px on a 64 px thumbnail would be double the bytes.
 */
public final class SizeLadder {
    /** Rungs are computed from this base so they are the same whatever the configured bounds. */
    static final int BASE = 16;
    static final double STEP = Math.pow(2, 1.0 / 8);

    private final int min;
    private final int max;
    private final List<Integer> rungs;

    public SizeLadder(int min, int max) {
        if (min < BASE || max < min) {
            throw new IllegalArgumentException("size bounds must satisfy " + BASE + " <= min <= max, got " + min + ".." + max);
        }
        this.min = min;
        this.max = max;
        List<Integer> r = new ArrayList<>();
        for (int i = 0; ; i++) {
            int rung = (int) (Math.round(BASE * Math.pow(STEP, i) / 8.0) * 8);
            if (rung >= max) break;
            if (rung >= min && (r.isEmpty() || rung > r.getLast())) r.add(rung);
        }
        r.add(max);
        this.rungs = List.copyOf(r);
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }

    public List<Integer> rungs() {
        return rungs;
    }

    /** The smallest rung at least {@code edge}; {@code edge} must be within the bounds. */
    public int snapUp(int edge) {
        if (edge > max) throw new IllegalArgumentException("edge " + edge + " is above the largest size " + max);
        for (int r : rungs) {
            if (r >= edge) return r;
        }
        return max;
    }
}
