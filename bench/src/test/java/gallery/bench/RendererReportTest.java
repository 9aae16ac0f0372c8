package gallery.bench;

import gallery.core.Rendition;
import gallery.bench.RendererReport.BudgetRow;
import gallery.bench.RendererReport.Row;
import gallery.bench.RendererReport.RunInfo;
import gallery.bench.SamplePhotos.Photo;
import gallery.core.preset.Presets;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RendererReportTest {
    private static final Photo PHOTO = new Photo("24mp", "camera", Path.of("a.jpg"), 6000, 4000);
    private static final RunInfo INFO = new RunInfo("./gallery bench", "today", "a machine", "0.10", "0.20", 2, 3, "-Xmx1g", List.of());

    @Test
    void ratiosAreOursOverTheAlternativeJudgedAgainstTheTargets() {
        var rows = List.of(
                row(OursEngine.NAME, 100, 200 * 1024),
                new Row(PHOTO, new Contender("sharp", Presets.DEFAULT), measurement("sharp", 250, 300 * 1024)));

        String md = RendererReport.markdown(INFO, List.of(PHOTO), rows, List.of());

        // wall 100/250 = 0.40 (target 0.6: met); RSS 200/300 = 0.67 (target 0.6: not met)
        assertThat(md).contains("| 0.40× | 0.40× | 0.67× | ≤ 0.60×: met (CPU: met) | ≤ 0.60×: **not met** |");
        assertThat(md).contains("Command: `./gallery bench`").contains("median of 3 timed runs after 2 warm-up runs");
    }

    @Test
    void ourRendererOnSharpsLibvipsBuildIsComparedAsARowOfItsOwn() {
        var npm = new Contender(OursEngine.NAME, Presets.DEFAULT, Contender.NPM_LIBVIPS, java.util.Map.of("VIPS_LIBRARY", "/x/libvips-cpp.so.8.18.7"));
        var rows = List.of(
                row(OursEngine.NAME, 100, 200 * 1024),
                new Row(PHOTO, npm, measurement(OursEngine.NAME, 50, 200 * 1024)),
                new Row(PHOTO, new Contender("sharp", Presets.DEFAULT), measurement("sharp", 200, 400 * 1024)));

        String md = RendererReport.markdown(INFO, List.of(PHOTO), rows, List.of());

        assertThat(md).contains("| WebP q80 | sharp | 0.50× |")
                .contains("| WebP q80 (with sharp's libvips build) | sharp | 0.25× |")
                .contains("| ours (libvips via JNA), with sharp's libvips build | WebP q80 | 50 |");
    }

    @Test
    void aFailedEngineIsShownWithItsReasonNotARatio() {
        var rows = List.of(
                row(OursEngine.NAME, 100, 200 * 1024),
                new Row(PHOTO, new Contender("sharp", Presets.DEFAULT),
                        Measurement.failed("sharp", "default", "a.jpg", -1, "exit code 1 without a result: boom")));

        String md = RendererReport.markdown(INFO, List.of(PHOTO), rows, List.of());

        assertThat(md).contains("failed: exit code 1 without a result: boom").contains("n/a: the alternative failed");
    }

    @Test
    void budgetRowSaysWhetherThePeakFitsIn350MiB() {
        var within = new BudgetRow(PHOTO, new Contender(OursEngine.NAME, Presets.DEFAULT), "-Xmx256m", measurement(OursEngine.NAME, 900, 300 * 1024));
        var over = new BudgetRow(PHOTO, new Contender(ThumbnailatorEngine.NAME, Presets.JPEG), "-Xmx256m",
                Measurement.failed(ThumbnailatorEngine.NAME, "jpeg", "a.jpg", 290 * 1024, "OutOfMemoryError: Java heap space"));

        String md = RendererReport.markdown(INFO, List.of(PHOTO), List.of(), List.of(within, over));

        assertThat(md).contains("| `-Xmx256m` | 900 | 900 | 300 | yes |");
        assertThat(md).contains("| `-Xmx256m` | failed: OutOfMemoryError: Java heap space |  | 290 | no |");
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Measurement.median(List.of(4L, 1L, 3L, 2L))).isEqualTo(2.5);
        assertThat(Measurement.median(List.of(5L, 1L, 3L))).isEqualTo(3.0);
    }

    private static Row row(String engine, long wallMillis, long rssKiB) {
        return new Row(PHOTO, new Contender(engine, Presets.DEFAULT), measurement(engine, wallMillis, rssKiB));
    }

    private static Measurement measurement(String engine, long millis, long rssKiB) {
        long nanos = millis * 1_000_000;
        return new Measurement(engine, "default", "a.jpg", List.of(nanos, nanos, nanos), List.of(nanos, nanos, nanos), rssKiB,
                List.of(new Rendition(256, 256, 171, gallery.core.preset.OutputFormat.JPEG, 1000)), engine + " runtime", null);
    }
}
