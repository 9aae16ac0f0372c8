package gallery.local.edge;

import gallery.local.s3.LocalS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The bucket origin against S3Proxy: keys decoded once from the path, conditional GETs, HEAD, 404. */
class S3OriginIT {
    static final String BUCKET = "originals";
    @TempDir
    static Path data;
    static LocalS3 s3Server;
    static S3Client s3;
    static S3Origin origin;

    @BeforeAll
    static void start() {
        s3Server = LocalS3.start(data, 0, "us-east-1", "local", "localsecret", BUCKET, "never-notified/", m -> { }, List.of(BUCKET));
        s3 = S3Client.builder().endpointOverride(s3Server.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "localsecret"))).build();
        s3.putObject(r -> r.bucket(BUCKET).key("photos/Summer 2024/a+b.jpg").contentType("image/jpeg"),
                RequestBody.fromString("jpeg bytes", StandardCharsets.UTF_8));
        origin = new S3Origin(s3, BUCKET);
    }

    @AfterAll
    static void stop() {
        s3.close();
        s3Server.close();
    }

    static OriginRequest request(String method, String rawPath, Map<String, List<String>> headers) {
        return new OriginRequest(method, rawPath, "", headers, new byte[0], "127.0.0.1");
    }

    @Test
    void getsTheObjectNamedByTheDecodedPath() throws Exception {
        OriginResponse r = origin.fetch(request("GET", "/photos/Summer%202024/a+b.jpg", Map.of()));
        assertThat(r.status()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("jpeg bytes");
        assertThat(r.header("content-type")).hasValue("image/jpeg");
        assertThat(r.header("etag")).isPresent();
    }

    @Test
    void headHasNoBody() throws Exception {
        OriginResponse r = origin.fetch(request("HEAD", "/photos/Summer%202024/a+b.jpg", Map.of()));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void missingKeyIs404AndAPlusIsNotASpace() throws Exception {
        assertThat(origin.fetch(request("GET", "/photos/nothing.jpg", Map.of())).status()).isEqualTo(404);
        assertThat(origin.fetch(request("GET", "/photos/Summer%202024/a%20b.jpg", Map.of())).status()).isEqualTo(404);
    }

    @Test
    void matchingEtagIsNotModified() throws Exception {
        String etag = origin.fetch(request("GET", "/photos/Summer%202024/a+b.jpg", Map.of())).header("etag").orElseThrow();
        OriginResponse r = origin.fetch(request("GET", "/photos/Summer%202024/a+b.jpg", Map.of("if-none-match", List.of(etag))));
        assertThat(r.status()).isEqualTo(304);
    }

    @Test
    void aRangeIsAnsweredByS3With206AndAnUnsatisfiableOneWith416() throws Exception {
        OriginResponse r = origin.fetch(request("GET", "/photos/Summer%202024/a+b.jpg", Map.of("range", List.of("bytes=5-"))));
        assertThat(r.status()).isEqualTo(206);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("bytes");
        assertThat(r.header("content-range")).hasValue("bytes 5-9/10");

        OriginResponse past = origin.fetch(request("GET", "/photos/Summer%202024/a+b.jpg", Map.of("range", List.of("bytes=50-60"))));
        assertThat(past.status()).isEqualTo(416);
        assertThat(past.header("content-range")).hasValue("bytes */10");
    }
}
