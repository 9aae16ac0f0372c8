package gallery.bench.load;

import gallery.bench.load.RequestLog.Kind;
import gallery.bench.load.RequestLog.Sample;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LoadReportTest {
    static final LoadReport.Machine MACHINE = new LoadReport.Machine("2025-01-01 12:00 UTC", 2, 24_000, "25", "libvips 8.14.1", "Linux amd64");
    static final ProcessSampler.Window WINDOW = new ProcessSampler.Window(900 * 1024, 70 * 1024, 950 * 1024, 120, 3, 100,
            "300 MiB used of 900 MiB committed");

    static IngestPhase.Result ingest(int failed, Map<String, Integer> reasons) {
        return new IngestPhase.Result(100, 4, 100 - failed, failed, reasons, 200_000_000, Duration.ofSeconds(20), Duration.ofSeconds(120),
                Latencies.of(new long[]{1000, 60_000, 119_000}), WINDOW, "1.00 / 1.00 / 1.00", "2.00 / 1.50 / 1.10", 0.9, false);
    }

    static ViewerPhase.Result viewers(RequestLog log) {
        return new ViewerPhase.Result(2, Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(10), log, WINDOW,
                "2.00 / 1.50 / 1.10", "2.50 / 1.60 / 1.20", 0.8);
    }

    @Test
    void theReportHasTheCommandThePhasesAndTheFiguresPerKind() {
        RequestLog log = new RequestLog();
        for (int i = 1; i <= 100; i++) log.add(new Sample(Kind.THUMBNAIL, 200, i * 1_000_000L, 50_000, i <= 90 ? "Hit" : "Miss"));
        log.add(new Sample(Kind.API, 200, 20_000_000, 10_000, "Miss"));
        log.screen(new RequestLog.Screen("desktop 1920x1080 @1", 30, 1_500_000, 60_000_000));

        String md = LoadReport.format("./gallery bench load --photos 100", MACHINE, ingest(0, Map.of()), viewers(log), "120 MiB used of 400 MiB committed", List.of());

        assertThat(md).contains("`./gallery bench load --photos 100`")
                .contains("| photos | 100: **100 ready, 0 failed** |")
                .contains("| **throughput** | **50.0 photos/min** |")
                .contains("| latency PUT returned → row READY/FAILED, p50 / p95 / p99 / max | 60.0 s / 119.0 s / 119.0 s / 119.0 s |")
                .contains("| gallery peak RSS (sampled every 250 ms) / VmHWM | 900 MiB / 950 MiB |")
                .contains("| gallery heap at the end of the phase (jcmd GC.heap_info) | 300 MiB used of 900 MiB committed |")
                .contains("| requests, all started within the 10 s | 101: **10 requests/s**; the last answer came at 10.0 s |")
                .contains("| **errors** (HTTP ≥ 400, no answer within 30 s, or a wrong answer) | **0** |")
                .contains("| gallery heap at the end of the phase / live after a full GC | 300 MiB used of 900 MiB committed / 120 MiB used of 400 MiB committed |")
                // thumbnails: nearest rank of 1..100 ms; 90 of 100 served from the edge's cache
                .contains("| thumbnail (rendition) | 100 | 200 × 100 | 0 | 90% | 50 | 95 | 99 | 100 | 5.0 |")
                .contains("| api (albums, pages) | 1 | 200 × 1 | 0 | – | 20 | 20 | 20 | 20 | 0.0 |")
                .contains("| desktop 1920x1080 @1 | 1 | 30 | 1,500 KB | 60.0 MB | 40× |")
                .contains("## Errors\n\nNone.")
                .contains("warnings and errors over both phases: 0.");
    }

    @Test
    void errorsFailuresAndGalleryWarningsAreListed() {
        RequestLog log = new RequestLog();
        log.error(new Sample(Kind.RESIZE, 0, 30_000_000_000L, 0, null), "resize HttpTimeoutException /resize/1375x859/...: timed out");
        log.error(new Sample(Kind.THUMBNAIL, 502, 5_000_000, 20, "Miss"), "thumbnail 502 /renditions/640/...: bad gateway");
        log.error(null, "sign_in sign-in answered NEW_PASSWORD_REQUIRED instead of tokens");

        String md = LoadReport.format("cmd", MACHINE, ingest(2, Map.of("not an image: starts with '<html'", 2)), viewers(log), "?",
                List.of("12:00:01 [edge-1] WARN LocalEdge - GET /x failed: boom"));

        assertThat(md).contains("| photos | 100: **98 ready, 2 failed** |")
                .contains("- 2 × not an image: starts with '<html'")
                .contains("| **errors** (HTTP ≥ 400, no answer within 30 s, or a wrong answer) | **3** |")
                // a request that got no answer counts as an error but has no latency
                .contains("| resize (on demand) | 1 | none × 1 | 1 | – | 0.0 | 0.0 | 0.0 | 0.0 | 0.0 |")
                .contains("- 1 × resize HttpTimeoutException /resize/1375x859/...: timed out")
                .contains("- 1 × sign_in sign-in answered NEW_PASSWORD_REQUIRED instead of tokens")
                .contains("warnings and errors over both phases: 1 (the first distinct ones):\n\n    WARN LocalEdge - GET /x failed: boom");
    }
}
