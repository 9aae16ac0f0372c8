package gallery.imaging;

import gallery.core.config.Env;
import gallery.core.preset.Presets;
import gallery.imaging.vips.Heif;
import gallery.imaging.vips.Vips;
import gallery.imaging.vips.VipsImage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Renders HEIC files in a process of its own, configured from the environment as the resizer
 * Lambda is ({@link ImagingConfig#fromEnv}: {@code VIPS_LIBRARY}, {@code HEIF_LIBRARY}), and prints
 * what happened, one tab-separated line each, for {@link HeicLayerTwinIT}:
 * <pre>
 * LIBRARY  what the renderer loaded
 * OK       file  width  height                  (largest JPEG rendition written to OUT/file.jpg)
 * FAIL     file  message
 * TIME     file  decode ms (median)  render ms (median, the default WebP preset)
 * MAP      every shared object mapped into this process, at the end
 * </pre>
 * usage: HeicProbe OUT RUNS FILE... (RUNS 0: no timing)
 */
public final class HeicProbe {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        ImagingConfig config = ImagingConfig.fromEnv(Env.system());
        Renderer renderer = new Renderer(config);
        System.out.println("LIBRARY\t" + renderer.library());
        for (String f : Arrays.copyOfRange(args, 2, args.length)) {
            Path file = Path.of(f);
            String name = file.getFileName().toString();
            byte[] bytes = Files.readAllBytes(file);
            try {
                RenderResult r = renderer.render(name, bytes, Presets.JPEG);
                Files.write(out.resolve(name + ".jpg"), r.renditions().getLast().data());
                System.out.println("OK\t" + name + "\t" + r.width() + "\t" + r.height());
            } catch (BadImage e) {
                System.out.println("FAIL\t" + name + "\t" + e.getMessage());
                continue;
            }
            if (runs > 0) System.out.println("TIME\t" + name + "\t" + decodeMs(config, bytes, runs) + "\t" + renderMs(renderer, name, bytes, runs));
        }
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            TreeSet<String> libs = new TreeSet<>();
            maps.map(l -> l.indexOf('/') < 0 ? "" : l.substring(l.indexOf('/'))).filter(p -> p.contains(".so")).forEach(libs::add);
            libs.forEach(l -> System.out.println("MAP\t" + l));
        }
    }

    /** Median ms to decode the whole image into memory, as the renderer does: libheif when configured, else heifload. */
    private static long decodeMs(ImagingConfig config, byte[] bytes, int runs) {
        Vips vips = Vips.load(config.vipsLibrary(), config.concurrency());
        Heif heif = config.heifLibrary().map(Heif::load).orElse(null);
        long[] ms = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            try (Vips.NativeBuffer buf = vips.buffer(bytes);
                 VipsImage img = heif != null ? heif.decode(vips, buf) : vips.loadBuffer("heifload_buffer", buf);
                 VipsImage mem = vips.copyMemory(img)) {
                if (mem.width() == 0) throw new IllegalStateException("empty");
            }
            ms[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        return median(ms);
    }

    private static long renderMs(Renderer renderer, String name, byte[] bytes, int runs) {
        long[] ms = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            renderer.render(name, bytes, Presets.DEFAULT);
            ms[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        return median(ms);
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
