package gallery.aws;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one definition of "the object is gone" and the one batch delete, for every module that reads
 * or deletes objects.
 * <p>
 * Gone means S3 answered 404 for the object: NoSuchKey, NoSuchVersion, or a HEAD's body-less 404. A
 * missing bucket is never "gone": it is a configuration error (a wrong bucket name would otherwise
 * turn every photo into a tombstone), thrown as {@link MissingBucket} so the message is retried and
 * ends in the dead-letter queue. A HEAD's 404 carries no error code (the SDK names it NoSuchKey
 * whatever was missing), so there the bucket is asked once with HeadBucket before the object counts
 * as gone. Roles that read a bucket hold ListBucket on it (infra's ObjectGrants: without it S3
 * answers a missing key with 403), which HeadBucket needs.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html
 */
public final class S3Objects {
    /** DeleteObjects takes at most this many keys a request. */
    static final int DELETE_BATCH = 1000;

    private final S3Client s3;

    public S3Objects(S3Client s3) {
        this.s3 = s3;
    }

    /**
     * Runs {@code read}, a request with a response body (a GET) on an object of {@code bucket}, and
     * answers empty when the object or the version it names is gone. Use {@link #head} for a HEAD.
     *
     * @throws MissingBucket when the bucket does not exist
     */
    public <T> Optional<T> unlessGone(String bucket, Supplier<T> read) {
        try {
            return Optional.of(read.get());
        } catch (S3Exception e) {
            if (e.statusCode() != 404) throw e;
            String code = code(e);
            if ("NoSuchBucket".equals(code)) throw new MissingBucket(bucket, e);
            // A 404 without an error code (a proxy in between, an S3 look-alike) says nothing about which is missing.
            if (code == null) confirmBucket(bucket, e);
            return Optional.empty();
        }
    }

    /**
     * The object's metadata (HEAD), empty when it is gone.
     *
     * @throws MissingBucket when the bucket does not exist
     */
    public Optional<HeadObjectResponse> head(String bucket, String key) {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(bucket).key(key)));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) throw e;
            confirmBucket(bucket, e);
            return Optional.empty();
        }
    }

    /** Whether the object exists ({@link #head}). */
    public boolean exists(String bucket, String key) {
        return head(bucket, key).isPresent();
    }

    /**
     * Deletes these keys: DeleteObjects, {@value #DELETE_BATCH} a request, except for keys XML 1.0
     * cannot carry (a control character: S3 answers "The XML you provided was not well-formed"),
     * deleted one by one. Quiet mode answers only the keys that failed; any such key fails the whole
     * call (a key that was already gone is a success in S3, not an error).
     *
     * @throws IllegalStateException naming how many keys failed and the first of them
     */
    public void deleteAll(String bucket, Collection<String> keys) {
        List<String> batched = new ArrayList<>();
        for (String k : keys) {
            if (xmlSafe(k)) batched.add(k);
            else s3.deleteObject(b -> b.bucket(bucket).key(k));
        }
        for (int i = 0; i < batched.size(); i += DELETE_BATCH) {
            List<ObjectIdentifier> chunk = batched.subList(i, Math.min(batched.size(), i + DELETE_BATCH)).stream()
                    .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
            DeleteObjectsResponse r = s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(chunk).quiet(true).build()));
            if (r.hasErrors() && !r.errors().isEmpty()) {
                S3Error first = r.errors().getFirst();
                throw new IllegalStateException("could not delete " + r.errors().size() + " of " + chunk.size() + " objects from "
                        + bucket + ", first: " + first.key() + ": " + first.code() + " " + first.message());
            }
        }
    }

    /**
     * Whether XML 1.0 carries the key unchanged: no control characters but tab and newline (a carriage
     * return would be read back as a newline), no U+FFFE/FFFF.
     */
    static boolean xmlSafe(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n') return false;
            if (c == 0xFFFE || c == 0xFFFF) return false;
        }
        return true;
    }

    private void confirmBucket(String bucket, S3Exception objectMissing) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) throw new MissingBucket(bucket, objectMissing);
            throw e;
        }
    }

    private static String code(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    /** The bucket the configuration names does not exist: retry, alarm, never a tombstone. */
    public static final class MissingBucket extends IllegalStateException {
        public MissingBucket(String bucket, Throwable cause) {
            super("bucket " + bucket + " does not exist: check the function's configuration (the bucket variables)", cause);
        }
    }
}
