package gallery.admin;

import gallery.core.Uploader;
import gallery.core.PhotoKey;
import software.amazon.awssdk.core.sync.RequestBody;
import gallery.aws.S3Objects;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Uploads one file to one key, idempotently and resumably.
 *
 * <ul>
 *   <li><b>Unchanged files are skipped:</b> every upload stores the file's MD5 as user metadata
 *       ({@value #MD5_METADATA}); a HEAD with the same size and that MD5 (or a single-part ETag equal
 *       to it, for objects put by other tools) means there is nothing to do.</li>
 *   <li><b>Multipart, resumable without local state:</b> a rerun finds the unfinished upload for the
 *       key (ListMultipartUploads) and its parts (ListParts); a part whose size and ETag (the MD5 of
 *       its bytes) match the file's part is kept, any other is sent again. The SDK's transfer
 *       manager resumes only from a token saved by a clean pause, which a killed process never writes.</li>
 *   <li><b>Integrity:</b> every request carries Content-MD5, so S3 refuses bytes damaged on the way.</li>
 * </ul>
 */
public final class PhotoUploader {
    public static final String MD5_METADATA = "md5";
    /** S3's smallest part (all but the last). */
    public static final long MIN_PART = 5L * 1024 * 1024;

    public record Item(Path file, PhotoKey key, long size, String contentType) {
    }

    public enum Outcome { UPLOADED, UNCHANGED, FAILED }

    public record Result(Item item, Outcome outcome, long bytesSent, int parts, int partsResumed, String error) {
    }

    private final S3Client s3;
    private final String bucket;
    private final long multipartThreshold;
    private final long partSize;
    private final Progress progress;

    public PhotoUploader(S3Client s3, String bucket, long multipartThreshold, long partSize, Progress progress) {
        this.s3 = Objects.requireNonNull(s3);
        this.bucket = Objects.requireNonNull(bucket);
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
        this.progress = progress;
    }

    public Result upload(Item item) {
        try {
            String md5 = hex(md5(item.file(), 0, item.size()));
            if (unchanged(item, md5)) {
                progress.add(1, item.size());
                return new Result(item, Outcome.UNCHANGED, 0, 0, 0, null);
            }
            if (item.size() < multipartThreshold) {
                byte[] bytes = Files.readAllBytes(item.file());
                s3.putObject(b -> b.bucket(bucket).key(item.key().value()).contentType(item.contentType())
                                .contentMD5(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(md5)))
                                .metadata(Map.of(MD5_METADATA, md5, Uploader.METADATA_KEY, Uploader.ADMIN)),
                        RequestBody.fromBytes(bytes));
                progress.add(1, item.size());
                return new Result(item, Outcome.UPLOADED, item.size(), 0, 0, null);
            }
            Multipart m = multipart(item, md5);
            progress.add(1, 0);
            return new Result(item, Outcome.UPLOADED, m.sent(), m.parts(), m.resumed(), null);
        } catch (IOException | RuntimeException e) {
            progress.add(1, 0);
            return new Result(item, Outcome.FAILED, 0, 0, 0, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private boolean unchanged(Item item, String md5) throws IOException {
        java.util.Optional<HeadObjectResponse> found = new S3Objects(s3).head(bucket, item.key().value());
        if (found.isEmpty()) return false;
        HeadObjectResponse head = found.get();
        if (head.contentLength() == null || head.contentLength() != item.size()) return false;
        String eTag = Original.unquote(head.eTag());
        return md5.equals(head.metadata().get(MD5_METADATA)) || md5.equals(eTag)
                || eTag != null && eTag.equals(multipartETag(item.file(), item.size(), partSize));
    }

    /**
     * The ETag S3 gives a multipart object uploaded with this part size: the MD5 of the parts' MD5s,
     * a dash, the part count. Recognises a file completed by a resumed upload (or another tool with
     * the same part size) without its MD5 metadata.
     */
    static String multipartETag(Path file, long size, long partSize) throws IOException {
        int count = (int) ((size + partSize - 1) / partSize);
        if (count < 1) return null;
        MessageDigest all = md5();
        for (int n = 0; n < count; n++) {
            long offset = n * partSize;
            all.update(md5(file, offset, Math.min(partSize, size - offset)));
        }
        return hex(all.digest()) + "-" + count;
    }

    private record Multipart(long sent, int parts, int resumed) {
    }

    private Multipart multipart(Item item, String md5) throws IOException {
        String key = item.key().value();
        String unfinished = unfinishedUpload(key);
        Map<Integer, Part> existing = new HashMap<>();
        if (unfinished != null) {
            for (Part p : s3.listPartsPaginator(b -> b.bucket(bucket).key(key).uploadId(unfinished)).parts()) existing.put(p.partNumber(), p);
        }
        String id = unfinished != null ? unfinished : s3.createMultipartUpload(b -> b.bucket(bucket).key(key)
                .contentType(item.contentType()).metadata(Map.of(MD5_METADATA, md5, Uploader.METADATA_KEY, Uploader.ADMIN))).uploadId();
        int count = (int) ((item.size() + partSize - 1) / partSize);
        List<CompletedPart> completed = new ArrayList<>();
        long sent = 0;
        int resumed = 0;
        try (FileChannel ch = FileChannel.open(item.file(), StandardOpenOption.READ)) {
            for (int n = 1; n <= count; n++) {
                long offset = (n - 1) * partSize;
                int length = (int) Math.min(partSize, item.size() - offset);
                ByteBuffer buf = ByteBuffer.allocate(length);
                while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) >= 0) {
                    // read until the part is full
                }
                byte[] bytes = buf.array();
                byte[] partMd5 = md5(bytes);
                Part have = existing.get(n);
                String eTag;
                if (have != null && have.size() != null && have.size() == length && HexFormat.of().formatHex(partMd5).equals(Original.unquote(have.eTag()))) {
                    eTag = have.eTag();
                    resumed++;
                } else {
                    int partNumber = n;
                    eTag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(partNumber)
                                    .contentLength((long) length).contentMD5(Base64.getEncoder().encodeToString(partMd5)),
                            RequestBody.fromBytes(bytes)).eTag();
                    sent += length;
                }
                completed.add(CompletedPart.builder().partNumber(n).eTag(eTag).build());
                progress.add(0, length);
            }
        }
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id).multipartUpload(u -> u.parts(completed)));
        return new Multipart(sent, count, resumed);
    }

    /** The newest unfinished multipart upload of exactly this key, or null. */
    private String unfinishedUpload(String key) {
        List<MultipartUpload> uploads = new ArrayList<>();
        for (MultipartUpload u : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(key)
                .encodingType(software.amazon.awssdk.services.s3.model.EncodingType.URL)).uploads()) {
            if (key.equals(u.key())) uploads.add(u);
        }
        return uploads.stream().max(Comparator.comparing(MultipartUpload::initiated, Comparator.nullsFirst(Comparator.naturalOrder())))
                .map(MultipartUpload::uploadId).orElse(null);
    }

    static byte[] md5(Path file, long offset, long length) throws IOException {
        MessageDigest md = md5();
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(offset);
            byte[] buf = new byte[1 << 16];
            long left = length;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) break;
                md.update(buf, 0, n);
                left -= n;
            }
        }
        return md.digest();
    }

    static byte[] md5(byte[] bytes) {
        return md5().digest(bytes);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
