package gallery.bench.resize;

import gallery.core.preset.OutputFormat;
import gallery.resize.ResizeConfig;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResizeReportTest {
    @Test
    void bandsAreTheLaddersRungsInTheirRange() {
        assertThat(ResizeBench.BANDS.get(0).rungs(ResizeConfig.DEFAULT_LADDER)).containsExactly(728, 792, 864, 936);
        assertThat(ResizeBench.BANDS.get(1).rungs(ResizeConfig.DEFAULT_LADDER)).containsExactly(1328, 1448, 1576, 1720, 1880);
    }

    @Test
    void percentilesAreNearestRank() {
        ResizeReport.Series s = ResizeReport.Series.of(List.of(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L, 100L));
        assertThat(s).isEqualTo(new ResizeReport.Series(10, 50, 90, 100));
    }

    @Test
    void judgesEachRowAgainstItsGoal() {
        Map<String, ResizeReport.Series> series = new LinkedHashMap<>();
        String small = ResizeBench.BANDS.get(0).label();
        String large = ResizeBench.BANDS.get(1).label();
        series.put(ResizeReport.key(small, OutputFormat.WEBP, "process"), new ResizeReport.Series(16, 60, 70, 80));
        series.put(ResizeReport.key(small, OutputFormat.WEBP, "process-cpu"), new ResizeReport.Series(16, 50, 60, 70));
        series.put(ResizeReport.key(small, OutputFormat.WEBP, "edge-miss"), new ResizeReport.Series(16, 75, 90, 99));
        series.put(ResizeReport.key(small, OutputFormat.WEBP, "edge-hit"), new ResizeReport.Series(16, 3, 4, 5));
        series.put(ResizeReport.key(small, OutputFormat.AVIF, "process"), new ResizeReport.Series(16, 140, 150, 160));
        series.put(ResizeReport.key(small, OutputFormat.AVIF, "edge-miss"), new ResizeReport.Series(16, 151, 170, 180));
        series.put(ResizeReport.key(small, OutputFormat.AVIF, "edge-hit"), new ResizeReport.Series(16, 6, 7, 8));
        series.put(ResizeReport.key(large, OutputFormat.WEBP, "process"), new ResizeReport.Series(20, 150, 170, 180));
        series.put(ResizeReport.key(large, OutputFormat.WEBP, "edge-miss"), new ResizeReport.Series(20, 170, 190, 200));
        series.put(ResizeReport.key(large, OutputFormat.WEBP, "edge-hit"), new ResizeReport.Series(20, 4, 5, 6));
        List<EncoderSweep.Cell> sweep = List.of(
                new EncoderSweep.Cell(936, 1280, OutputFormat.WEBP, 80, 2, 90, 80, 70_000),
                new EncoderSweep.Cell(936, 1280, OutputFormat.WEBP, 80, 4, 180, 160, 68_000));
        String md = ResizeReport.format(new ResizeReport.Run("2026-12-07 02:00 UTC", 2, "libvips 8.14.1", "0.50 / 0.40 / 0.30",
                        "0.60 / 0.40 / 0.30", 4, 5, "./gallery bench resize"), ResizeBench.BANDS, ResizeConfig.DEFAULT_LADDER, sweep,
                series, 2, 0, List.of());

        assertThat(md).contains("Load average (1 / 5 / 15 min) 0.50 / 0.40 / 0.30 before");
        assertThat(md).contains("| ≤ 1000 px (728, 792, 864, 936) | WebP | 60 / 70 ms (50 ms) | **75** / 90 ms | **3** / 4 ms | miss p50 ≤ 80 ms; hit p50 ≤ 5 ms | met, met |");
        assertThat(md).contains("| AVIF | 140 / 150 ms (? ms) | **151** / 170 ms | **6** / 7 ms | miss p50 ≤ 2 × WebP (150 ms); hit p50 ≤ 5 ms | **not met**, **not met** |");
        assertThat(md).contains("| WebP | 150 / 170 ms (? ms) | **170** / 190 ms | **4** / 5 ms | miss p50 ≤ 160 ms; hit p50 ≤ 5 ms | **not met**, met |");
        assertThat(md).contains("| 936 px | 1280 px | WebP q80 | **2** (used) | 90 ms | 80 ms | 70,000 | -50% CPU, +2.9% bytes |");
        assertThat(md).contains("| 936 px | 1280 px | WebP q80 | 4 | 180 ms | 160 ms | 68,000 | +0% CPU, +0.0% bytes |");
    }
}
