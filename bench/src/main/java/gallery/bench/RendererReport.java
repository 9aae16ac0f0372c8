package gallery.bench;

import gallery.bench.SamplePhotos.Photo;
import gallery.core.preset.Presets;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The bench's results as Markdown: what ran, the side-by-side table, the ratios against the targets, the 54 MP budget. */
final class RendererReport {
    /** A measured cell of the side-by-side. */
    record Row(Photo photo, Contender contender, Measurement measurement) {
    }

    /** A 54 MP render under the heap a 512 MB Lambda would give the JVM. */
    record BudgetRow(Photo photo, Contender contender, String jvmOptions, Measurement measurement) {
    }

    /** Where and how the bench ran: the numbers mean little without it. */
    record RunInfo(String command, String date, String machine, String loadBefore, String loadAfter, int warmup, int runs,
                   String jvmOptions, List<String> notes) {
    }

    /** A ratio the issue sets a target for: ours ÷ the alternative, at most {@code timeTarget} and {@code memoryTarget}. */
    record Comparison(Contender ours, Contender other, double timeTarget, double memoryTarget) {
    }

    static final double BUDGET_RSS_MIB = 350;

    static final List<Comparison> COMPARISONS = List.of(
            new Comparison(new Contender(OursEngine.NAME, Presets.DEFAULT), new Contender("sharp", Presets.DEFAULT), 0.6, 0.6),
            new Comparison(new Contender(OursEngine.NAME, Presets.DEFAULT, Contender.NPM_LIBVIPS, Map.of()),
                    new Contender("sharp", Presets.DEFAULT), 0.6, 0.6),
            new Comparison(new Contender(OursEngine.NAME, Presets.JPEG), new Contender("sharp", Presets.JPEG), 0.6, 0.6),
            new Comparison(new Contender(OursEngine.NAME, Presets.JPEG), new Contender(ThumbnailatorEngine.NAME, Presets.JPEG), 0.5, 0.6));

    private RendererReport() {
    }

    static String markdown(RunInfo info, List<Photo> photos, List<Row> rows, List<BudgetRow> budget) {
        var md = new StringBuilder();
        md.append("# Renderer benchmark\n\n");
        md.append("Command: `").append(info.command()).append("`\n\n");
        md.append("Every size of the preset (").append(Presets.DEFAULT.sizes().stream().map(String::valueOf).collect(Collectors.joining(", ")))
                .append(" px, longest edge) from one photo, per engine: median of ").append(info.runs()).append(" timed run")
                .append(info.runs() == 1 ? "" : "s").append(" after ").append(info.warmup()).append(" warm-up run")
                .append(info.warmup() == 1 ? "" : "s").append(", each engine and photo in a child process of its own.\n\n");
        md.append("- ran ").append(info.date()).append(" on ").append(info.machine()).append('\n');
        md.append("- load average (1 min) ").append(info.loadBefore()).append(" before, ").append(info.loadAfter())
                .append(" after: the cores are shared with other work, so read the ratios more than the absolute times\n");
        md.append("- JVM children: `").append(info.jvmOptions()).append("`\n");
        rows.stream().map(r -> r.measurement().runtime()).filter(rt -> rt != null && !rt.isBlank()).distinct()
                .forEach(rt -> md.append("- ").append(rt).append('\n'));
        for (String note : info.notes()) md.append("- ").append(note).append('\n');

        md.append("\n## Whole preset per photo\n\n");
        md.append("| photo | engine | output | wall ms | CPU ms | peak RSS MiB | bytes out |\n");
        md.append("| --- | --- | --- | ---: | ---: | ---: | ---: |\n");
        for (Photo photo : photos) {
            for (Row r : rows) {
                if (r.photo() != photo) continue;
                Measurement m = r.measurement();
                md.append("| ").append(photo.label()).append(" | ").append(r.contender().engineLabel()).append(" | ")
                        .append(r.contender().outputLabel()).append(" | ");
                if (m.ok()) {
                    md.append(fmt0(m.medianWallMillis())).append(" | ").append(fmt0(m.medianCpuMillis())).append(" | ")
                            .append(fmt0(m.peakRssMiB())).append(" | ").append(String.format(Locale.ROOT, "%,d", m.outputBytes())).append(" |\n");
                } else {
                    md.append("failed: ").append(escape(m.error())).append(" | | ").append(fmt0(m.peakRssMiB())).append(" | |\n");
                }
            }
        }

        List<String> ratioLines = new ArrayList<>();
        for (Photo photo : photos) {
            for (Comparison c : COMPARISONS) {
                Optional<Measurement> ours = find(rows, photo, c.ours());
                Optional<Measurement> other = find(rows, photo, c.other());
                if (ours.isEmpty() || other.isEmpty()) continue;
                ratioLines.add(ratioLine(photo, c, ours.get(), other.get()));
            }
        }
        if (!ratioLines.isEmpty()) {
            md.append("\n## Ours ÷ the alternative, against the targets\n\n");
            md.append("Below 1 means ours is faster or smaller. The time target is judged on median wall time, and on CPU time ")
                    .append("in brackets: on a shared machine CPU time is the steadier of the two.\n\n");
            md.append("| photo | output | ours ÷ | wall | CPU | peak RSS | time target | memory target |\n");
            md.append("| --- | --- | --- | ---: | ---: | ---: | --- | --- |\n");
            ratioLines.forEach(md::append);
        }

        if (!budget.isEmpty()) {
            md.append("\n## 54 MP in a 512 MB Lambda\n\n");
            md.append("The JVM heap a 512 MB function would get; libvips' pixel buffers are native memory outside it. ")
                    .append("Peak RSS of one process over all its ").append(info.warmup() + info.runs())
                    .append(" renders, as a warm Lambda serves one photo after another. Target: peak RSS ≤ ")
                    .append(fmt0(BUDGET_RSS_MIB)).append(" MiB.\n\n");
            md.append("| photo | engine | output | settings | wall ms | CPU ms | peak RSS MiB | within ").append(fmt0(BUDGET_RSS_MIB)).append(" MiB |\n");
            md.append("| --- | --- | --- | --- | ---: | ---: | ---: | --- |\n");
            for (BudgetRow b : budget) {
                Measurement m = b.measurement();
                md.append("| ").append(b.photo().label()).append(" | ").append(b.contender().engineLabel()).append(" | ")
                        .append(b.contender().outputLabel()).append(" | `").append(b.jvmOptions()).append("` | ")
                        .append(m.ok() ? fmt0(m.medianWallMillis()) : "failed: " + escape(m.error())).append(" | ")
                        .append(m.ok() ? fmt0(m.medianCpuMillis()) : "").append(" | ")
                        .append(fmt0(m.peakRssMiB())).append(" | ")
                        .append(m.ok() && m.peakRssMiB() <= BUDGET_RSS_MIB ? "yes" : "no").append(" |\n");
            }
        }

        md.append("\n## How it is measured\n\n");
        md.append("""
                - Inputs are read into memory before timing; a timed run is decode + auto-rotate + every size + encode, \
                outputs kept in memory. Wall time is `System.nanoTime` (Java) or `process.hrtime` (node) around the \
                whole preset; CPU time is the process's CPU time over the same span, every thread included \
                (libvips workers, GC, node's libuv pool).
                - Peak RSS is the child's high-water mark at the end of its runs: `VmHWM` from `/proc/self/status` \
                (Java) or `process.resourceUsage().maxRSS` (node). It includes each runtime's own footprint.
                - ours: `gallery.imaging.Renderer`, the code the resizer Lambda runs. ImageIO + Thumbnailator: ImageIO \
                decodes once, Thumbnailator's EXIF filter rotates once, each size is resized from the decoded image \
                with Thumbnailator's defaults and written by ImageIO's JPEG writer; it has no WebP writer, hence the \
                JPEG rows. sharp: one `sharp(input).rotate().resize(s, s, {fit: 'inside', withoutEnlargement: true})` \
                pipeline per size, all awaited together (the usual way to use sharp), with libvips' operation cache \
                off as ours has it (`bench/src/main/node/render-sharp.cjs`).
                - Each engine encodes with its own settings at the preset's quality (progressive or baseline JPEG, \
                WebP effort, libwebp and libjpeg builds differ): compare bytes out beside the times.
                - The 54 MP photo is the 24 MP one upscaled to 9000×6000 with ImageIO (bilinear) and saved as JPEG q90, \
                made once into the cache directory; it has no EXIF.
                """);
        return md.toString();
    }

    private static String ratioLine(Photo photo, Comparison c, Measurement ours, Measurement other) {
        String variant = c.ours().variant().isEmpty() ? "" : " (" + c.ours().variant() + ")";
        var line = new StringBuilder("| ").append(photo.label()).append(" | ").append(c.ours().outputLabel()).append(variant).append(" | ")
                .append(c.other().engineLabel()).append(" | ");
        if (!ours.ok() || !other.ok()) {
            String failed = ours.ok() ? "the alternative failed" : "ours failed";
            return line.append("n/a | n/a | n/a | n/a: ").append(failed).append(" | n/a: ").append(failed).append(" |\n").toString();
        }
        double wall = ours.medianWallMillis() / other.medianWallMillis();
        double cpu = ours.medianCpuMillis() / other.medianCpuMillis();
        double rss = ours.peakRssMiB() / other.peakRssMiB();
        line.append(ratio(wall)).append(" | ").append(ratio(cpu)).append(" | ").append(ratio(rss)).append(" | ")
                .append(verdict(wall, c.timeTarget())).append(" (CPU: ").append(cpu <= c.timeTarget() ? "met" : "not met").append(") | ").append(verdict(rss, c.memoryTarget())).append(" |\n");
        return line.toString();
    }

    static Optional<Measurement> find(List<Row> rows, Photo photo, Contender c) {
        return rows.stream().filter(r -> r.photo() == photo && r.contender().sameAs(c)).map(Row::measurement).findFirst();
    }

    static String verdict(double ratio, double target) {
        if (Double.isNaN(ratio)) return "n/a";
        return "≤ " + ratio(target) + ": " + (ratio <= target ? "met" : "**not met**");
    }

    static String ratio(double r) {
        return Double.isNaN(r) ? "n/a" : String.format(Locale.ROOT, "%.2f×", r);
    }

    private static String fmt0(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
