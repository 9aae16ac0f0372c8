package gallery.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What "gone" means, against S3's answers as the SDK hands them over (the S3Proxy runs are in ingest's
 * IngestHandlerIT and local's FailuresIT). A HEAD's 404 is translated by the SDK into NoSuchKey
 * whatever was missing, which is why the bucket is asked.
 */
class S3ObjectsTest {
    /** An S3 with the named buckets and keys; HEADs answer as the SDK makes them look, deletes fail for {@code refused}. */
    static final class FakeS3 implements S3Client {
        final Set<String> buckets;
        final Set<String> keys;
        final Set<String> refused;
        final List<String> calls = new ArrayList<>();

        FakeS3(Set<String> buckets, Set<String> keys, Set<String> refused) {
            this.buckets = buckets;
            this.keys = keys;
            this.refused = refused;
        }

        @Override
        public HeadObjectResponse headObject(HeadObjectRequest r) {
            calls.add("HeadObject");
            if (!buckets.contains(r.bucket()) || !keys.contains(r.key())) throw headNotFound();
            return HeadObjectResponse.builder().contentLength(1L).build();
        }

        @Override
        public HeadBucketResponse headBucket(HeadBucketRequest r) {
            calls.add("HeadBucket");
            if (!buckets.contains(r.bucket())) throw NoSuchBucketException.builder().statusCode(404).build();
            return HeadBucketResponse.builder().build();
        }

        @Override
        public DeleteObjectsResponse deleteObjects(DeleteObjectsRequest r) {
            calls.add("DeleteObjects " + r.delete().objects().size());
            assertThat(r.delete().quiet()).isTrue();
            List<S3Error> errors = r.delete().objects().stream().filter(o -> refused.contains(o.key()))
                    .map(o -> S3Error.builder().key(o.key()).code("AccessDenied").message("Access Denied").build()).toList();
            return DeleteObjectsResponse.builder().errors(errors).build();
        }

        @Override
        public DeleteObjectResponse deleteObject(DeleteObjectRequest r) {
            calls.add("DeleteObject " + r.key());
            return DeleteObjectResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {
        }

        /** What the SDK throws for any HEAD 404 (its ExceptionTranslationInterceptor): NoSuchKey, bucket or not. */
        private static NoSuchKeyException headNotFound() {
            return (NoSuchKeyException) NoSuchKeyException.builder().statusCode(404)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("NoSuchKey").build()).build();
        }
    }

    private static S3Exception error(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(code == null ? null : AwsErrorDetails.builder().errorCode(code).build()).build();
    }

    private final FakeS3 s3 = new FakeS3(Set.of("originals"), Set.of("photos/a.jpg"), Set.of("renditions/refused.webp"));
    private final S3Objects objects = new S3Objects(s3);

    @Test
    void aHeadFindsWhatIsThereAndCallsAMissingKeyGone() {
        assertThat(objects.exists("originals", "photos/a.jpg")).isTrue();
        assertThat(objects.exists("originals", "photos/gone.jpg")).isFalse();
        assertThat(s3.calls).containsExactly("HeadObject", "HeadObject", "HeadBucket");
    }

    @Test
    void aMissingBucketIsAConfigurationErrorNeverGone() {
        assertThatThrownBy(() -> objects.exists("orignals", "photos/a.jpg"))
                .isInstanceOf(S3Objects.MissingBucket.class).hasMessageContaining("bucket orignals does not exist");
        assertThatThrownBy(() -> objects.unlessGone("orignals", () -> { throw error(404, "NoSuchBucket"); }))
                .isInstanceOf(S3Objects.MissingBucket.class);
        // A 404 without an error code: the bucket is asked.
        assertThatThrownBy(() -> objects.unlessGone("orignals", () -> { throw error(404, null); }))
                .isInstanceOf(S3Objects.MissingBucket.class);
    }

    @Test
    void aReadIsGoneOnNoSuchKeyOrNoSuchVersionAndOtherwiseFails() {
        assertThat(objects.unlessGone("originals", () -> "bytes")).contains("bytes");
        assertThat(objects.unlessGone("originals", () -> { throw error(404, "NoSuchKey"); })).isEmpty();
        assertThat(objects.unlessGone("originals", () -> { throw error(404, "NoSuchVersion"); })).isEmpty();
        assertThat(objects.unlessGone("originals", () -> { throw error(404, null); })).isEmpty();
        assertThat(s3.calls).containsExactly("HeadBucket");
        assertThatThrownBy(() -> objects.unlessGone("originals", () -> { throw error(403, "AccessDenied"); }))
                .isInstanceOf(S3Exception.class).isNotInstanceOf(S3Objects.MissingBucket.class);
        assertThatThrownBy(() -> objects.unlessGone("originals", () -> { throw error(503, "SlowDown"); }))
                .isInstanceOf(S3Exception.class);
    }

    @Test
    void deleteAllSendsAThousandKeysARequestAndKeysXmlCannotCarryOneByOne() {
        List<String> keys = new ArrayList<>(IntStream.range(0, 2_001).mapToObj(i -> "renditions/" + i + ".webp").toList());
        keys.add("renditions/bell\u0007.webp");
        objects.deleteAll("derived", keys);
        assertThat(s3.calls).containsExactly("DeleteObject renditions/bell\u0007.webp",
                "DeleteObjects 1000", "DeleteObjects 1000", "DeleteObjects 1");
        objects.deleteAll("derived", List.of());
        assertThat(s3.calls).hasSize(4);
    }

    @Test
    void deleteAllThrowsWhenAnyKeyFails() {
        assertThatThrownBy(() -> objects.deleteAll("derived", List.of("renditions/ok.webp", "renditions/refused.webp")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not delete 1 of 2 objects from derived")
                .hasMessageContaining("renditions/refused.webp: AccessDenied");
    }

    @Test
    void xmlSafeKeys() {
        assertThat(S3Objects.xmlSafe("photos/a b\tc\n.jpg")).isTrue();
        assertThat(S3Objects.xmlSafe("photos/a\r.jpg")).isFalse();
        assertThat(S3Objects.xmlSafe("photos/\uFFFE.jpg")).isFalse();
    }
}
