package gallery.worker;

import gallery.core.deploy.StoragePlan;
import gallery.core.PhotoKey;
import gallery.core.RenderJob;
import gallery.core.RenditionKey;
import gallery.lambda.PermanentFailure;
import gallery.core.preset.Preset;
import gallery.core.preset.Presets;
import gallery.core.telemetry.GalleryMetrics;
import gallery.imaging.BadImage;
import gallery.imaging.RenderResult;
import gallery.imaging.Renderer;
import gallery.core.edge.EdgeInvalidation;
import gallery.index.DerivedObjects;
import gallery.index.Outcomes.RenderOutcome;
import gallery.index.PhotoIndex;
import gallery.core.PhotoMetadata;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import gallery.index.Rendered;
import gallery.core.Rendition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import gallery.aws.S3Objects;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Renders one original into every size of its preset, writes the renditions to the derived bucket
 * and marks the row READY. Output keys are deterministic, so a retry overwrites. A bad file marks
 * the row FAILED and is a {@link PermanentFailure} (acknowledged); anything else thrown (throttling,
 * timeouts, I/O) is retryable.
 */
public final class RenditionService {
    /** Renditions never change under a key for a given version; URLs carry ?v= for re-uploads. */
    public static final String CACHE_CONTROL = "public, max-age=31536000, immutable";
    /** Renders of one job: its own version, then up to two newer ones that replaced it mid-render. */
    static final int MAX_ROUNDS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(RenditionService.class);

    private final WorkerConfig config;
    private final S3Client s3;
    private final S3Objects objects;
    private final PhotoIndex index;
    private final Renderer renderer;
    private final Stages stages;
    private final GalleryMetrics metrics = GalleryMetrics.forThisProcess();
    private final DerivedObjects derived;

    /**
     * Observes a render between its steps. The worker needs none; a test uses it to make another
     * version's upload and render happen at an exact point of this one, which no timing can.
     */
    public interface Stages {
        Stages NONE = (key, eTag) -> { };

        /** The renditions of this version are rendered and claimed (the row named it then), and about to be written. */
        void beforeWrite(PhotoKey key, String eTag);
    }

    public RenditionService(WorkerConfig config, S3Client s3, PhotoIndex index, Renderer renderer) {
        this(config, s3, index, renderer, Stages.NONE, EdgeInvalidation.NONE);
    }

    public RenditionService(WorkerConfig config, S3Client s3, PhotoIndex index, Renderer renderer, Stages stages) {
        this(config, s3, index, renderer, stages, EdgeInvalidation.NONE);
    }

    /** @param edge told which paths to drop when superseded renditions are deleted */
    public RenditionService(WorkerConfig config, S3Client s3, PhotoIndex index, Renderer renderer, Stages stages, EdgeInvalidation edge) {
        this.config = Objects.requireNonNull(config, "config");
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.objects = new S3Objects(s3);
        this.index = Objects.requireNonNull(index, "index");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.stages = Objects.requireNonNull(stages, "stages");
        this.derived = new DerivedObjects(s3, config.derivedBucket(), index, edge);
    }

    /** What became of a job. */
    public enum Result { RENDERED, SKIPPED }

    public Result render(RenderJob job) {
        return render(job, false);
    }

    /**
     * @param redelivered SQS handed this message out before: an earlier attempt may have given up
     *                    after writing (see the rounds below), so a job for a version no longer current
     *                    renders the current one instead of being skipped
     */
    public Result render(RenderJob job, boolean redelivered) {
        PhotoKey key = photoKey(job);
        Preset preset = Presets.byName(job.preset()).orElseThrow(() -> new PermanentFailure(
                "render job for " + job.key() + " names preset '" + job.preset() + "': " + Presets.expected()));
        Optional<PhotoRow> found = index.get(key);
        if (found.isEmpty()) {
            LOG.info("{} is not in the index (deleted); job skipped", key);
            return Result.SKIPPED;
        }
        PhotoRow row = found.get();
        if (row.isVideo()) {
            // A video's poster and copy are the video lane's (ffmpeg); libvips would call it a bad image.
            LOG.warn("{} is a video: its job belongs on the video lane; skipped here", key);
            return Result.SKIPPED;
        }
        String eTag = job.eTag() != null ? job.eTag() : row.version().eTag();
        Version version = new Version(job.bucket(), job.versionId(), eTag);
        if (!Objects.equals(row.version().eTag(), eTag)) {
            if (!redelivered || row.status() == PhotoStatus.FAILED) {
                LOG.info("{} job is for eTag {} but the photo is now {}; skipped", key, eTag, row.version().eTag());
                return Result.SKIPPED;
            }
            LOG.info("{} redelivered job is for eTag {} but the photo is now {}; rendering the current version, "
                    + "in case an earlier attempt left older renditions", key, eTag, row.version().eTag());
            version = new Version(job.bucket(), row.version().versionId(), row.version().eTag());
            // The row's preset, not the stale job's: a reprocess may have moved it on since.
            if (row.rendering().presetName() != null) preset = Presets.byName(row.rendering().presetName()).orElse(preset);
        } else if (row.status() == PhotoStatus.READY && preset.name().equals(row.rendering().presetName())
                && Integer.valueOf(preset.version()).equals(row.rendering().presetVersion())) {
            LOG.info("{} already rendered with {} v{}; job skipped", key, preset.name(), preset.version());
            // A retried job whose render completed but whose cleanup failed finishes that cleanup.
            derived.cleanUp(key, null);
            return Result.SKIPPED;
        }

        // Rendition keys do not carry the version, so two renders of one key race for the same objects.
        // Each round ends with a completion conditional on the row's eTag; REPLACED means a newer version
        // is current and our objects may have landed on top of its render, so we render that version
        // ourselves. Whoever completes last has therefore written the current picture last.
        Set<RenditionKey> written = new LinkedHashSet<>();
        long started = System.nanoTime();
        for (int round = 1; ; round++) {
            byte[] original = download(key, version);
            if (original == null) {
                // Gone or overwritten in S3 after the row was read: that event's own ingest (a newer job,
                // or a removal that deletes the renditions) runs after our writes and settles them.
                return written.isEmpty() ? Result.SKIPPED : Result.RENDERED;
            }
            RenderResult result;
            try {
                result = renderer.render(key.value(), original, preset);
            } catch (BadImage bad) {
                metrics.refused(bad.reason().label());
                RenderOutcome outcome = index.markFailed(key, version.eTag(), bad.getMessage());
                LOG.warn("{} cannot be rendered ({}): {}", key, outcome, bad.getMessage());
                // The failed row dooms everything derived: an earlier round's (older) picture, an earlier version's.
                if (outcome == RenderOutcome.UPDATED) derived.cleanUp(key, null);
                // Recorded: the queue message is done with (imaging says "bad input", the worker says "acknowledge").
                throw new PermanentFailure(bad.getMessage(), bad);
            }

            // Rendering takes seconds; if the photo was deleted or replaced meanwhile, writing now would
            // clobber the same deterministic keys (or resurrect a deleted photo's renditions). With nothing
            // written yet, the newer version's own job (or the removal) is left to it; after a round that
            // did write, the next round renders whatever is current.
            Rendered rendered = new Rendered(result.stored(), result.placeholder(), preset.name(), preset.version(), result.described());
            // The round's one read: the claim and the completion decide on it (and on what the claim wrote),
            // reading again only when a write finds the item changed meanwhile.
            PhotoIndex.Round check = index.round(key);
            Optional<PhotoRow> now = check.row();
            RenderOutcome outcome;
            if (now.isEmpty() || !version.eTag().equals(now.get().version().eTag())) {
                if (written.isEmpty()) {
                    LOG.info("{} changed while it was rendered; renditions of eTag {} not written", key, version.eTag());
                    return Result.SKIPPED;
                }
                outcome = now.isEmpty() ? RenderOutcome.GONE : RenderOutcome.REPLACED;
            } else {
                // Recorded before written: a delete or a later render then knows every object there may be.
                Set<String> keys = keysOf(key, result);
                outcome = check.claimDerived(version.eTag(), keys);
                if (outcome == RenderOutcome.UPDATED) {
                    stages.beforeWrite(key, version.eTag());
                    written.addAll(write(key, result));
                    outcome = check.completeRender(version.eTag(), rendered, keys,
                            written.stream().map(RenditionKey::value).toList());
                } else if (written.isEmpty()) {
                    LOG.info("{} changed before its renditions of eTag {} were recorded; not written", key, version.eTag());
                    return Result.SKIPPED;
                }
            }
            switch (outcome) {
                case UPDATED -> {
                    metrics.rendered(config.lane(), Duration.ofNanos(System.nanoTime() - started), bytesBySize(result));
                    LOG.info("{} ready: {} renditions, {}x{}{}", key, rendered.renditions().size(), result.width(), result.height(),
                            round > 1 ? " (rendered the current version, round " + round + ")" : "");
                    // What no longer belongs: an earlier preset's files, sizes the previous picture had and this
                    // one has not, an older version's picture an earlier round wrote.
                    derived.cleanUp(key, null);
                    return Result.RENDERED;
                }
                case RECLAIMED -> {
                    // A render of this version with another preset completed meanwhile and doomed our keys;
                    // the last to complete must find its objects there, so write them again.
                    if (round >= MAX_ROUNDS) {
                        throw new IllegalStateException("photo " + key + " had its renditions taken back by another render in each of "
                                + MAX_ROUNDS + " rounds; retrying the job");
                    }
                    LOG.info("{} renditions of {} were superseded by a concurrent render; rendering again", key, version.eTag());
                }
                case GONE -> {
                    // Deleted while we rendered: what we just wrote must not outlive the photo.
                    deleteAll(written);
                    LOG.info("{} was deleted during its render; {} renditions removed again", key, written.size());
                    return Result.RENDERED;
                }
                case REPLACED -> {
                    Optional<PhotoRow> current = check.row();
                    if (current.isEmpty()) {
                        deleteAll(written);
                        return Result.RENDERED;
                    }
                    if (current.get().status() == PhotoStatus.FAILED) {
                        // The current version was refused: its row lists no renditions, and ours must not linger.
                        deleteAll(written);
                        LOG.info("{} was replaced by a refused version during its render; {} renditions removed", key, written.size());
                        return Result.RENDERED;
                    }
                    if (round >= MAX_ROUNDS) {
                        throw new IllegalStateException("photo " + key + " was replaced during each of " + MAX_ROUNDS
                                + " renders (now eTag " + current.get().version().eTag() + "); retrying the job");
                    }
                    LOG.info("{} was replaced by eTag {} during the render of {}; rendering the current version",
                            key, current.get().version().eTag(), version.eTag());
                    version = new Version(job.bucket(), current.get().version().versionId(), current.get().version().eTag());
                }
            }
        }
    }

    /** One version of the original: where it is and which content it must have. */
    private record Version(String bucket, String versionId, String eTag) {
    }

    private static Set<String> keysOf(PhotoKey key, RenderResult result) {
        Set<String> keys = new LinkedHashSet<>();
        for (gallery.imaging.Encoded r : result.renditions()) keys.add(new RenditionKey(r.size(), key, r.format()).value());
        return keys;
    }

    private List<RenditionKey> write(PhotoKey key, RenderResult result) {
        List<RenditionKey> written = new ArrayList<>();
        for (gallery.imaging.Encoded r : result.renditions()) {
            RenditionKey rk = new RenditionKey(r.size(), key, r.format());
            s3.putObject(b -> b.bucket(config.derivedBucket()).key(rk.value())
                            .contentType(r.format().contentType())
                            .cacheControl(CACHE_CONTROL)
                            .storageClass(StoragePlan.renditionWriteClass(r.bytes())),
                    RequestBody.fromBytes(r.data()));
            written.add(rk);
        }
        return written;
    }

    /** The original's bytes for this version, or null when it no longer exists or has changed. */
    private byte[] download(PhotoKey key, Version version) {
        String eTag = version.eTag();
        GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(version.bucket()).key(key.value());
        if (version.versionId() != null) req.versionId(version.versionId());
        Optional<ResponseBytes<GetObjectResponse>> read = objects.unlessGone(version.bucket(), () -> s3.getObjectAsBytes(req.build()));
        if (read.isEmpty()) {
            LOG.info("{} (version {}) no longer exists; job skipped", key, version.versionId());
            return null;
        }
        ResponseBytes<GetObjectResponse> bytes = read.get();
        String got = unquote(bytes.response().eTag());
        if (eTag != null && got != null && !eTag.equals(got)) {
            LOG.info("{} now has eTag {}, job was for {}; skipped", key, got, eTag);
            return null;
        }
        return bytes.asByteArray();
    }

    private void deleteAll(Set<RenditionKey> keys) {
        if (keys.isEmpty()) return;
        derived.delete(keys.stream().map(RenditionKey::value).toList());
    }

    private static PhotoKey photoKey(RenderJob job) {
        try {
            return job.photoKey();
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("render job names " + e.getMessage(), e);
        }
    }

    static String unquote(String eTag) {
        if (eTag == null) return null;
        return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"") ? eTag.substring(1, eTag.length() - 1) : eTag;
    }

    /** Bytes of each rendition by preset size, for the metrics (the largest format of a size counts once per format). */
    private static Map<Integer, Long> bytesBySize(RenderResult result) {
        Map<Integer, Long> sizes = new TreeMap<>();
        for (gallery.imaging.Encoded r : result.renditions()) sizes.merge(r.size(), (long) r.data().length, Long::sum);
        return sizes;
    }
}
