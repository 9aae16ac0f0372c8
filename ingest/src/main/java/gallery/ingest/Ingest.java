package gallery.ingest;

import gallery.core.PhotoKey;
import gallery.core.RenderJob;
import gallery.core.RenditionKey;
import gallery.core.ResizedKey;
import gallery.core.events.ObjectEvent;
import gallery.core.preset.Preset;
import gallery.core.telemetry.GalleryMetrics;
import gallery.imaging.BadImage;
import gallery.imaging.ImageGate;
import gallery.imaging.ImageHeader;
import gallery.index.Outcomes.Removal;
import gallery.index.Outcomes.UploadOutcome;
import gallery.index.Outcomes.WriteOutcome;
import gallery.index.PhotoIndex;
import gallery.index.PhotoMetadata;
import gallery.index.Rendition;
import gallery.index.Upload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
    private final SqsClient sqs;
    private final PhotoIndex index;
    private final ImageGate gate;

    public Ingest(IngestConfig config, S3Client s3, SqsClient sqs, PhotoIndex index) {
        this.config = Objects.requireNonNull(config, "config");
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.index = Objects.requireNonNull(index, "index");
        this.gate = new ImageGate(config.imaging());
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
        ImageHeader image;
        try {
            image = gate.inspect(key.value(), header.prefix, size);
        } catch (BadImage bad) {
            metrics.refused(bad.reason().label());
            Upload upload = upload(event, key, eTag, size, header.lastModified, PhotoMetadata.NONE);
            WriteOutcome outcome = index.recordRejected(upload, bad.getMessage());
            LOG.warn("{} refused ({}): {}", key, outcome, bad.getMessage());
            return;
        }
        Upload upload = upload(event, key, eTag, size, header.lastModified, toIndex(image.metadata()));
        UploadOutcome outcome = index.recordUpload(upload);
        if (outcome == UploadOutcome.RENDER) {
            RenderJob job = new RenderJob(event.bucket(), key.value(), event.versionId(), eTag, config.preset().name());
            sqs.sendMessage(b -> b.queueUrl(config.renderQueueUrl()).messageBody(job.toJson()));
            index.markQueued(key, eTag);
            LOG.info("{} indexed ({} {}), render job queued", key, image.format().label(), size);
        } else {
            LOG.info("{} event {}: nothing to do", key, outcome.name().toLowerCase());
        }
    }

    private void removed(ObjectEvent.Removed event, PhotoKey key) {
        if (stillExists(event.bucket(), key)) {
            // A non-current version was deleted, or the key was written again since: the object is
            // there, so the photo stays (a later upload's own event updates its row).
            LOG.info("{} removal event ignored: the object still exists", key);
            return;
        }
        Removal removal = index.recordRemoval(key, event.sequencer());
        if (removal.outcome() == WriteOutcome.STALE) {
            LOG.info("{} removal is older than the last event applied; ignored", key);
            return;
        }
        // Also on a duplicate: a retried removal whose deletes failed last time must finish them.
        Set<String> derived = new LinkedHashSet<>();
        Preset preset = config.preset();
        for (int size : preset.sizes()) derived.add(new RenditionKey(size, key, preset.format()).value());
        if (removal.previous() != null) {
            for (Rendition r : removal.previous().renditions()) derived.add(new RenditionKey(r.size(), key, r.format()).value());
        }
        int presetKeys = derived.size();
        derived.addAll(resizedResults(key));
        deleteDerived(derived);
        LOG.info("{} removed ({}), {} rendition keys and {} stored resizes deleted", key,
                removal.outcome().name().toLowerCase(), presetKeys, derived.size() - presetKeys);
    }

    /**
     * The on-demand resizer's stored large results of this photo: any rung and format, so they are
     * listed (one prefix per photo, {@link ResizedKey}) rather than guessed.
     */
    private List<String> resizedResults(PhotoKey key) {
        List<String> found = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(config.derivedBucket()).prefix(ResizedKey.prefixOf(key))).contents()) {
            if (ResizedKey.isResultOf(key, o.key())) found.add(o.key());
        }
        return found;
    }

    private void deleteDerived(Set<String> keys) {
        List<ObjectIdentifier> ids = new ArrayList<>();
        for (String k : keys) ids.add(ObjectIdentifier.builder().key(k).build());
        for (int i = 0; i < ids.size(); i += 1000) {
            List<ObjectIdentifier> chunk = ids.subList(i, Math.min(ids.size(), i + 1000));
            DeleteObjectsResponse r = s3.deleteObjects(b -> b.bucket(config.derivedBucket())
                    .delete(Delete.builder().objects(chunk).quiet(true).build()));
            if (r.hasErrors() && !r.errors().isEmpty()) {
                throw new IllegalStateException("could not delete " + r.errors().size() + " renditions from "
                        + config.derivedBucket() + ", first: " + r.errors().get(0).key() + ": " + r.errors().get(0).message());
            }
        }
    }

    private boolean stillExists(String bucket, PhotoKey key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key.value()));
            return true;
        } catch (NoSuchKeyException gone) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return false;
            throw e;
        }
    }

    private record Header(byte[] prefix, long size, String eTag, Instant lastModified) {
    }

    /** The first bytes of this version of the object (a ranged GET), or null if it no longer exists. */
    private Header readHeader(ObjectEvent.Created event) {
        if (event.size() == 0) return new Header(new byte[0], 0, event.eTag(), null);
        GetObjectRequest.Builder req = GetObjectRequest.builder()
                .bucket(event.bucket()).key(event.key())
                .range("bytes=0-" + (config.headerBytes() - 1));
        if (event.versionId() != null) req.versionId(event.versionId());
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(req.build());
            GetObjectResponse r = bytes.response();
            return new Header(bytes.asByteArray(), totalSize(r), unquote(r.eTag()), r.lastModified());
        } catch (NoSuchKeyException gone) {
            LOG.info("{} no longer exists; its removal event cleans up", event.key());
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                LOG.info("{} (version {}) no longer exists; its removal event cleans up", event.key(), event.versionId());
                return null;
            }
            throw e;
        }
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

    private Upload upload(ObjectEvent.Created event, PhotoKey key, String eTag, long size, Instant lastModified, PhotoMetadata md) {
        return new Upload(key, eTag, event.versionId(), event.sequencer(), size, lastModified, md,
                config.preset().name(), config.preset().version());
    }

    static PhotoMetadata toIndex(gallery.imaging.PhotoMetadata md) {
        return new PhotoMetadata(md.width(), md.height(),
                md.takenAt() == null ? null : md.takenAt().atOffset(md.takenOffset() != null ? md.takenOffset() : ZoneOffset.UTC),
                md.cameraMake(), md.cameraModel(), md.latitude(), md.longitude());
    }

    static String unquote(String eTag) {
        if (eTag == null) return null;
        return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"") ? eTag.substring(1, eTag.length() - 1) : eTag;
    }
}
