package gallery.local;

import gallery.core.PhotoFiles;
import gallery.core.PhotoKey;
import gallery.core.RenderJob;
import gallery.core.deploy.Deployment;
import gallery.index.PhotoIndex;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import gallery.local.LocalPhotos.LocalPhoto;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import gallery.aws.S3Objects;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Puts local photos into the originals bucket through S3, as any backup tool would, and follows
 * them through the pipeline by reading their rows in the photo index.
 *
 * <p>A restart uploads nothing twice: a key whose object already has the file's size and MD5 (the
 * ETag of a single-part upload) is left alone. Queues live in memory and start empty, so a photo
 * still PENDING from an earlier run lost its render job when that run stopped: its job is queued
 * again. One with no row at all (its S3 event was lost) is uploaded again, which sends a new event.
 */
public final class PhotoImport {
    /** Where the photos of one import stand. {@code pending} = uploaded, not yet ready or failed. */
    public record Progress(int found, int uploaded, int unchanged, int requeued, int uploadFailed,
                           int ready, int failed, int pending) {
        public boolean settled() {
            return pending == 0;
        }

        public String line() {
            return String.format(Locale.ROOT, "photos: %d found, %d uploaded%s%s%s | %d rendered, %d failed, %d waiting",
                    found, uploaded, unchanged > 0 ? ", " + unchanged + " already there" : "",
                    requeued > 0 ? ", " + requeued + " re-queued" : "",
                    uploadFailed > 0 ? ", " + uploadFailed + " NOT uploaded" : "", ready, failed, pending);
        }
    }

    /** A photo whose upload failed, and why. */
    public record UploadError(LocalPhoto photo, String reason) {
    }

    private final Deployment deployment;
    private final S3Client s3;
    private final SqsClient sqs;
    private final PhotoIndex index;
    private final String preset;
    private final List<UploadError> errors = new ArrayList<>();

    public PhotoImport(Deployment deployment, S3Client s3, SqsClient sqs, PhotoIndex index, String preset) {
        this.deployment = deployment;
        this.s3 = s3;
        this.sqs = sqs;
        this.index = index;
        this.preset = preset;
    }

    public List<UploadError> errors() {
        return List.copyOf(errors);
    }

    /**
     * Uploads what is new or changed, reporting after each photo, then reports every second until
     * each uploaded photo is READY or FAILED, or {@code patience} passes without any change.
     */
    public Progress run(List<LocalPhoto> photos, Duration patience, Consumer<Progress> report) {
        int uploaded = 0;
        int unchanged = 0;
        int requeued = 0;
        List<PhotoKey> followed = new ArrayList<>();
        long lastReport = 0;
        for (int i = 0; i < photos.size(); i++) {
            LocalPhoto p = photos.get(i);
            try {
                switch (put(p)) {
                    case UPLOADED -> uploaded++;
                    case UNCHANGED -> unchanged++;
                    case REQUEUED -> requeued++;
                }
                followed.add(p.key());
            } catch (SdkException | UncheckedIOException e) {
                errors.add(new UploadError(p, e.getMessage()));
            }
            // At most one line a second while uploading (a folder of thousands would flood the console).
            if (System.nanoTime() - lastReport > 1_000_000_000L || i == photos.size() - 1) {
                report.accept(status(photos.size(), uploaded, unchanged, requeued, followed));
                lastReport = System.nanoTime();
            }
        }
        Progress last = null;
        long quietSince = System.nanoTime();
        while (true) {
            Progress now = status(photos.size(), uploaded, unchanged, requeued, followed);
            if (!now.equals(last)) {
                report.accept(now);
                last = now;
                quietSince = System.nanoTime();
            }
            if (now.settled() || System.nanoTime() - quietSince > patience.toNanos()) return now;
            sleep(Duration.ofSeconds(1));
        }
    }

    private Progress status(int found, int uploaded, int unchanged, int requeued, List<PhotoKey> keys) {
        Map<PhotoKey, PhotoIndex.Stored> rows = index.getAll(keys);
        int ready = 0;
        int failed = 0;
        for (PhotoKey k : keys) {
            PhotoIndex.Stored s = rows.get(k);
            if (s == null || s.deleted()) continue;
            if (s.row().status() == PhotoStatus.READY) ready++;
            else if (s.row().status() == PhotoStatus.FAILED) failed++;
        }
        return new Progress(found, uploaded, unchanged, requeued, errors.size(), ready, failed, keys.size() - ready - failed);
    }

    enum Outcome { UPLOADED, UNCHANGED, REQUEUED }

    Outcome put(LocalPhoto p) {
        String key = p.key().value();
        Optional<HeadObjectResponse> head = head(key);
        if (head.isPresent() && head.get().contentLength() == size(p.file()) && md5(p.file()).equals(unquote(head.get().eTag()))) {
            Optional<PhotoRow> row = index.get(p.key());
            if (row.isPresent() && row.get().status() != PhotoStatus.PENDING) return Outcome.UNCHANGED;
            if (row.isPresent()) {
                PhotoRow r = row.get();
                RenderJob job = new RenderJob(deployment.originalsBucket(), key, r.version().versionId(), r.version().eTag(),
                        r.rendering().presetName() != null ? r.rendering().presetName() : preset);
                sqs.sendMessage(m -> m.queueUrl(deployment.queues().render()).messageBody(job.toJson()));
                return Outcome.REQUEUED;
            }
        }
        s3.putObject(r -> r.bucket(deployment.originalsBucket()).key(key).contentType(PhotoFiles.contentType(p.file().getFileName().toString()))
                        .metadata(java.util.Map.of(gallery.core.Uploader.METADATA_KEY, gallery.core.Uploader.ADMIN)),
                RequestBody.fromFile(p.file()));
        return Outcome.UPLOADED;
    }

    private Optional<HeadObjectResponse> head(String key) {
        return new S3Objects(s3).head(deployment.originalsBucket(), key);
    }

    static String md5(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("MD5"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JDK", e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }


    private static String unquote(String eTag) {
        if (eTag == null) return "";
        return eTag.replace("\"", "");
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while following the import", e);
        }
    }
}
