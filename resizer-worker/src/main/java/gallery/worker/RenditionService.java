package gallery.worker;

import gallery.core.PhotoKey;
import gallery.core.RenderJob;
import gallery.core.RenditionKey;
import gallery.core.batch.PermanentFailure;
import gallery.core.preset.Preset;
import gallery.core.preset.Presets;
import gallery.imaging.BadImage;
import gallery.imaging.RenderResult;
import gallery.imaging.Renderer;
import gallery.index.Outcomes.RenderOutcome;
import gallery.index.PhotoIndex;
import gallery.index.PhotoMetadata;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import gallery.index.Rendered;
import gallery.index.Rendition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders one original into every size of its preset, writes the renditions to the derived bucket
 * and marks the row READY. Output keys are deterministic, so a retry overwrites. A bad file marks
 * the row FAILED and is a {@link PermanentFailure} (acknowledged); anything else thrown (throttling,
 * timeouts, I/O) is retryable.
 */
public final class RenditionService {
    /** Renditions never change under a key for a given version; URLs carry ?v= for re-uploads. */
    public static final String CACHE_CONTROL = "public, max-age=31536000, immutable";
    private static final Logger LOG = LoggerFactory.getLogger(RenditionService.class);

    private final WorkerConfig config;
    private final S3Client s3;
    private final PhotoIndex index;
    private final Renderer renderer;

    public RenditionService(WorkerConfig config, S3Client s3, PhotoIndex index, Renderer renderer) {
        this.config = Objects.requireNonNull(config, "config");
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.index = Objects.requireNonNull(index, "index");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
    }

    /** What became of a job. */
    public enum Result { RENDERED, SKIPPED }

    public Result render(RenderJob job) {
        PhotoKey key = photoKey(job);
        Preset preset = Presets.byName(job.preset()).orElseThrow(() -> new PermanentFailure(
                "render job for " + job.key() + " names preset '" + job.preset() + "': expected default or jpeg"));
        Optional<PhotoRow> row = index.get(key);
        if (row.isEmpty()) {
            LOG.info("{} is not in the index (deleted); job skipped", key);
            return Result.SKIPPED;
        }
        String eTag = job.eTag() != null ? job.eTag() : row.get().eTag();
        if (!Objects.equals(row.get().eTag(), eTag)) {
            LOG.info("{} job is for eTag {} but the photo is now {}; skipped", key, eTag, row.get().eTag());
            return Result.SKIPPED;
        }
        if (row.get().status() == PhotoStatus.READY && preset.name().equals(row.get().presetName())
                && Integer.valueOf(preset.version()).equals(row.get().presetVersion())) {
            LOG.info("{} already rendered with {} v{}; job skipped", key, preset.name(), preset.version());
            return Result.SKIPPED;
        }

        byte[] original = download(job, key, eTag);
        if (original == null) return Result.SKIPPED;

        RenderResult result;
        try {
            result = renderer.render(key.value(), original, preset);
        } catch (BadImage bad) {
            RenderOutcome outcome = index.markFailed(key, eTag, bad.getMessage());
            LOG.warn("{} cannot be rendered ({}): {}", key, outcome, bad.getMessage());
            throw bad;
        }

        // Rendering takes seconds; if the photo was deleted or replaced meanwhile, writing now would
        // clobber the same deterministic keys (or resurrect a deleted photo's renditions).
        Optional<PhotoRow> now = index.get(key);
        if (now.isEmpty() || !eTag.equals(now.get().eTag())) {
            LOG.info("{} changed while it was rendered; renditions of eTag {} not written", key, eTag);
            return Result.SKIPPED;
        }

        List<RenditionKey> written = new ArrayList<>();
        List<Rendition> renditions = new ArrayList<>();
        for (gallery.imaging.Rendition r : result.renditions()) {
            RenditionKey rk = new RenditionKey(r.size(), key, r.format());
            s3.putObject(b -> b.bucket(config.derivedBucket()).key(rk.value())
                            .contentType(r.format().contentType())
                            .cacheControl(CACHE_CONTROL),
                    RequestBody.fromBytes(r.data()));
            written.add(rk);
            renditions.add(new Rendition(r.size(), r.width(), r.height(), r.format(), r.bytes()));
        }

        Rendered rendered = new Rendered(toIndex(result), result.placeholder(), preset.name(), preset.version(), renditions);
        RenderOutcome outcome = index.completeRender(key, eTag, rendered);
        switch (outcome) {
            case UPDATED -> LOG.info("{} ready: {} renditions, {}x{}", key, renditions.size(), result.width(), result.height());
            case GONE -> {
                // Deleted while we rendered: what we just wrote must not outlive the photo.
                deleteAll(written);
                LOG.info("{} was deleted during its render; {} renditions removed again", key, written.size());
            }
            case REPLACED -> LOG.info("{} was replaced during its render; the newer version's job renders it", key);
        }
        return Result.RENDERED;
    }

    /** The original's bytes for this version, or null when it no longer exists or has changed. */
    private byte[] download(RenderJob job, PhotoKey key, String eTag) {
        GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(job.bucket()).key(key.value());
        if (job.versionId() != null) req.versionId(job.versionId());
        ResponseBytes<GetObjectResponse> bytes;
        try {
            bytes = s3.getObjectAsBytes(req.build());
        } catch (NoSuchKeyException gone) {
            LOG.info("{} (version {}) no longer exists; job skipped", key, job.versionId());
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(code(e))) {
                LOG.info("{} (version {}) no longer exists; job skipped", key, job.versionId());
                return null;
            }
            throw e;
        }
        String got = unquote(bytes.response().eTag());
        if (eTag != null && got != null && !eTag.equals(got)) {
            LOG.info("{} now has eTag {}, job was for {}; skipped", key, got, eTag);
            return null;
        }
        return bytes.asByteArray();
    }

    private void deleteAll(List<RenditionKey> keys) {
        if (keys.isEmpty()) return;
        List<ObjectIdentifier> ids = keys.stream().map(k -> ObjectIdentifier.builder().key(k.value()).build()).toList();
        s3.deleteObjects(b -> b.bucket(config.derivedBucket()).delete(Delete.builder().objects(ids).quiet(true).build()));
    }

    private static PhotoKey photoKey(RenderJob job) {
        try {
            return job.photoKey();
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("render job names " + e.getMessage(), e);
        }
    }

    static PhotoMetadata toIndex(RenderResult r) {
        gallery.imaging.PhotoMetadata md = r.metadata();
        return new PhotoMetadata(r.width(), r.height(),
                md.takenAt() == null ? null : md.takenAt().atOffset(md.takenOffset() != null ? md.takenOffset() : ZoneOffset.UTC),
                md.cameraMake(), md.cameraModel(), md.latitude(), md.longitude());
    }

    private static String code(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    static String unquote(String eTag) {
        if (eTag == null) return null;
        return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"") ? eTag.substring(1, eTag.length() - 1) : eTag;
    }
}
