package gallery.admin;

import gallery.admin.ReprocessPlanner.Action;
import gallery.admin.ReprocessPlanner.Reason;
import gallery.core.PhotoFiles;
import gallery.core.PhotoKey;
import gallery.core.RenderJob;
import gallery.core.deploy.Deployment;
import gallery.core.events.ObjectEvent;
import gallery.core.events.S3EventEncoder;
import gallery.core.preset.Preset;
import gallery.core.preset.Presets;
import gallery.index.PhotoIndex;
import gallery.index.PhotoIndex.Stored;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Queues render jobs on the reprocess lane (the low-priority queue, so new uploads never wait behind
 * a rebuild). The originals bucket is listed (the source of truth: it finds originals whose events
 * were lost) and each listed key is looked up in the index by BatchGetItem; no table scan.
 */
@Command(name = "reprocess", mixinStandardHelpOptions = true,
        description = {"Queue render jobs on the reprocess lane for photos that need them.",
                "By default (--missing): photos rendered with an older or other preset, with renditions missing, "
                        + "pending for longer than --pending-after, or with no index row at all (sent to ingest).",
                "Rerunning does not queue again what is still waiting on the reprocess lane."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every job was queued (or nothing was needed)", "1:some jobs could not be queued",
                "2:usage or configuration error"})
public final class ReprocessCommand implements Callable<Integer> {
    /** The requester and notification configuration a lost original's replacement event names. */
    static final String REPROCESS_PRINCIPAL = "gallery-admin-reprocess";

    @Spec
    CommandSpec spec;

    @Mixin
    Target target;

    static final class Mode {
        @Option(names = "--missing", description = "Only photos that need it (the default).")
        boolean missing;

        @Option(names = "--all", description = "Every photo in scope, failed and pending ones too. The worker still skips "
                + "a photo already rendered with the current preset version: a forced re-render is a new preset version.")
        boolean all;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Mode mode;

    @Option(names = "--album", paramLabel = "ALBUM", description = "Only this album (the folder below photos/; \"\" for the root album).")
    String album;

    @Option(names = "--since", paramLabel = "DATE", description = "Only originals uploaded (Last-Modified) at or after DATE: 2024-05-01 (UTC) or an instant 2024-05-01T10:00:00Z.")
    String since;

    @Option(names = "--preset", defaultValue = Presets.DEFAULT_NAME, paramLabel = "NAME", description = "The current preset (default: ${DEFAULT-VALUE}).")
    String presetName;

    @Option(names = "--include-failed", description = "Retry FAILED photos too (e.g. after raising a limit).")
    boolean includeFailed;

    @Option(names = "--pending-after", defaultValue = "1h", paramLabel = "DURATION",
            description = "A photo PENDING for longer than this has lost its render job and is queued (default: ${DEFAULT-VALUE}).")
    String pendingAfter;

    @Option(names = "--videos", description = "Only videos (their poster and web copy are made again on the video lane). "
            + "Without it, videos in scope are queued on the video lane and photos on the reprocess lane.")
    boolean videosOnly;

    @Option(names = "--dry-run", description = "Print what would be queued and what reading it would cost, queue nothing.")
    boolean dryRun;

    @Option(names = "--max-cost", defaultValue = "1.00", paramLabel = "USD",
            description = "Refuse to start when reading the originals and writing the renditions is estimated above this "
                    + "(originals in Glacier Instant Retrieval bill every GB read; default: ${DEFAULT-VALUE}).")
    double maxCost;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Preset preset = Presets.byName(presetName).orElseThrow(() -> new ConfigProblem(
                "--preset " + presetName + " is not a known preset: " + Presets.expected()));
        Instant sinceInstant = since == null ? null : parseSince(since);
        Duration pending = Durations.parse("--pending-after", pendingAfter);
        Deployment d = target.deployment();

        try (Clients clients = new Clients(d)) {
            PhotoIndex index = new PhotoIndex(clients.dynamo(), d.photoTable());
            String prefix = album == null ? PhotoKey.PREFIX : Original.albumPrefix(album);
            List<Original> originals = Original.list(clients.s3(), d.originalsBucket(), prefix,
                    o -> (album == null || o.key().album().equals(album))
                            && (sinceInstant == null || !o.lastModified().isBefore(sinceInstant)));
            if (originals.isEmpty()) {
                // A typo in an album name must not look like success.
                err.println("nothing to reprocess: no photos" + (album == null ? "" : " in album '" + album + "'")
                        + (sinceInstant == null ? "" : " modified since " + sinceInstant)
                        + " under s3://" + d.originalsBucket() + "/" + prefix);
                err.flush();
                return 1;
            }
            boolean laneBusy = Queues.depth(clients.sqs(), d.queues().reprocess()).total() > 0;
            boolean videoLaneBusy = Queues.depth(clients.sqs(), d.queues().video()).total() > 0;
            ReprocessPlanner planner = new ReprocessPlanner(new ReprocessPlanner.Settings(
                    preset, mode != null && mode.all, includeFailed, pending, laneBusy, videoLaneBusy, Instant.now()));

            // Plan everything first (the index is read in chunks of 100, no scan), so the cost of what
            // the run would read is known before anything is queued.
            Map<Reason, Integer> counts = new EnumMap<>(Reason.class);
            Scope scope = new Scope();
            Map<PhotoKey, Stored> stored = new java.util.HashMap<>();
            List<Original> toQueue = new ArrayList<>();
            List<Original> toIngest = new ArrayList<>();
            try (Progress progress = new Progress(err, "planning", originals.size(), 0, Progress.stderrIsTerminal())) {
                for (int i = 0; i < originals.size(); i += 100) {
                    List<Original> chunk = originals.subList(i, Math.min(originals.size(), i + 100));
                    stored.putAll(index.getAll(chunk.stream().map(Original::key).toList()));
                    for (Original o : chunk) {
                        boolean video = isVideo(o, stored.get(o.key()));
                        if (video) scope.videos++;
                        if (videosOnly && !video) continue;
                        Reason reason = planner.decide(o, stored.get(o.key()));
                        if (reason.action() == Action.QUEUE && video) {
                            scope.videosToQueue++;
                            Stored s = stored.get(o.key());
                            if (s != null && s.row() != null && s.row().video() != null) scope.videoMillis += s.row().video().durationMillis();
                        }
                        counts.merge(reason, 1, Integer::sum);
                        if (reason.action() == Action.QUEUE) toQueue.add(o);
                        if (reason.action() == Action.INGEST) toIngest.add(o);
                        if (dryRun && reason.action() != Action.SKIP) {
                            out.println("would " + (reason.action() == Action.INGEST ? "send to ingest" : "queue") + ": "
                                    + o.key() + " (" + reason.description() + ")");
                        }
                    }
                    progress.add(chunk.size(), 0);
                }
            }
            List<Original> toRead = new ArrayList<>(toQueue);
            toRead.addAll(toIngest);
            RereadCost cost = RereadCost.of(toRead, preset.sizes().size());
            if (!dryRun && cost.total() > maxCost) {
                summary(out, d, prefix, originals.size(), scope, counts, 0, 0, 0, preset, false);
                out.println(cost.describe(true));
                err.println("not started: the estimate " + S3Storage.usd(cost.total()) + " is above --max-cost " + S3Storage.usd(maxCost)
                        + "; check it with --dry-run, then run again with --max-cost " + S3Storage.usd(Math.ceil(cost.total() * 100) / 100).substring(1) + " or more");
                out.flush();
                return 1;
            }

            int queued = 0, ingested = 0, failed = 0;
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch finished = new CountDownLatch(1);
            // Ctrl-C: finish the batch in hand and print the summary; a rerun continues from there.
            Thread hook = new Thread(() -> {
                stop.set(true);
                try {
                    finished.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "reprocess-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
            try (Progress progress = new Progress(err, dryRun ? "planning" : "queuing", originals.size(), 0, Progress.stderrIsTerminal())) {
                progress.add(originals.size() - toRead.size(), 0);
                for (int i = 0; i < toQueue.size() && !stop.get() && !dryRun; i += 100) {
                    List<Original> chunk = toQueue.subList(i, Math.min(toQueue.size(), i + 100));
                    int notQueued = queueJobs(clients, d, index, preset, chunk, stored, err);
                    queued += chunk.size() - notQueued;
                    failed += notQueued;
                    progress.add(chunk.size(), 0);
                }
                for (int i = 0; i < toIngest.size() && !stop.get() && !dryRun; i += 100) {
                    List<Original> chunk = toIngest.subList(i, Math.min(toIngest.size(), i + 100));
                    int notSent = sendToIngest(clients, d, chunk, err);
                    ingested += chunk.size() - notSent;
                    failed += notSent;
                    progress.add(chunk.size(), 0);
                }
                if (dryRun) progress.add(toRead.size(), 0);
            } finally {
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it waits for the latch just released
                }
            }
            summary(out, d, prefix, originals.size(), scope, counts, queued, ingested, failed, preset, !dryRun);
            out.println(cost.describe(dryRun));
            if (stop.get()) out.println("interrupted: run the same command again to continue; nothing is queued twice");
            out.flush();
            return failed == 0 ? 0 : 1;
        }
    }

    private int queueJobs(Clients clients, Deployment d, PhotoIndex index, Preset preset, List<Original> originals,
                          Map<PhotoKey, Stored> stored, PrintWriter err) {
        // A video's job goes to the video lane (ffmpeg); the render worker cannot read a video.
        List<Original> videos = originals.stream().filter(o -> stored.get(o.key()).row().isVideo()).toList();
        List<Original> photos = originals.stream().filter(o -> !stored.get(o.key()).row().isVideo()).toList();
        int videosRefused = queueJobs(clients, d.queues().video(), d, index, preset, videos, stored, err);
        videosQueued += videos.size() - videosRefused;
        return queueJobs(clients, d.queues().reprocess(), d, index, preset, photos, stored, err) + videosRefused;
    }

    /** Videos this run put on the video lane (for the summary). */
    private int videosQueued;

    private static boolean isVideo(Original o, Stored s) {
        return s != null && s.row() != null ? s.row().isVideo() : PhotoFiles.isVideo(o.key().fileName());
    }

    private int queueJobs(Clients clients, String queueUrl, Deployment d, PhotoIndex index, Preset preset, List<Original> originals,
                          Map<PhotoKey, Stored> stored, PrintWriter err) {
        int failed = 0;
        for (int i = 0; i < originals.size(); i += 10) {
            List<Original> batch = originals.subList(i, Math.min(originals.size(), i + 10));
            List<String> bodies = new ArrayList<>();
            for (Original o : batch) {
                var row = stored.get(o.key()).row();
                bodies.add(new RenderJob(d.originalsBucket(), o.key().value(), row.version().versionId(), row.version().eTag(), preset.name()).toJson());
            }
            Map<Integer, String> refused = Queues.sendBatch(clients.sqs(), queueUrl, bodies);
            for (int j = 0; j < batch.size(); j++) {
                Original o = batch.get(j);
                if (refused.containsKey(j)) {
                    failed++;
                    err.println("could not queue " + o.key() + ": " + refused.get(j));
                } else {
                    index.markReprocessQueued(o.key(), stored.get(o.key()).row().version().eTag(), ReprocessPlanner.mark(preset));
                }
            }
        }
        return failed;
    }

    private int sendToIngest(Clients clients, Deployment d, List<Original> originals, PrintWriter err) {
        int failed = 0;
        for (int i = 0; i < originals.size(); i += 10) {
            List<Original> batch = originals.subList(i, Math.min(originals.size(), i + 10));
            List<String> bodies = batch.stream().map(o -> lostEvent(d, o, Instant.now())).toList();
            Map<Integer, String> refused = Queues.sendBatch(clients.sqs(), d.queues().ingest(), bodies);
            for (var e : refused.entrySet()) {
                failed++;
                err.println("could not send " + batch.get(e.getKey()).key() + " to ingest: " + e.getValue());
            }
        }
        return failed;
    }

    /**
     * An {@code ObjectCreated:Put} notification for an original whose real one was lost, in S3's own shape,
     * so the ingest function handles it like any upload. It carries no sequencer (which the index reads as
     * the lowest possible), so any real event for the same key, earlier or later, wins over it; and no
     * version id, so the latest version is read.
     */
    static String lostEvent(Deployment d, Original o, Instant now) {
        return S3EventEncoder.encode(new S3EventEncoder.Origin(d.region(), REPROCESS_PRINCIPAL, null, null), "ObjectCreated:Put", now,
                new ObjectEvent.Created(d.originalsBucket(), o.key().value(), o.size(), o.eTag(), null, null), REPROCESS_PRINCIPAL);
    }

    /** What the plan found about videos: how many are in scope, how many it queues and how long they are. */
    private static final class Scope {
        int videos;
        int videosToQueue;
        long videoMillis;
    }

    private void summary(PrintWriter out, Deployment d, String prefix, int listed, Scope scope, Map<Reason, Integer> counts,
                         int queued, int ingested, int failed, Preset preset, boolean ran) {
        out.printf("%s: %d originals listed under s3://%s/%s, %d of them videos%s; current preset %s v%d%n",
                ran ? "reprocess" : dryRun ? "dry run" : "not started", listed, d.originalsBucket(), prefix, scope.videos,
                videosOnly ? " (--videos: only those)" : "", preset.name(), preset.version());
        if (videosOnly && scope.videos == 0) {
            out.println("  no videos here: nothing to make again (videos are MP4, MOV, WebM or MKV under photos/)");
        }
        for (Reason r : Reason.values()) {
            Integer n = counts.get(r);
            if (n == null) continue;
            String verb = switch (r.action()) {
                case QUEUE -> ran ? "to queue" : "would queue";
                case INGEST -> ran ? "to ingest" : "would send to ingest";
                case SKIP -> "skipped";
            };
            out.printf("  %-22s %6d  %s%n", verb, n, r.description());
        }
        if (ran) {
            int photosQueued = queued - videosQueued;
            out.printf("total: %d %s queued on the reprocess lane, %d %s on the video lane, %d sent to ingest, %d could not be sent%n",
                    photosQueued, photosQueued == 1 ? "photo" : "photos", videosQueued, videosQueued == 1 ? "video" : "videos", ingested, failed);
        }
        if (scope.videosToQueue > 0) {
            // The lane's measured speed (bench/results/video.md, the figure `admin cost` prices with).
            double minutes = scope.videoMillis / 60_000.0;
            double workerSeconds = minutes * CostCommand.TRANSCODE_SECONDS_PER_MINUTE;
            out.printf(Locale.ROOT, "videos: %s %d (%.1f minutes of video): ffmpeg makes each one's poster and web copy again, about %.0f s of "
                            + "video-worker time at %.0f s per minute of 1080p (bench/results/video.md), %s of Lambda%n",
                    ran ? "queued" : "would queue", scope.videosToQueue, minutes, workerSeconds, CostCommand.TRANSCODE_SECONDS_PER_MINUTE,
                    S3Storage.usd(workerSeconds * CostCommand.VIDEO_MEMORY_MB / 1024.0 * CostCommand.LAMBDA_GB_SECOND));
            if (ran) {
                out.println("next: `./gallery admin status` shows the video lane draining and lists a video that could not be "
                        + "transcoded under its failures, with the reason; `./gallery admin dlq redrive` retries any dead-lettered");
            }
        }
    }

    static Instant parseSince(String value) {
        try {
            if (value.length() == 10) return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ConfigProblem("--since " + value + " is not a date: expected 2024-05-01 or 2024-05-01T10:00:00Z");
        }
    }
}
