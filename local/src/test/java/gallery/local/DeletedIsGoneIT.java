package gallery.local;

import gallery.aws.DeploymentClients;
import gallery.testing.SampleImages;

import gallery.core.preset.Presets;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.core.Json;
import gallery.core.PhotoKey;
import gallery.core.PhotoVersion;
import gallery.core.RenderJob;
import gallery.core.deploy.Deployment;
import gallery.index.PhotoIndex;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.awt.Color;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static gallery.testing.SignedCookies.cookiesFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, reproduced as a family would meet it, through the edge with signed cookies: a photo
 * overwritten by a smaller one, a photo rendered with two presets and then deleted, and their
 * on-demand results. Every URL is fetched first so the edge has it cached; after the event is
 * processed each answers 404 (or, for a resize of a replaced photo, a redirect to the new version),
 * and the derived bucket holds nothing of the old picture.
 */
class DeletedIsGoneIT {
    @TempDir
    static Path data;
    static Gallery gallery;
    static final HttpClient http = HttpClient.newHttpClient();
    static S3Client s3;
    static SqsClient sqs;
    static DynamoDbClient dynamo;
    static PhotoIndex index;
    static Deployment d;
    static List<String> setCookies;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        Path web = Files.createDirectories(data.resolve("web"));
        Files.writeString(web.resolve("index.html"), "<!doctype html><title>Family Photos</title>");
        Main.Args defaults = Main.parse(new String[0]);
        gallery = Gallery.start(defaults.options().freePorts().withWeb(web).withTools(defaults.options().toolsDir())
                .withData(data.resolve("data")));
        d = gallery.deployment();
        s3 = DeploymentClients.s3(d);
        sqs = DeploymentClients.sqs(d);
        dynamo = DeploymentClients.dynamoDb(d);
        index = new PhotoIndex(dynamo, d.photoTable());
        token = EdgeEndToEndIT.signIn(gallery);
        HttpResponse<String> session = http.send(HttpRequest.newBuilder(URI.create(gallery.siteUrl() + "/session"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(session.statusCode()).isEqualTo(204);
        setCookies = session.headers().allValues("set-cookie");
    }

    @AfterAll
    static void stop() {
        if (gallery != null) gallery.close();
        for (AutoCloseable c : new AutoCloseable[]{s3, sqs, dynamo}) {
            try {
                if (c != null) c.close();
            } catch (Exception ignored) {
                // closing
            }
        }
    }

    @Test
    void anOverwriteWithASmallerPhotoLeavesNoneOfTheOldPictureServed() throws Exception {
        PhotoKey key = new PhotoKey("photos/Repro/p.jpg");
        PhotoRow big = upload(key, SampleImages.photo(2400, 1600, Color.RED, Color.YELLOW), null);
        String v1 = PhotoVersion.of(big.version().eTag());
        String large = "/renditions/all/2560/photos/Repro/p.jpg.webp?v=" + v1;
        String mid = "/renditions/all/1920/photos/Repro/p.jpg.webp?v=" + v1;
        assertThat(get(large).statusCode()).isEqualTo(200);
        assertThat(get(mid).statusCode()).isEqualTo(200);
        assertThat(get(large).headers().firstValue("x-cache")).as("the edge holds the old picture").hasValue("Hit from edge");
        String resize = canonicalResize(key, v1, 1000);
        assertThat(get(resize).statusCode()).isEqualTo(200);

        PhotoRow small = upload(key, SampleImages.photo(800, 1200, Color.BLUE, Color.GREEN), big.version().eTag());
        // Every preset size up to the first that covers the long edge (1200): none of the old 1920 or 2560.
        assertThat(small.rendering().renditions()).extracting(r -> r.size()).containsExactlyElementsOf(Presets.DEFAULT.sizes()
                .stream().filter(size -> size <= Presets.DEFAULT.atLeast(1200)).toList());
        String v2 = PhotoVersion.of(small.version().eTag());
        for (String old : List.of(large, mid, large.replace(v1, "x"), mid.replace(v1, v2), "/renditions/all/3840/photos/Repro/p.jpg.webp?v=" + v1)) {
            HttpResponse<byte[]> r = get(old);
            assertThat(r.statusCode()).as(old + " (" + r.headers().firstValue("x-cache").orElse("") + ")").isEqualTo(404);
        }
        HttpResponse<byte[]> oldResize = get(resize);
        assertThat(oldResize.statusCode()).as("the old version's resize, cached before").isEqualTo(302);
        assertThat(oldResize.headers().firstValue("location").orElseThrow()).endsWith("?v=" + v2);
        assertThat(get("/renditions/all/640/photos/Repro/p.jpg.webp?v=" + v2).statusCode()).isEqualTo(200);
        assertThat(derivedKeys("p.jpg")).as("derived objects left").allSatisfy(k -> assertThat(k).doesNotContain("/2560/").doesNotContain("/1920/"))
                .noneMatch(k -> k.startsWith("renditions/resized/"));
    }

    @Test
    void aDeletedPhotoRenderedWithTwoPresetsLeavesNothingServed() throws Exception {
        PhotoKey key = new PhotoKey("photos/Repro/q.jpg");
        PhotoRow row = upload(key, SampleImages.photo(1500, 1000, Color.ORANGE, Color.BLACK), null);
        String v = PhotoVersion.of(row.version().eTag());

        reprocess(key, row, "jpeg");
        String jpg = "/renditions/all/640/photos/Repro/q.jpg.jpg?v=" + v;
        HttpResponse<byte[]> jpgBefore = get(jpg);
        assertThat(jpgBefore.statusCode()).isEqualTo(200);
        assertThat(jpgBefore.headers().firstValue("content-type")).hasValue("image/jpeg");
        reprocess(key, row, "default");
        // Deleted from the bucket; the edge's copy (the same picture, this version) is invalidated when the version goes.
        assertThat(derivedKeys("q.jpg")).noneMatch(k -> k.endsWith(".jpg.jpg"));
        assertThat(get(jpg.replace("?v=" + v, "?v=other")).statusCode()).as("not in the bucket").isEqualTo(404);

        String webp = "/renditions/all/640/photos/Repro/q.jpg.webp?v=" + v;
        assertThat(get(webp).statusCode()).isEqualTo(200);
        String resize = canonicalResize(key, v, 700);
        assertThat(get(resize).statusCode()).isEqualTo(200);
        assertThat(get(resize).headers().firstValue("x-cache")).hasValue("Hit from edge");
        assertThat(derivedKeys("q.jpg")).anyMatch(k -> k.startsWith("renditions/resized/"));

        s3.deleteObject(b -> b.bucket(d.originalsBucket()).key(key.value()));
        Await.until("the removal of " + key, () -> index.get(key).isEmpty() && processed(key) ? Boolean.TRUE : null);
        assertThat(derivedKeys("q.jpg")).isEmpty();
        for (String gone : List.of(webp, jpg, resize, "/renditions/all/1280/photos/Repro/q.jpg.webp?v=" + v)) {
            HttpResponse<byte[]> r = get(gone);
            assertThat(r.statusCode()).as(gone + " (" + r.headers().firstValue("x-cache").orElse("") + ")").isEqualTo(404);
        }
        HttpResponse<byte[]> api = http.send(HttpRequest.newBuilder(URI.create(gallery.siteUrl() + "/api/photos/photos/Repro/q.jpg"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(api.statusCode()).isEqualTo(404);
    }

    /** Puts the photo through S3 and waits until its row is READY with this content (not {@code previousETag}). */
    static PhotoRow upload(PhotoKey key, byte[] jpeg, String previousETag) {
        String eTag = s3.putObject(b -> b.bucket(d.originalsBucket()).key(key.value()).contentType("image/jpeg"),
                RequestBody.fromBytes(jpeg)).eTag().replace("\"", "");
        assertThat(eTag).isNotEqualTo(previousETag);
        return Await.until(key + " ready", () -> index.get(key)
                .filter(r -> r.status() == PhotoStatus.READY && eTag.equals(r.version().eTag()) && processed(key)).orElse(null));
    }

    /** As {@code ./gallery admin reprocess --preset P}: a job on the reprocess lane, then the row on that preset. */
    static void reprocess(PhotoKey key, PhotoRow row, String preset) {
        sqs.sendMessage(b -> b.queueUrl(d.queues().reprocess())
                .messageBody(new RenderJob(d.originalsBucket(), key.value(), row.version().versionId(), row.version().eTag(), preset).toJson()));
        Await.until(key + " on preset " + preset, () -> index.get(key)
                .filter(r -> r.status() == PhotoStatus.READY && preset.equals(r.rendering().presetName()) && processed(key)).orElse(null));
    }

    /** The job is done when its cleanup is: nothing is left doomed (deleted, invalidated, then forgotten). */
    static boolean processed(PhotoKey key) {
        return index.derivedRecord(key).doomed().isEmpty();
    }

    /** The canonical on-demand URL for a {@code box}-sized request, as the viewer follows it. */
    static String canonicalResize(PhotoKey key, String v, int box) throws Exception {
        HttpResponse<byte[]> r = get("/resize/all/" + box + "x" + (box - 7) + "/" + key.value() + "?v=" + v);
        assertThat(r.statusCode()).isEqualTo(301);
        return r.headers().firstValue("location").orElseThrow();
    }

    static List<String> derivedKeys(String name) {
        return s3.listObjectsV2Paginator(b -> b.bucket(d.derivedBucket())).contents().stream()
                .map(S3Object::key).filter(k -> k.contains("/Repro/" + name)).toList();
    }

    static HttpResponse<byte[]> get(String path) throws Exception {
        // The protected prefix and the access label: the cookie trio's path.
        String prefix = "/" + path.split("/")[1] + "/" + path.split("/")[2] + "/";
        Optional<String> cookie = Optional.of(cookiesFor(setCookies, prefix));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gallery.siteUrl() + path)).header("Accept", "image/webp,*/*");
        cookie.ifPresent(c -> b.header("Cookie", c));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
