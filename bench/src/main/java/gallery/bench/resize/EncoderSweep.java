package gallery.bench.resize;

import gallery.core.preset.OutputFormat;
import gallery.imaging.Encoding;
import gallery.imaging.Renderer;
import gallery.imaging.Encoded;
import gallery.resize.OnDemandEncoding;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Encoder effort against bytes and time, for on-demand output: the resizer's own work (decode the
 * stored rendition it would read, resize, encode) in this process, for each effort of WebP and AVIF,
 * at the largest rung of each band. Effort is the one knob that trades bytes for a viewer's wait.
 */
final class EncoderSweep {
    /** One measured cell: output edge, the source rendition's edge, the encoding, median and fastest time, bytes. */
    record Cell(int edge, int sourceEdge, OutputFormat format, int quality, int effort, long medianMillis, long cpuMillis, int bytes) {
    }

    /** WebP's efforts, all of them; AVIF's from 4 take seconds at these sizes (libaom: 3.9 s for 936 px), no viewer waits that long. */
    static final List<Integer> WEBP_EFFORTS = List.of(0, 1, 2, 3, 4, 5, 6);
    static final List<Integer> AVIF_EFFORTS = List.of(0, 1, 2, 3);

    private EncoderSweep() {
    }

    /**
     * @param sources the stored renditions the resizer would read, by the output edge each serves
     *                ({@code edges[i]} from {@code sources[i]})
     */
    static List<Cell> run(Renderer renderer, int[] edges, int[] sourceEdges, byte[][] sources, int runs, PrintStream out) {
        List<Cell> cells = new ArrayList<>();
        for (int i = 0; i < edges.length; i++) {
            for (OutputFormat format : List.of(OutputFormat.WEBP, OutputFormat.AVIF)) {
                if (!renderer.canEncode(format)) continue;
                for (int effort : format == OutputFormat.WEBP ? WEBP_EFFORTS : AVIF_EFFORTS) {
                    Encoding encoding = new Encoding(format, OnDemandEncoding.of(format).quality(), effort);
                    Cell c = measure(renderer, edges[i], sourceEdges[i], sources[i], encoding, runs);
                    out.printf(Locale.ROOT, "  %d px from %d, %s effort %d: %d ms (median of %d), CPU %d ms, %,d bytes%n",
                            c.edge(), c.sourceEdge(), format, effort, c.medianMillis(), runs, c.cpuMillis(), c.bytes());
                    cells.add(c);
                }
            }
        }
        return cells;
    }

    private static Cell measure(Renderer renderer, int edge, int sourceEdge, byte[] source, Encoding encoding, int runs) {
        renderer.resize("source", source, edge, edge, encoding); // warm-up: the encoder's first use is slow
        long[] millis = new long[runs];
        long[] cpu = new long[runs];
        int bytes = 0;
        for (int r = 0; r < runs; r++) {
            long c = processCpuNanos();
            long t = System.nanoTime();
            Encoded out = renderer.resize("source", source, edge, edge, encoding);
            millis[r] = (System.nanoTime() - t) / 1_000_000;
            cpu[r] = (processCpuNanos() - c) / 1_000_000;
            bytes = out.bytes();
        }
        Arrays.sort(millis);
        Arrays.sort(cpu);
        return new Cell(edge, sourceEdge, encoding.format(), encoding.quality(), encoding.effort(), millis[runs / 2], cpu[runs / 2], bytes);
    }

    /**
     * CPU time of this whole process (libvips' threads included), which a busy machine stretches far less than wall
     * time: on 2 shared cores at load 10-17 a render's wall time was 2-5× its CPU time.
     */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
