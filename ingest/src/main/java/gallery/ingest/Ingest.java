package gallery.ingest;

import gallery.core.LivePhotos;
import gallery.core.PhotoFiles;
import gallery.core.PhotoKey;
import gallery.core.RenditionKey;
import gallery.core.ResizedKey;
import gallery.core.Uploader;
import gallery.core.events.ObjectEvent;
import gallery.core.preset.Preset;
import gallery.core.telemetry.GalleryMetrics;
import gallery.core.edge.EdgeInvalidation;
import gallery.core.RenderJob;
import gallery.imaging.BadImage;
import gallery.imaging.ImageGate;
import gallery.imaging.ImageHeader;
import gallery.imaging.video.BadVideo;
import gallery.imaging.video.VideoContainer;
import gallery.imaging.video.VideoGate;
import gallery.imaging.video.VideoHeader;
import gallery.index.Outcomes.Removal;
import gallery.index.Outcomes.UploadOutcome;
import gallery.index.Outcomes.WriteOutcome;
import gallery.index.DerivedObjects;
import gallery.index.PhotoIndex;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import gallery.core.PhotoMetadata;
import gallery.index.Upload;
import gallery.index.Video;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import gallery.aws.S3Objects;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns S3 object events into photo rows and render jobs. Knows nothing of Lambda: the handler
 * hands it decoded {@link ObjectEvent}s. Every step is idempotent, because S3 delivers events at
 * least once and out of order (the index orders them by sequencer).
 */
public final class Ingest {
    private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);

    private final GalleryMetrics metrics = GalleryMetrics.forThisProcess();
    private final IngestConfig config;
    private final S3Client s3;
    private final S3Objects objects;
    private final SqsClient sqs;
    private final PhotoIndex index;
    private final ImageGate gate;
    private final VideoGate videoGate;
    private final DerivedObjects derived;
    private final Uploaders uploaders;

    public Ingest(IngestConfig config, S3Client s3, SqsClient sqs, PhotoIndex index) {
        this(config, s3, sqs, index, EdgeInvalidation.NONE);
    }

    /** @param edge told which cached paths to drop when a photo's derived objects are deleted */
    public Ingest(IngestConfig config, S3Client s3, SqsClient sqs, PhotoIndex index, EdgeInvalidation edge) {
        this.config = Objects.requireNonNull(config, "config");
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.objects = new S3Objects(s3);
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.index = Objects.requireNonNull(index, "index");
        this.gate = new ImageGate(config.imaging());
        this.videoGate = new VideoGate(config.video());
        this.derived = new DerivedObjects(s3, config.derivedBucket(), index, edge);
        this.uploaders = new Uploaders(index);
    }

    public void handle(ObjectEvent event) {
        switch (event) {
            case ObjectEvent.Test t -> LOG.info("s3:TestEvent from bucket {} acknowledged", t.bucket());
            case ObjectEvent.Created c -> {
                Optional<PhotoKey> key = accepted(event);
                if (key.isPresent()) created(c, key.get());
            }
            case ObjectEvent.Removed r -> {
                Optional<PhotoKey> key = accepted(event);
                if (key.isPresent()) removed(r, key.get());
            }
        }
    }

    private Optional<PhotoKey> accepted(ObjectEvent event) {
        if (!config.originalsBucket().equals(event.bucket())) {
            LOG.warn("event for bucket {} ignored: this function indexes {}", event.bucket(), config.originalsBucket());
            return Optional.empty();
        }
        Optional<PhotoKey> key = event.photoKey();
        if (key.isEmpty()) LOG.debug("event ignored, not a photo key: {}", event);
        return key;
    }

    private void created(ObjectEvent.Created event, PhotoKey key) {
        Header header = readHeader(event);
        if (header == null) return;
        if (event.eTag() != null && header.eTag != null && !event.eTag().equals(header.eTag)) {
            // Replaced since this event (an unversioned bucket): the newer upload's own event indexes it.
            LOG.info("{} changed since event (eTag {} now {}); left to the newer event", key, event.eTag(), header.eTag);
            return;
        }
        String eTag = event.eTag() != null ? event.eTag() : header.eTag;
        long size = header.size >= 0 ? header.size : event.size();
        if (VideoContainer.sniff(header.prefix).isPresent() || (size == 0 && PhotoFiles.isVideo(key.fileName()))) {
            createdVideo(event, key, header, eTag, size);
            return;
        }
        // The version this upload replaces: its objects go (a replaced picture is never served). Without a
        // row, "" (no version to invalidate), so the resizer's prefix is still swept; this version's: null.
        Optional<PhotoRow> before = index.get(key);
        String replaced = before.isEmpty() ? "" : eTag.equals(before.get().version().eTag()) ? null : before.get().version().eTag();
        ImageHeader image;
        try {
            image = gate.inspect(key.value(), header.prefix, size);
        } catch (BadImage bad) {
            metrics.refused(bad.reason().label());
            refuse(event, key, eTag, size, header, bad.getMessage(), replaced, before.orElse(null));
            return;
        }
        Upload upload = upload(event, key, eTag, size, header, image.metadata().stored(), null, image.contentId());
        if (recordAndQueue(event, upload, replaced, config.renderQueueUrl())) {
            LOG.info("{} indexed ({} {}), render job queued", key, image.format().label(), size);
        }
    }

    /**
     * A video: its header is checked with ranged reads (the index box may be at the end of a file of
     * gigabytes), then the row is written and one job queued on the video lane, which makes the
     * poster frame and the web-playable copy.
     */
    private void createdVideo(ObjectEvent.Created event, PhotoKey key, Header header, String eTag, long size) {
        // As for a photo: a replaced or refused version's poster and copy go (they are in its derived record).
        Optional<PhotoRow> before = index.get(key);
        String replaced = before.isEmpty() ? "" : eTag.equals(before.get().version().eTag()) ? null : before.get().version().eTag();
        VideoHeader video;
        try {
            video = videoGate.inspect(key.value(), header.prefix, size, (offset, length) -> range(event, offset, length));
        } catch (BadVideo bad) {
            refuse(event, key, eTag, size, header, bad.getMessage(), replaced, before.orElse(null));
            return;
        }
        Upload upload = upload(event, key, eTag, size, header, video.metadata().stored(),
                new Video(video.durationMillis() == null ? 0 : video.durationMillis(), video.videoCodec(), video.playsInBrowser(), 0),
                video.contentId());
        if (recordAndQueue(event, upload, replaced, config.videoQueueUrl())) {
            LOG.info("{} indexed ({} {} {} ms, {}), video job queued", key, video.container().label(), video.videoCodec(),
                    video.durationMillis(), size);
        }
    }

    /**
     * Records a valid upload; for a version that needs its job, removes what the version it replaced
     * left (before the job is queued, so this version's render never races the deletes), queues the job
     * on {@code queueUrl} and marks it queued. Whether a job was queued.
     */
    private boolean recordAndQueue(ObjectEvent.Created event, Upload upload, String replaced, String queueUrl) {
        PhotoKey key = upload.key();
        UploadOutcome outcome = index.recordUpload(upload);
        if (outcome != UploadOutcome.STALE) pairLive(key, upload.video() != null, upload.contentId());
        if (outcome != UploadOutcome.RENDER) {
            LOG.info("{} event {}: nothing to do", key, outcome.name().toLowerCase());
            return false;
        }
        derived.cleanUp(key, replaced);
        RenderJob job = new RenderJob(event.bucket(), key.value(), event.versionId(), upload.eTag(), config.preset().name());
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(job.toJson()));
        index.markQueued(key, upload.eTag());
        return true;
    }

    /** A ranged GET of this version of the object (bounded by the caller: box headers and the moov box). */
    private byte[] range(ObjectEvent.Created event, long offset, int length) {
        GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(event.bucket()).key(event.key())
                .range("bytes=" + offset + "-" + (offset + length - 1));
        if (event.versionId() != null) req.versionId(event.versionId());
        return s3.getObjectAsBytes(req.build()).asByteArray();
    }

    private void removed(ObjectEvent.Removed event, PhotoKey key) {
        if (objects.exists(event.bucket(), key.value())) {
            // A non-current version was deleted, or the key was written again since: the object is
            // there, so the photo stays (a later upload's own event updates its row).
            LOG.info("{} removal event ignored: the object still exists", key);
            return;
        }
        // The preset's keys too: a render by a worker older than the derived record wrote without claiming.
        Set<String> presetKeys = new java.util.TreeSet<>();
        for (int size : config.preset().sizes()) presetKeys.add(new RenditionKey(size, key, config.preset().format()).value());
        Removal removal = index.recordRemoval(key, event.sequencer(), presetKeys);
        if (removal.outcome() == WriteOutcome.STALE) {
            LOG.info("{} removal is older than the last event applied; ignored", key);
            return;
        }
        // Also on a duplicate: a retried removal whose deletes failed last time must finish them. The
        // tombstone doomed everything the record names; the resizer's results are found by their prefix.
        // A video's poster and web-playable copy are in the record as a photo's renditions are.
        int deleted = derived.cleanUp(key, removal.previous() != null ? removal.previous().version().eTag() : "");
        letPartnerGo(key, removal.previous());
        LOG.info("{} removed ({}), {} derived objects deleted", key, removal.outcome().name().toLowerCase(), deleted);
    }

    /**
     * Pairs an iPhone Live Photo's still and MOV ({@link LivePhotos}: same folder and base name, the same
     * content identifier when both carry one). Called after this side's row is written, and it reads the
     * other side's row strongly consistently: of two halves ingested at the same moment, at least the later
     * one finds the other. A partner that was refused is not paired (its motion would be hidden behind nothing).
     */
    private void pairLive(PhotoKey key, boolean isMotion, String contentId) {
        List<PhotoKey> candidates = isMotion ? LivePhotos.stillsOf(key) : LivePhotos.motionsOf(key);
        if (candidates.isEmpty()) return;
        Map<PhotoKey, PhotoIndex.Stored> found = index.getAll(candidates);
        for (PhotoKey candidate : candidates) {
            PhotoIndex.Stored stored = found.get(candidate);
            PhotoRow partner = stored == null ? null : stored.row();
            if (partner == null || partner.isVideo() == isMotion || partner.status() == PhotoStatus.FAILED) continue;
            String partnerId = partner.live() == null ? null : partner.live().contentId();
            if (!LivePhotos.sameCapture(isMotion ? partnerId : contentId, isMotion ? contentId : partnerId)) {
                LOG.info("{} and {} share a name but not Apple's content identifier; not one Live Photo", key, candidate);
                continue;
            }
            PhotoKey still = isMotion ? candidate : key;
            PhotoKey motion = isMotion ? key : candidate;
            if (index.pairLive(still, motion)) {
                LOG.info("{} is the motion of the Live Photo {}", motion, still);
                return;
            }
        }
    }

    /**
     * This side of a Live Photo is gone or refused: a MOV whose still went is shown as a video again, a
     * still whose MOV went is a plain photo again.
     */
    private void letPartnerGo(PhotoKey key, PhotoRow previous) {
        if (previous == null || previous.live() == null || previous.live().pair() == null) return;
        PhotoKey partner = new PhotoKey(previous.live().pair());
        index.unpairLive(partner, key);
        LOG.info("{} is gone or refused: {} is no longer its Live Photo partner", key, partner);
    }

    /** {@code uploader}: the object's {@code uploader} metadata as written, null when absent. */
    private record Header(byte[] prefix, long size, String eTag, Instant lastModified, String uploader) {
    }

    /** The first bytes of this version of the object (a ranged GET), or null if it no longer exists. */
    private Header readHeader(ObjectEvent.Created event) {
        if (event.size() == 0) return new Header(new byte[0], 0, event.eTag(), null, null);
        GetObjectRequest.Builder req = GetObjectRequest.builder()
                .bucket(event.bucket()).key(event.key())
                .range("bytes=0-" + (config.headerBytes() - 1));
        if (event.versionId() != null) req.versionId(event.versionId());
        Optional<ResponseBytes<GetObjectResponse>> read = objects.unlessGone(event.bucket(), () -> s3.getObjectAsBytes(req.build()));
        if (read.isEmpty()) {
            LOG.info("{} (version {}) no longer exists; its removal event cleans up", event.key(), event.versionId());
            return null;
        }
        GetObjectResponse r = read.get().response();
        return new Header(read.get().asByteArray(), totalSize(r), unquote(r.eTag()), r.lastModified(), r.metadata().get(Uploader.METADATA_KEY));
    }

    /** The whole object's size from {@code Content-Range: bytes 0-262143/4718592}; -1 when absent. */
    static long totalSize(GetObjectResponse r) {
        String range = r.contentRange();
        if (range != null) {
            int slash = range.lastIndexOf('/');
            if (slash >= 0 && !range.endsWith("*")) {
                try {
                    return Long.parseLong(range.substring(slash + 1).trim());
                } catch (NumberFormatException ignored) {
                    // fall through to the event's size
                }
            }
        }
        return -1;
    }

    /** A refused upload: FAILED with the reason; the version it replaced goes, and so does a Live Photo partnership. */
    private void refuse(ObjectEvent.Created event, PhotoKey key, String eTag, long size, Header header, String reason,
                        String replaced, PhotoRow before) {
        WriteOutcome outcome = index.recordRejected(upload(event, key, eTag, size, header, PhotoMetadata.NONE, null, null), reason);
        LOG.warn("{} refused ({}): {}", key, outcome, reason);
        if (outcome != WriteOutcome.STALE) {
            derived.cleanUp(key, replaced);
            letPartnerGo(key, before);
        }
    }

    private Upload upload(ObjectEvent.Created event, PhotoKey key, String eTag, long size, Header header, PhotoMetadata md,
                          Video video, String contentId) {
        return new Upload(key, eTag, event.versionId(), event.sequencer(), size, header.lastModified, md,
                config.preset().name(), config.preset().version(), video, contentId, uploaders.of(event.principalId(), header.uploader));
    }

    static String unquote(String eTag) {
        if (eTag == null) return null;
        return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"") ? eTag.substring(1, eTag.length() - 1) : eTag;
    }
}
