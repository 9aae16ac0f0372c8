package gallery.bench;

import gallery.core.Rendition;
import gallery.core.Json;
import gallery.core.preset.Presets;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child-process side of the bench: one engine, one preset, one photo, in a JVM of its own so
 * the peak RSS it reports is that engine's alone. Prints one {@link #RESULT_PREFIX} line of JSON.
 *
 * <pre>java -cp bench.jar gallery.bench.EngineRun ENGINE PRESET PHOTO WARMUP RUNS</pre>
 */
public final class EngineRun {
    static final String RESULT_PREFIX = "BENCH-RESULT ";

    private EngineRun() {
    }

    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println("usage: EngineRun ENGINE PRESET PHOTO WARMUP RUNS");
            System.exit(2);
        }
        Measurement m = measure(args[0], args[1], Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        System.out.println(RESULT_PREFIX + Json.write(m));
        System.exit(m.error() == null ? 0 : 1);
    }

    static Measurement measure(String engineName, String presetName, Path photo, int warmup, int runs) {
        var preset = Presets.require(presetName);
        String photoName = photo.getFileName().toString();
        try {
            byte[] original = Files.readAllBytes(photo);
            Engine engine = Engine.create(engineName);
            List<Rendition> renditions = null;
            for (int i = 0; i < warmup; i++) renditions = engine.renderAll(original, preset);
            List<Long> wall = new ArrayList<>(runs);
            List<Long> cpu = new ArrayList<>(runs);
            for (int i = 0; i < runs; i++) {
                long cpu0 = processCpuNanos();
                long t0 = System.nanoTime();
                renditions = engine.renderAll(original, preset);
                wall.add(System.nanoTime() - t0);
                cpu.add(processCpuNanos() - cpu0);
            }
            return new Measurement(engineName, presetName, photoName, wall, cpu, peakRssKiB(), renditions, engine.runtime(), null);
        } catch (Throwable e) {
            // an OutOfMemoryError is a result too: the big arrays are unreachable by now, so report it with the RSS it reached
            String reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return Measurement.failed(engineName, presetName, photoName, peakRssKiB(), reason);
        }
    }

    /** CPU time of every thread in this process: libvips workers and the GC count, as they do for the bill. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The process's peak resident set size (VmHWM), or -1 where /proc is not there. */
    static long peakRssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }
}
