package gallery.api;

import gallery.core.routes.ContentSecurityPolicy;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UploadsTest {

    /** The site's CSP lets the page send parts only to the bucket origin it names: the presigned URLs must go there. */
    @Test
    void inAwsPartUrlsGoToTheBucketOriginTheContentSecurityPolicyAllows() {
        try (S3Client s3 = S3Client.builder().region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"))).build()) {
            URI url = URI.create(Uploads.presigner(s3).presignUploadPart(p -> p.signatureDuration(Duration.ofMinutes(15))
                    .uploadPartRequest(r -> r.bucket("gallery-originals-1a2b").key("photos/Summer/IMG 1.jpg").uploadId("u1")
                            .partNumber(1).contentLength(8L))).url().toString());
            assertThat(ContentSecurityPolicy.origin(url)).isEqualTo(ContentSecurityPolicy.bucketOrigin("gallery-originals-1a2b", "eu-west-1"));
            assertThat(url.getRawQuery()).contains("partNumber=1", "uploadId=u1", "X-Amz-Expires=900").contains("content-length")
                    // a browser sends no checksum header: none may be signed into the URL
                    .doesNotContainIgnoringCase("checksum");
        }
    }

    @Test
    void albumNamesAreFoldersWithoutTricks() {
        assertThat(Uploads.album(" Family/Summer 2024 ")).isEqualTo("Family/Summer 2024");
        for (String bad : new String[]{"", "  ", "a//b", "../x", "a/..", "a/./b", "a /b", "tab\there", "x".repeat(201)}) {
            assertThatThrownBy(() -> Uploads.album(bad)).as(bad).isInstanceOf(ApiError.class);
        }
    }
}
