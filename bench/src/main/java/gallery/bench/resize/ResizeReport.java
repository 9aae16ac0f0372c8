package gallery.bench.resize;

import gallery.bench.load.Latencies;
import gallery.core.preset.OutputFormat;
import gallery.resize.SizeLadder;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The Markdown of {@code ./gallery bench resize}: the goals table first, then the encoder sweep behind the chosen efforts. */
final class ResizeReport {
    /** Latencies of one kind of request, in milliseconds: p50 and p90 by nearest rank. */
    record Series(int count, long p50, long p90, long max) {
        static Series of(Collection<Long> millis) {
            if (millis.isEmpty()) return new Series(0, 0, 0, 0);
            long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
            return new Series(sorted.length, Latencies.percentile(sorted, 50), Latencies.percentile(sorted, 90), sorted[sorted.length - 1]);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "p50 %d ms, p90 %d ms (n = %d)", p50, p90, count);
        }
    }

    record Run(String date, int cores, String libvips, String loadBefore, String loadAfter, int copies, int runs, String command) {
    }

    private ResizeReport() {
    }

    /** {@code <band>|<format>|<where>}, where is {@code process}, {@code edge-miss} or {@code edge-hit}. */
    static String key(String band, OutputFormat format, String where) {
        return band + "|" + format + "|" + where;
    }

    static String format(Run run, List<ResizeBench.Band> bands, SizeLadder ladder, List<EncoderSweep.Cell> sweep,
                         Map<String, Series> series, int webpEffort, int avifEffort, List<String> warnings) {
        StringBuilder md = new StringBuilder();
        md.append("# On-demand resizes: misses and edge hits\n\n");
        md.append("`").append(run.command()).append("` on ").append(run.date()).append(", ").append(run.cores()).append(" cores, ")
                .append(run.libvips()).append(". Load average (1 / 5 / 15 min) ").append(run.loadBefore()).append(" before, ")
                .append(run.loadAfter()).append(" after.\n\n");
        md.append("The bench's 24 MP camera JPEG, ").append(run.copies()).append(" copies (one more warmed up, not counted), each asked for every ")
                .append("ladder rung in the band at its canonical URL (as the web asks since issue 20: one round trip, no redirect), ")
                .append("WebP (`Accept: image/webp`) and AVIF. *In process*: `Resizer.handle` in the bench's JVM against the gallery's S3 and ")
                .append("DynamoDB (index read with the source rendition read beside it, render, result stored, index read again). *Edge*: the local edge ")
                .append("with a viewer's signed cookies, to the last byte, a miss (`x-cache: Miss`) then the same URL again (`Hit`). ")
                .append("WebP effort ").append(webpEffort).append(", AVIF effort ").append(avifEffort).append(" (chosen below).\n\n");
        md.append("| band (rungs) | format | in process p50 / p90 (CPU p50) | edge miss p50 / p90 | edge hit p50 / p90 | goal | met |\n");
        md.append("| --- | --- | ---: | ---: | ---: | --- | --- |\n");
        for (ResizeBench.Band band : bands) {
            Series webpMiss = series.get(key(band.label(), OutputFormat.WEBP, "edge-miss"));
            for (OutputFormat format : List.of(OutputFormat.WEBP, OutputFormat.AVIF)) {
                Series process = series.get(key(band.label(), format, "process"));
                Series cpu = series.get(key(band.label(), format, "process-cpu"));
                Series miss = series.get(key(band.label(), format, "edge-miss"));
                Series hit = series.get(key(band.label(), format, "edge-hit"));
                if (process == null || miss == null || hit == null) continue;
                String goal;
                boolean met;
                if (format == OutputFormat.WEBP) {
                    goal = "miss p50 ≤ " + band.webpGoalMillis() + " ms";
                    met = miss.p50() <= band.webpGoalMillis();
                } else {
                    long limit = webpMiss == null ? 0 : 2 * webpMiss.p50();
                    goal = "miss p50 ≤ 2 × WebP (" + limit + " ms)";
                    met = miss.p50() <= limit;
                }
                goal += "; hit p50 ≤ " + ResizeBench.EDGE_HIT_GOAL_MILLIS + " ms";
                boolean hitMet = hit.p50() <= ResizeBench.EDGE_HIT_GOAL_MILLIS;
                md.append(String.format(Locale.ROOT, "| %s (%s) | %s | %d / %d ms (%s ms) | **%d** / %d ms | **%d** / %d ms | %s | %s |%n",
                        band.label(), band.rungs(ladder).stream().map(String::valueOf).collect(Collectors.joining(", ")),
                        format == OutputFormat.WEBP ? "WebP" : "AVIF", process.p50(), process.p90(), cpu == null ? "?" : String.valueOf(cpu.p50()),
                        miss.p50(), miss.p90(),
                        hit.p50(), hit.p90(), goal, verdict(met) + ", " + verdict(hitMet)));
            }
        }
        md.append("\n## Encoder effort for on-demand output\n\n");
        md.append("The resizer's own work in process (decode the preset rendition it reads, resize, encode), median of ").append(run.runs())
                .append(" runs after one warm-up, at the largest rung of each band. Effort trades bytes for the viewer's wait.\n\n");
        md.append("| output | from | format | effort | wall | CPU | bytes | vs. the format's default effort (CPU, bytes) |\n");
        md.append("| ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |\n");
        for (EncoderSweep.Cell c : sweep) {
            EncoderSweep.Cell base = sweep.stream().filter(o -> o.edge() == c.edge() && o.format() == c.format()
                    && o.effort() == gallery.imaging.Encoding.of(c.format(), c.quality()).effort()).findFirst().orElse(c);
            boolean chosen = c.effort() == (c.format() == OutputFormat.WEBP ? webpEffort : avifEffort);
            md.append(String.format(Locale.ROOT, "| %d px | %d px | %s q%d | %s%d%s | %d ms | %d ms | %,d | %s |%n", c.edge(), c.sourceEdge(),
                    c.format() == OutputFormat.WEBP ? "WebP" : "AVIF", c.quality(), chosen ? "**" : "", c.effort(), chosen ? "** (used)" : "",
                    c.medianMillis(), c.cpuMillis(), c.bytes(), String.format(Locale.ROOT, "%+.0f%% CPU, %+.1f%% bytes",
                            100.0 * (c.cpuMillis() - base.cpuMillis()) / Math.max(1, base.cpuMillis()),
                            100.0 * (c.bytes() - base.bytes()) / Math.max(1, base.bytes()))));
        }
        if (!warnings.isEmpty()) {
            md.append("\nThe gallery logged ").append(warnings.size()).append(" warnings; the first:\n\n");
            warnings.stream().limit(5).forEach(w -> md.append("    ").append(w).append('\n'));
        }
        return md.toString();
    }

    private static String verdict(boolean met) {
        return met ? "met" : "**not met**";
    }
}
