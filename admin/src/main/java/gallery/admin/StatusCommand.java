package gallery.admin;

import gallery.core.LivePhotos;
import gallery.core.PhotoFiles;
import gallery.core.PhotoKey;
import gallery.core.deploy.Deployment;
import gallery.core.deploy.Lane;
import gallery.core.Uploader;
import gallery.index.AlbumSummary;
import gallery.index.PhotoIndex;
import gallery.index.PhotoRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * Where the pipeline stands: queue depths (dead-letter queues too), photos by status, the latest
 * failures with their reasons. Counts come from queries (album summaries, the failed index) and a
 * listing of the originals bucket, never a table scan; what is neither READY nor FAILED is pending
 * or not indexed at all, which {@code reprocess --dry-run} tells apart.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show queue depths (dead-letter queues too), photos by status and the latest failures.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing is dead-lettered", "1:a dead-letter queue holds messages (see: dlq redrive)",
                "2:usage or configuration error"})
public final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Target target;

    @Option(names = "--failures", defaultValue = "10", paramLabel = "N", description = "How many of the latest failures to show (default: ${DEFAULT-VALUE}).")
    int failures;

    @Override
    public Integer call() {
        if (failures < 0 || failures > PhotoIndex.MAX_PAGE) throw new ConfigProblem("--failures " + failures + ": expected 0.." + PhotoIndex.MAX_PAGE);
        PrintWriter out = spec.commandLine().getOut();
        Deployment d = target.deployment();
        try (Clients clients = new Clients(d)) {
            Map<Lane, Queues.Depth> live = Queues.depths(clients.sqs(), d);
            // By lane, also from the one dead-letter queue the AWS stack's lanes share (DeadLetters).
            DeadLetters deadLetters = new DeadLetters(clients.sqs(), d);
            Map<Lane, Long> dead = deadLetters.counts();
            out.println("queues               waiting  in flight  delayed  dead-lettered");
            for (Lane lane : Lane.values()) {
                Queues.Depth q = live.get(lane);
                Long dl = dead.get(lane);
                out.printf(Locale.ROOT, "  %-17s %8d %10d %8d %14s%n", lane.label(), q.visible(), q.inFlight(), q.delayed(),
                        dl == null ? "-" : Long.toString(dl));
            }
            long deadTotal = deadLetters.total();
            long attributed = dead.values().stream().mapToLong(Long::longValue).sum();
            if (attributed < deadTotal) {
                out.printf(Locale.ROOT, "  (%d more dead-lettered that no lane was counted for: over %d, or without their source queue)%n",
                        deadTotal - attributed, DeadLetters.MAX_PEEK);
            }

            PhotoIndex index = new PhotoIndex(clients.dynamo(), d.photoTable());
            List<Original> originals = Original.list(clients.s3(), d.originalsBucket(), PhotoKey.PREFIX, o -> true);
            long bytes = originals.stream().mapToLong(Original::size).sum();
            List<AlbumSummary> albums = index.queries().albums();
            long ready = albums.stream().mapToLong(AlbumSummary::count).sum();
            long failed = index.queries().countFailed();
            out.println();
            out.printf(Locale.ROOT, "photos: %d originals (%s) in s3://%s/photos/%n", originals.size(), Sizes.human(bytes), d.originalsBucket());
            out.printf(Locale.ROOT, "  %-8s %6d  in %d album%s%n", "ready", ready, albums.size(), albums.size() == 1 ? "" : "s");
            out.printf(Locale.ROOT, "  %-8s %6d%n", "failed", failed);
            long videos = originals.stream().filter(o -> PhotoFiles.isVideo(o.key().fileName())).count();
            out.printf(Locale.ROOT, "  %-8s %6d  of the originals are videos (by file name; they go through the video lane)%n", "videos", videos);
            // A Live Photo's MOV is no item of its own (its photo is), so no album counts it: counted here by name.
            java.util.Set<PhotoKey> listed = new java.util.HashSet<>();
            originals.forEach(o -> listed.add(o.key()));
            long motions = originals.stream().filter(o -> LivePhotos.stillsOf(o.key()).stream().anyMatch(listed::contains)).count();
            if (motions > 0) {
                out.printf(Locale.ROOT, "  %-8s %6d  of the videos are Live Photo motions (a MOV beside a photo of its name), shown with their photo%n",
                        "live", motions);
            }
            out.printf(Locale.ROOT, "  %-8s %6d  pending or not yet indexed (reprocess --dry-run tells which)%n", "other",
                    Math.max(0, originals.size() - ready - failed - motions));

            // Who added them: one BatchGetItem per 100 originals (reads, no scan), counted per uploader.
            Map<String, Long> byUploader = new TreeMap<>();
            for (PhotoIndex.Stored stored : index.getAll(originals.stream().map(Original::key).toList()).values()) {
                if (stored.deleted()) continue;
                String uploader = stored.row().uploader();
                byUploader.merge(uploader == null ? Uploader.UNKNOWN : uploader, 1L, Long::sum);
            }
            if (!byUploader.isEmpty()) {
                out.println();
                out.printf(Locale.ROOT, "%-40s %6s%n", "added by", "photos");
                byUploader.forEach((who, n) -> out.printf(Locale.ROOT, "  %-38s %6d%n", who, n));
            }

            if (failures > 0 && failed > 0) {
                out.println();
                out.println("latest failures:");
                for (PhotoRow row : index.queries().failed(null, failures).items()) {
                    out.printf(Locale.ROOT, "  %s  %s%n      %s%n", row.state().updatedAt(), row.key(), row.state().failureReason());
                }
            }
            if (deadTotal > 0) {
                out.println();
                out.printf(Locale.ROOT, "%d message%s dead-lettered: inspect the logs, then `dlq redrive` moves them back.%n",
                        deadTotal, deadTotal == 1 ? " is" : "s are");
            }
            out.flush();
            return deadTotal > 0 ? 1 : 0;
        }
    }
}
