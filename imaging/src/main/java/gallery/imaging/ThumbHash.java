package gallery.imaging;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * ThumbHash (Evan Wallace, https://evanw.github.io/thumbhash/): a ~25-byte placeholder holding an
 * image's average colour, aspect ratio, alpha and a few low-frequency DCT terms of luminance and
 * two chroma channels. The gallery grid paints it (decoded in the browser) while the rendition loads.
 * This is the published encoder ({@code rgbaToThumbHash}) transcribed.
 */
public final class ThumbHash {
    private ThumbHash() {
    }

    /**
     * Encodes an image of at most 100×100 pixels.
     *
     * @param rgba {@code w*h*4} bytes, R G B A per pixel, row by row
     */
    public static byte[] encode(int w, int h, byte[] rgba) {
        if (w < 1 || h < 1 || w > 100 || h > 100) throw new IllegalArgumentException(w + "x" + h + " doesn't fit in 100x100");
        if (rgba.length != w * h * 4) throw new IllegalArgumentException("expected " + (w * h * 4) + " RGBA bytes, got " + rgba.length);
        double avgR = 0, avgG = 0, avgB = 0, avgA = 0;
        for (int i = 0, j = 0; i < w * h; i++, j += 4) {
            double alpha = (rgba[j + 3] & 0xFF) / 255.0;
            avgR += alpha / 255.0 * (rgba[j] & 0xFF);
            avgG += alpha / 255.0 * (rgba[j + 1] & 0xFF);
            avgB += alpha / 255.0 * (rgba[j + 2] & 0xFF);
            avgA += alpha;
        }
        if (avgA > 0) {
            avgR /= avgA;
            avgG /= avgA;
            avgB /= avgA;
        }
        boolean hasAlpha = avgA < w * h;
        int lLimit = hasAlpha ? 5 : 7; // fewer luminance terms when alpha needs room
        int lx = Math.max(1, (int) Math.round((double) (lLimit * w) / Math.max(w, h)));
        int ly = Math.max(1, (int) Math.round((double) (lLimit * h) / Math.max(w, h)));
        double[] l = new double[w * h], p = new double[w * h], q = new double[w * h], a = new double[w * h];
        // RGBA to LPQA, composited over the average colour.
        for (int i = 0, j = 0; i < w * h; i++, j += 4) {
            double alpha = (rgba[j + 3] & 0xFF) / 255.0;
            double r = avgR * (1 - alpha) + alpha / 255.0 * (rgba[j] & 0xFF);
            double g = avgG * (1 - alpha) + alpha / 255.0 * (rgba[j + 1] & 0xFF);
            double b = avgB * (1 - alpha) + alpha / 255.0 * (rgba[j + 2] & 0xFF);
            l[i] = (r + g + b) / 3;
            p[i] = (r + g) / 2 - b;
            q[i] = r - g;
            a[i] = alpha;
        }
        Channel lc = Channel.encode(l, w, h, Math.max(3, lx), Math.max(3, ly));
        Channel pc = Channel.encode(p, w, h, 3, 3);
        Channel qc = Channel.encode(q, w, h, 3, 3);
        Channel ac = hasAlpha ? Channel.encode(a, w, h, 5, 5) : null;

        boolean landscape = w > h;
        long header24 = Math.round(63 * lc.dc) | (Math.round(31.5 + 31.5 * pc.dc) << 6)
                | (Math.round(31.5 + 31.5 * qc.dc) << 12) | (Math.round(31 * lc.scale) << 18) | ((hasAlpha ? 1L : 0L) << 23);
        long header16 = (landscape ? ly : lx) | (Math.round(63 * pc.scale) << 3) | (Math.round(63 * qc.scale) << 9)
                | ((landscape ? 1L : 0L) << 15);
        List<double[]> acs = new ArrayList<>(List.of(lc.ac, pc.ac, qc.ac));
        if (hasAlpha) acs.add(ac.ac);
        int acCount = 0;
        for (double[] x : acs) acCount += x.length;
        int acStart = hasAlpha ? 6 : 5;
        byte[] hash = new byte[acStart + (acCount + 1) / 2];
        hash[0] = (byte) (header24 & 255);
        hash[1] = (byte) ((header24 >> 8) & 255);
        hash[2] = (byte) (header24 >> 16);
        hash[3] = (byte) (header16 & 255);
        hash[4] = (byte) (header16 >> 8);
        if (hasAlpha) hash[5] = (byte) (Math.round(15 * ac.dc) | (Math.round(15 * ac.scale) << 4));
        int index = 0;
        for (double[] x : acs) {
            for (double f : x) {
                hash[acStart + (index >> 1)] |= (byte) (Math.round(15 * f) << ((index & 1) << 2));
                index++;
            }
        }
        return hash;
    }

    /** {@link #encode} as standard base64, the form stored in the index and sent to the browser. */
    public static String encodeBase64(int w, int h, byte[] rgba) {
        return Base64.getEncoder().encodeToString(encode(w, h, rgba));
    }

    private record Channel(double dc, double[] ac, double scale) {
        static Channel encode(double[] channel, int w, int h, int nx, int ny) {
            double dc = 0, scale = 0;
            List<Double> ac = new ArrayList<>();
            double[] fx = new double[w];
            for (int cy = 0; cy < ny; cy++) {
                for (int cx = 0; cx * ny < nx * (ny - cy); cx++) {
                    double f = 0;
                    for (int x = 0; x < w; x++) fx[x] = Math.cos(Math.PI / w * cx * (x + 0.5));
                    for (int y = 0; y < h; y++) {
                        double fy = Math.cos(Math.PI / h * cy * (y + 0.5));
                        for (int x = 0; x < w; x++) f += channel[x + y * w] * fx[x] * fy;
                    }
                    f /= w * h;
                    if (cx > 0 || cy > 0) {
                        ac.add(f);
                        scale = Math.max(scale, Math.abs(f));
                    } else {
                        dc = f;
                    }
                }
            }
            double[] out = new double[ac.size()];
            for (int i = 0; i < out.length; i++) out[i] = scale > 0 ? 0.5 + 0.5 / scale * ac.get(i) : ac.get(i);
            return new Channel(dc, out, scale);
        }
    }
}
