package gallery.bench.load;

import gallery.bench.load.RequestLog.Kind;
import gallery.bench.load.RequestLog.Sample;
import gallery.bench.load.RequestLog.Screen;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The Markdown of a load run: the machine, phase 1 (ingest), phase 2 (viewers), and what went wrong. */
final class LoadReport {
    /** Where and how it ran. */
    record Machine(String date, int cores, long memoryMb, String jdk, String libvips, String os) {
    }

    private LoadReport() {
    }

    static String format(String command, Machine m, IngestPhase.Result ingest, ViewerPhase.Result viewers, String liveHeap,
                         List<String> galleryWarnings) {
        StringBuilder b = new StringBuilder();
        b.append("# Load: ingest and viewers on the local stack\n\n");
        b.append("`").append(command).append("`\n\n");
        b.append("The gallery (`local/target/local.jar`, what `./gallery up` runs) in its own process on 127.0.0.1; the load\n")
                .append("generator in another JVM, so the memory and CPU below are the gallery's alone. ")
                .append(String.format(Locale.ROOT, "%s, %d cores, %,d MB RAM, %s, JDK %s, %s.%n%n", m.date(), m.cores(), m.memoryMb(), m.os(), m.jdk(), m.libvips()));

        b.append("## Phase 1: ingest\n\n");
        b.append(String.format(Locale.ROOT, """
                        %d photos (copies of the sample photos under distinct keys, %d albums) put through S3, %d at a time,
                        then the photo index polled every %d s until every row was READY or FAILED.

                        | | |
                        | --- | --- |
                        | photos | %,d: **%,d ready, %,d failed**%s |
                        | uploaded | %,.0f MB; every PUT returned after %.1f s |
                        | first PUT → last row settled | %.1f s |
                        | **throughput** | **%.1f photos/min** |
                        | latency PUT returned → row READY/FAILED, p50 / p95 / p99 / max | %s / %s / %s / %s |
                        | gallery peak RSS (sampled every %d ms) / VmHWM | %s / %s |
                        | gallery heap at the end of the phase (jcmd GC.heap_info) | %s |
                        | cognito-local (node) peak RSS | %s |
                        | gallery CPU | %.0f s, %.0f%% of %d cores over the phase |
                        | all processes on the machine (/proc/stat) | %.0f%% of the cores busy |
                        | load average (1 / 5 / 15 min) before → after | %s → %s |

                        The latency is the row's own `updatedAt` (set when the worker marks it READY) minus the instant the PUT
                        returned, both from this machine's clock: millisecond resolution, independent of the poll. Photos are
                        uploaded much faster than rendered, so it is mostly time spent waiting in the render queue: the p50 is
                        about half the phase, and says how long a photo from a large backup waits, not how long one render takes.
                        """,
                ingest.photos(), ingest.albums(), IngestPhase.UPLOADS_AT_ONCE,
                IngestPhase.POLL.toSeconds(), ingest.photos(), ingest.ready(), ingest.failed(),
                ingest.timedOut() ? " (**timed out**: " + (ingest.photos() - ingest.ready() - ingest.failed()) + " still pending)" : "",
                ingest.bytes() / 1e6, ingest.uploadWall().toMillis() / 1000.0, ingest.wall().toMillis() / 1000.0, ingest.photosPerMinute(),
                seconds(ingest.putToSettled().p50()), seconds(ingest.putToSettled().p95()), seconds(ingest.putToSettled().p99()),
                seconds(ingest.putToSettled().max()), SAMPLE_MS, mib(ingest.gallery().galleryPeakRssKb()), mib(ingest.gallery().galleryHwmKb()),
                ingest.gallery().heapAtEnd(), mib(ingest.gallery().childrenPeakRssKb()), ingest.gallery().galleryCpuSeconds(),
                100 * ingest.gallery().galleryCpuSeconds() / (m.cores() * Math.max(0.001, ingest.wall().toMillis() / 1000.0)), m.cores(),
                100 * ingest.machineBusy(), ingest.loadBefore(), ingest.loadAfter()));
        if (!ingest.failureReasons().isEmpty()) {
            b.append("\nFailed rows by reason:\n\n");
            ingest.failureReasons().forEach((reason, n) -> b.append("- ").append(n).append(" × ").append(reason).append('\n'));
        }

        List<Sample> samples = viewers.log().samples();
        Map<String, Integer> errors = viewers.log().errors();
        int errorCount = errors.values().stream().mapToInt(Integer::intValue).sum();
        long bytes = samples.stream().mapToLong(Sample::bytes).sum();
        double wall = Math.max(0.001, viewers.wall().toMillis() / 1000.0);
        // every request was started within the duration; the tail after it is requests finishing
        double window = Math.max(0.001, viewers.duration().toMillis() / 1000.0);
        b.append("\n## Phase 2: viewers\n\n");
        b.append(String.format(Locale.ROOT, """
                        %d viewers at once, each a loop on one virtual thread with its own HTTP client (HTTP/1.1, at most %d
                        connections, as a browser per host), through the edge only: sign in (Cognito USER_PASSWORD_AUTH via the
                        edge's /cognito/ proxy), POST /session for the signed cookies, list the albums, open one (viewer i takes
                        album i mod albums), and scroll it a screen at a time: album pages of %d photos fetched with the cursor,
                        every tile's thumbnail as the browser's srcset pick for the device, %.0f%% of screens followed by opening one
                        of their photos at the device's size (a preset rendition, or the on-demand resizer when none fits within
                        1.25×, as web/src/renditions.ts decides), a %d ms pause, and back to the album list at the album's end.
                        Devices cycle over %s. Requests under way at the deadline finish and count.

                        | | |
                        | --- | --- |
                        | requests, all started within the %d s | %,d: **%.0f requests/s**; the last answer came at %.1f s |
                        | bytes received | %,.1f MB: **%.1f MB/s** |
                        | **errors** (HTTP ≥ 400, no answer within %d s, or a wrong answer) | **%,d** |
                        | gallery peak RSS (sampled every %d ms) / VmHWM since start | %s / %s |
                        | gallery heap at the end of the phase / live after a full GC | %s / %s |
                        | cognito-local (node) peak RSS | %s |
                        | gallery CPU | %.0f s, %.0f%% of %d cores |
                        | all processes on the machine (/proc/stat) | %.0f%% of the cores busy |
                        | load average (1 / 5 / 15 min) before → after | %s → %s |

                        | request | count | answers | errors | edge cache hits | p50 ms | p95 ms | p99 ms | max ms | MB |
                        | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
                        """,
                viewers.viewers(), Viewer.CONNECTIONS, Viewer.PAGE_SIZE, Viewer.OPEN_SHARE * 100, viewers.think().toMillis(),
                String.join(", ", Screens.DEVICES.stream().map(Screens.Device::name).toList()),
                viewers.duration().toSeconds(), samples.size(), samples.size() / window, wall, bytes / 1e6, bytes / 1e6 / window,
                Viewer.TIMEOUT.toSeconds(), errorCount,
                SAMPLE_MS, mib(viewers.gallery().galleryPeakRssKb()), mib(viewers.gallery().galleryHwmKb()),
                viewers.gallery().heapAtEnd(), liveHeap, mib(viewers.gallery().childrenPeakRssKb()), viewers.gallery().galleryCpuSeconds(),
                100 * viewers.gallery().galleryCpuSeconds() / (m.cores() * wall), m.cores(), 100 * viewers.machineBusy(),
                viewers.loadBefore(), viewers.loadAfter()));
        Map<Kind, List<Sample>> byKind = new EnumMap<>(Kind.class);
        for (Sample s : samples) byKind.computeIfAbsent(s.kind(), k -> new ArrayList<>()).add(s);
        byKind.forEach((kind, list) -> b.append(kindRow(kind.label, list)));
        b.append(kindRow("**all**", samples));

        b.append("\nWhat a screen of thumbnails costs, against the same photos' originals:\n\n");
        b.append("| device | screens | photos per screen | thumbnails per screen (median) | originals per screen (median) | originals / thumbnails |\n");
        b.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        Map<String, List<Screen>> byDevice = new LinkedHashMap<>();
        for (Screens.Device d : Screens.DEVICES) byDevice.put(d.name(), new ArrayList<>());
        List<Screen> screens = viewers.log().screens();
        for (Screen s : screens) byDevice.computeIfAbsent(s.device(), k -> new ArrayList<>()).add(s);
        byDevice.forEach((device, list) -> {
            if (!list.isEmpty()) b.append(screenRow(device, list));
        });
        b.append(screenRow("**all**", screens));

        b.append("\n## Errors\n\n");
        if (errors.isEmpty()) {
            b.append("None.\n");
        } else {
            errors.forEach((what, n) -> b.append("- ").append(n).append(" × ").append(what).append('\n'));
        }
        b.append("\nGallery log, warnings and errors over both phases: ").append(galleryWarnings.size());
        if (!galleryWarnings.isEmpty()) {
            Set<String> distinct = new LinkedHashSet<>();
            for (String w : galleryWarnings) {
                // drop the time stamp and thread, keep what happened
                String text = w.replaceFirst("^\\S+ \\[[^]]*] ", "");
                distinct.add(text.length() > 200 ? text.substring(0, 200) + "…" : text);
                if (distinct.size() == 5) break;
            }
            b.append(" (the first distinct ones):\n\n");
            distinct.forEach(w -> b.append("    ").append(w).append('\n'));
        } else {
            b.append(".\n");
        }
        return b.toString();
    }

    static final int SAMPLE_MS = 250;
    static final Set<Kind> CACHED = java.util.EnumSet.of(Kind.THUMBNAIL, Kind.LARGE, Kind.RESIZE);

    private static String kindRow(String label, List<Sample> samples) {
        long[] nanos = samples.stream().filter(s -> s.status() != 0).mapToLong(Sample::nanos).toArray();
        Latencies l = Latencies.of(nanos);
        // only images are cached at the edge; the other routes answer "Miss" every time by design
        List<Sample> cacheable = samples.stream().filter(s -> CACHED.contains(s.kind())).toList();
        long cached = cacheable.stream().filter(s -> s.cache() != null && !s.cache().equals("Error")).count();
        long hits = cacheable.stream().filter(s -> "Hit".equals(s.cache())).count();
        Map<Integer, Long> statuses = new java.util.TreeMap<>();
        for (Sample s : samples) statuses.merge(s.status(), 1L, Long::sum);
        String answers = String.join(", ", statuses.entrySet().stream()
                .map(e -> (e.getKey() == 0 ? "none" : e.getKey().toString()) + " × " + e.getValue()).toList());
        return String.format(Locale.ROOT, "| %s | %,d | %s | %,d | %s | %s | %s | %s | %s | %,.1f |%n", label, samples.size(), answers,
                samples.stream().filter(Sample::error).count(),
                cached == 0 ? "–" : String.format(Locale.ROOT, "%.0f%%", 100.0 * hits / cached),
                ms(l.p50()), ms(l.p95()), ms(l.p99()), ms(l.max()), samples.stream().mapToLong(Sample::bytes).sum() / 1e6);
    }

    private static String screenRow(String label, List<Screen> screens) {
        if (screens.isEmpty()) return "| " + label + " | 0 | | | | |\n";
        long thumbs = Latencies.of(screens.stream().mapToLong(Screen::thumbnailBytes).toArray()).p50();
        long originals = Latencies.of(screens.stream().mapToLong(Screen::originalBytes).toArray()).p50();
        long tiles = Latencies.of(screens.stream().mapToLong(Screen::tiles).toArray()).p50();
        long sumThumbs = screens.stream().mapToLong(Screen::thumbnailBytes).sum();
        long sumOriginals = screens.stream().mapToLong(Screen::originalBytes).sum();
        return String.format(Locale.ROOT, "| %s | %,d | %d | %,.0f KB | %,.1f MB | %s |%n", label, screens.size(), tiles, thumbs / 1e3,
                originals / 1e6, sumThumbs == 0 ? "–" : String.format(Locale.ROOT, "%.0f×", (double) sumOriginals / sumThumbs));
    }

    static String ms(long nanos) {
        double ms = nanos / 1e6;
        return ms < 10 ? String.format(Locale.ROOT, "%.1f", ms) : String.format(Locale.ROOT, "%,.0f", ms);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    static String mib(long kb) {
        return kb <= 0 ? "?" : String.format(Locale.ROOT, "%,d MiB", kb / 1024);
    }
}
