package gallery.api;

import gallery.core.PhotoFiles;
import gallery.core.PhotoKey;
import gallery.core.Uploader;
import gallery.index.BrowserUploads;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Browser uploads straight to the originals bucket: the API starts an S3 multipart upload (so the object's
 * metadata, who uploaded it and its SHA-256, is set here and the browser cannot change it), hands out
 * presigned URLs for its parts, lists the parts already there (a resumed upload sends only the rest), and
 * completes it. The photo bytes never pass through a function. Who may add to which album is decided by
 * the caller of these methods; every check on the file itself (name, type, size, content hash) is here.
 */
final class Uploads {
    /** The user-metadata key of the SHA-256 (hex) the browser computed; dedupe compares it (docs/architecture.md). */
    static final String SHA256_METADATA_KEY = "sha256";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** Longest album or file name segment; S3 and the index take up to 1,024 bytes for the whole key. */
    static final int MAX_NAME_CHARS = 200;

    /** What {@link #start} decided. */
    sealed interface Start {
        /** The same bytes are already in the album: nothing to send. */
        record Duplicate(PhotoKey key) implements Start {
        }

        record Started(PhotoKey key, String uploadId, long partSize, int parts) implements Start {
        }
    }

    /** A part already in S3. */
    record DonePart(int part, long size, String eTag) {
    }

    private final UploadConfig config;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final BrowserUploads records;

    Uploads(UploadConfig config, S3Client s3, S3Presigner presigner, BrowserUploads records) {
        this.config = Objects.requireNonNull(config, "config");
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.presigner = Objects.requireNonNull(presigner, "presigner");
        this.records = Objects.requireNonNull(records, "records");
    }

    /**
     * A presigner that signs for where {@code s3} sends its calls: its region, credentials and endpoint. An
     * endpoint override is only ever the local stack's S3 (set directly or by {@code AWS_ENDPOINT_URL_S3}), which
     * serves buckets by path, as the local clients address it; in AWS, URLs name the bucket as a virtual host.
     */
    static S3Presigner presigner(S3Client s3) {
        var c = s3.serviceClientConfiguration();
        var b = S3Presigner.builder().region(c.region()).credentialsProvider(c.credentialsProvider());
        c.endpointOverride().ifPresent(endpoint -> b.endpointOverride(endpoint)
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().pathStyleAccessEnabled(true).build()));
        return b.build();
    }

    /** The accepted types and limits, as the page checks files before sending them (one list: {@link PhotoFiles}). */
    Map<String, Object> rules() {
        Map<String, Object> types = new LinkedHashMap<>();
        PhotoFiles.accepted().forEach((ext, a) -> types.put(ext, Map.of("contentType", a.contentType(), "video", a.video())));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("types", types);
        body.put("maxImageBytes", config.maxImageBytes());
        body.put("maxVideoBytes", config.maxVideoBytes());
        body.put("partSize", config.partSize());
        return body;
    }

    /**
     * The album name as a folder under {@code photos/}: segments separated by {@code /}, none empty, {@code .}
     * or {@code ..}, no control characters, none longer than {@value #MAX_NAME_CHARS} characters.
     */
    static String album(String raw) {
        if (raw == null || raw.isBlank()) throw ApiError.badRequest("album", "album must name a folder, e.g. 'Summer 2024'");
        String album = raw.strip();
        for (String segment : album.split("/", -1)) {
            if (segment.isBlank() || segment.equals(".") || segment.equals("..") || !segment.equals(segment.strip())) {
                throw ApiError.badRequest("album", "album '" + raw + "' has an empty, '.' or '..' part or spaces around a '/'");
            }
            checkName("album", segment);
        }
        return album;
    }

    private static void checkName(String parameter, String name) {
        if (name.length() > MAX_NAME_CHARS) throw ApiError.badRequest(parameter, parameter + " parts may have at most " + MAX_NAME_CHARS + " characters, got " + name.length());
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) throw ApiError.badRequest(parameter, parameter + " '" + name.replaceAll("\\p{Cntrl}", "?") + "' holds a control character");
        }
    }

    Start start(String album, String fileName, long bytes, String sha256, String uploaderEmail, String owner) {
        if (fileName == null || fileName.isBlank() || fileName.contains("/") || fileName.startsWith(".")) {
            throw ApiError.badRequest("name", "name must be a file name without '/' that does not start with '.', got '" + fileName + "'");
        }
        checkName("name", fileName);
        if (!PhotoFiles.isPhoto(fileName)) {
            throw new ApiError(415, "'" + fileName + "' is not a photo or video the gallery takes: expected one of "
                    + String.join(", ", PhotoFiles.accepted().keySet()), "name");
        }
        long max = PhotoFiles.isVideo(fileName) ? config.maxVideoBytes() : config.maxImageBytes();
        if (bytes < 1) throw ApiError.badRequest("size", "size must be the file's size in bytes, at least 1, got " + bytes);
        if (bytes > max) throw new ApiError(413, "'" + fileName + "' is " + bytes + " bytes; the gallery takes "
                + (PhotoFiles.isVideo(fileName) ? "videos" : "photos") + " of at most " + max + " bytes", "size");
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw ApiError.badRequest("sha256", "sha256 must be the file's SHA-256 as 64 lowercase hex digits");
        }
        Optional<PhotoKey> same = records.withHash(album, sha256).filter(this::exists);
        if (same.isPresent()) return new Start.Duplicate(same.get());

        PhotoKey key = freeKey(album, fileName);
        String uploadId = s3.createMultipartUpload(b -> b.bucket(config.originalsBucket()).key(key.value())
                .contentType(PhotoFiles.contentType(fileName))
                .metadata(Map.of(Uploader.METADATA_KEY, Uploader.member(uploaderEmail), SHA256_METADATA_KEY, sha256))).uploadId();
        records.started(new BrowserUploads.Started(uploadId, key, owner, bytes, sha256));
        return new Start.Started(key, uploadId, config.partSize(), parts(bytes));
    }

    int parts(long bytes) {
        return (int) ((bytes + config.partSize() - 1) / config.partSize());
    }

    /** The upload if {@code owner} started it; else 404, as for one that never was. */
    BrowserUploads.Started owned(String uploadId, String owner) {
        return records.find(uploadId).filter(u -> u.owner().equals(owner))
                .orElseThrow(() -> ApiError.notFound("no upload '" + uploadId + "' of yours in progress"));
    }

    /** Presigned PUT URLs for these parts, each bound to its exact length. */
    Map<Integer, String> partUrls(BrowserUploads.Started u, List<Integer> partNumbers) {
        int total = parts(u.bytes());
        Map<Integer, String> urls = new LinkedHashMap<>();
        for (int part : partNumbers) {
            if (part < 1 || part > total) throw ApiError.badRequest("parts", "part numbers run from 1 to " + total + ", got " + part);
            long length = Math.min(config.partSize(), u.bytes() - (part - 1) * config.partSize());
            urls.put(part, presigner.presignUploadPart(p -> p.signatureDuration(config.urlLifetime())
                    .uploadPartRequest(r -> r.bucket(config.originalsBucket()).key(u.key().value())
                            .uploadId(u.uploadId()).partNumber(part).contentLength(length))).url().toString());
        }
        return urls;
    }

    /** The parts S3 holds for the upload (a resumed upload sends only the others). */
    List<DonePart> done(BrowserUploads.Started u) {
        List<DonePart> done = new ArrayList<>();
        Integer marker = null;
        try {
            while (true) {
                Integer from = marker;
                ListPartsResponse page = s3.listParts(b -> b.bucket(config.originalsBucket()).key(u.key().value())
                        .uploadId(u.uploadId()).partNumberMarker(from));
                for (Part p : page.parts()) done.add(new DonePart(p.partNumber(), p.size(), p.eTag()));
                if (!Boolean.TRUE.equals(page.isTruncated())) return done;
                marker = page.nextPartNumberMarker();
            }
        } catch (NoSuchUploadException e) {
            records.finished(u.uploadId());
            throw ApiError.notFound("upload '" + u.uploadId() + "' is no longer in progress: start it again");
        }
    }

    /**
     * Completes the upload from the parts S3 holds, once every part is there with exactly the declared size;
     * an upload whose parts add up to more than it declared is aborted (the size limit holds for what was sent).
     */
    PhotoKey complete(BrowserUploads.Started u) {
        List<DonePart> done = done(u);
        long sent = done.stream().mapToLong(DonePart::size).sum();
        if (sent > u.bytes() || done.stream().anyMatch(p -> p.part() > parts(u.bytes()))) {
            abort(u);
            throw new ApiError(413, "the parts sent add up to " + sent + " bytes, more than the " + u.bytes() + " declared: upload aborted", "parts");
        }
        if (done.size() != parts(u.bytes()) || sent != u.bytes()) {
            throw new ApiError(409, "upload incomplete: " + done.size() + " of " + parts(u.bytes()) + " parts, "
                    + sent + " of " + u.bytes() + " bytes are in S3", "parts");
        }
        List<CompletedPart> parts = done.stream().map(p -> CompletedPart.builder().partNumber(p.part()).eTag(p.eTag()).build()).toList();
        s3.completeMultipartUpload(b -> b.bucket(config.originalsBucket()).key(u.key().value()).uploadId(u.uploadId())
                .multipartUpload(m -> m.parts(parts)));
        records.recordHash(u.key(), u.sha256());
        records.finished(u.uploadId());
        return u.key();
    }

    void abort(BrowserUploads.Started u) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(config.originalsBucket()).key(u.key().value()).uploadId(u.uploadId()));
        } catch (NoSuchUploadException e) {
            // already gone: what the caller wanted
        }
        records.finished(u.uploadId());
    }

    /**
     * The key for {@code fileName} in the album that no object holds yet: two phones both name a photo
     * {@code IMG_0001.JPG}, and an upload must never replace someone else's photo. {@code IMG_0001 (2).JPG}, ...
     */
    private PhotoKey freeKey(String album, String fileName) {
        String folder = PhotoKey.PREFIX + (album.isEmpty() ? "" : album + "/");
        int dot = fileName.lastIndexOf('.');
        String stem = fileName.substring(0, dot);
        String ext = fileName.substring(dot);
        for (int n = 1; n < 1000; n++) {
            PhotoKey key = PhotoKey.of(folder + (n == 1 ? fileName : stem + " (" + n + ")" + ext));
            if (!exists(key)) return key;
        }
        throw new ApiError(409, "the album holds a thousand files named like '" + fileName + "': rename it", "name");
    }

    /** Whether the originals bucket holds exactly this key (a listing: the api may list photo names, not read photos). */
    private boolean exists(PhotoKey key) {
        return s3.listObjectsV2(b -> b.bucket(config.originalsBucket()).prefix(key.value()).maxKeys(1).encodingType(EncodingType.URL))
                .contents().stream().anyMatch(o -> o.key().equals(key.value()));
    }
}
