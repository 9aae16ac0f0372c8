package gallery.api;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.auth.AccessTokenVerifier;
import gallery.auth.Authenticator;
import gallery.auth.TestIssuer;
import gallery.auth.UserProfile;
import gallery.core.Json;
import gallery.core.Uploader;
import gallery.index.BrowserUploads;
import gallery.index.PhotoIndex;
import gallery.index.PhotoTable;
import gallery.testing.DynamoDbLocal;
import gallery.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Browser uploads through the API against S3Proxy and DynamoDB Local: the parts go to presigned URLs
 * over plain HTTP, as a browser sends them; who may add where, what is refused, and what is skipped.
 */
class UploadsIT {
    private static final String TABLE = "photos-uploads-it";
    private static final String BUCKET = "originals";
    private static final long PART = UploadConfig.PART_SIZE;
    private static DynamoDbLocal dynamoLocal;
    private static DynamoDbClient dynamo;
    private static S3ProxyServer s3Server;
    private static S3Client s3;
    private static S3Presigner presigner;
    private static TestIssuer issuer;
    private static GalleryApi api;
    private static String ann;
    private static String bob;
    private static String admin;
    private static final Map<String, String> EMAILS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        dynamoLocal = DynamoDbLocal.start();
        dynamo = dynamoLocal.client();
        PhotoTable.create(dynamo, TABLE);
        s3Server = S3ProxyServer.start();
        s3 = s3Server.client();
        s3.createBucket(b -> b.bucket(BUCKET));
        presigner = Uploads.presigner(s3); // as ApiHandler makes it
        issuer = new TestIssuer();
        ApiConfig config = new ApiConfig(TABLE, issuer.config(), "admins", false, 2, 50);
        PhotoIndex index = new PhotoIndex(dynamo, TABLE);
        index.setAlbumAccess("Grandparents", Set.of("grandparents"));
        // the pool's answer names each caller's e-mail: the object's metadata must name the one who uploaded
        Uploads uploads = new Uploads(new UploadConfig(BUCKET, 20L * 1024 * 1024, 64L * 1024 * 1024, PART, UploadConfig.URL_LIFETIME),
                s3, presigner, new BrowserUploads(dynamo, TABLE, Clock.systemUTC()));
        api = new GalleryApi(config, index, new Authenticator(new AccessTokenVerifier(config.cognito()),
                token -> new UserProfile("Someone", EMAILS.get(token))), uploads);
        ann = issuer.sign(issuer.accessClaims().claim("username", "ann").claim("cognito:groups", List.of("family")).build());
        bob = issuer.sign(issuer.accessClaims().claim("username", "bob").claim("cognito:groups", List.of("family")).build());
        admin = issuer.sign(issuer.accessClaims().claim("username", "root").claim("cognito:groups", List.of("admins")).build());
        EMAILS.put(ann, "ann@example.org");
        EMAILS.put(bob, "bob@example.org");
        EMAILS.put(admin, "root@example.org");
    }

    @AfterAll
    static void stop() throws Exception {
        if (presigner != null) presigner.close();
        if (s3 != null) s3.close();
        if (s3Server != null) s3Server.close();
        if (issuer != null) issuer.close();
        if (dynamo != null) dynamo.close();
        if (dynamoLocal != null) dynamoLocal.close();
    }

    @Test
    void theRulesAreThePipelinesList() throws Exception {
        JsonNode rules = body(call("GET", "/api/uploads", null, ann));
        assertThat(rules.path("types").has("jpg")).isTrue();
        assertThat(rules.path("types").path("mov").path("video").asBoolean()).isTrue();
        assertThat(rules.path("types").has("pdf")).isFalse();
        assertThat(rules.path("partSize").asLong()).isEqualTo(PART);
    }

    @Test
    void aMemberUploadsInPartsAndTheObjectNamesThem() throws Exception {
        byte[] file = bytes(PART + 1000, 1);
        JsonNode started = body(start("Summer 2024", "IMG_0001.JPG", file, ann), 201);
        String id = started.path("uploadId").asText();
        assertThat(started.path("key").asText()).isEqualTo("photos/Summer 2024/IMG_0001.JPG");
        assertThat(started.path("parts").asInt()).isEqualTo(2);

        Map<Integer, String> urls = partUrls(id, ann, 1, 2);
        assertThat(put(urls.get(1), java.util.Arrays.copyOfRange(file, 0, (int) PART)).statusCode()).isEqualTo(200);
        // a reload: the page asks what S3 already holds and sends only the rest
        JsonNode status = body(call("GET", "/api/uploads/" + id, null, ann));
        assertThat(status.path("done")).hasSize(1);
        assertThat(status.path("done").get(0).path("part").asInt()).isEqualTo(1);
        // not complete yet: refused, naming what is missing
        ApiResponse early = call("POST", "/api/uploads/" + id + "/complete", "{}", ann);
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.body()).contains("1 of 2 parts");
        assertThat(put(urls.get(2), java.util.Arrays.copyOfRange(file, (int) PART, file.length)).statusCode()).isEqualTo(200);

        // another member cannot touch it
        assertThat(call("POST", "/api/uploads/" + id + "/complete", "{}", bob).status()).isEqualTo(404);
        assertThat(call("POST", "/api/uploads/" + id + "/parts", "{\"parts\":[1]}", bob).status()).isEqualTo(404);

        JsonNode done = body(call("POST", "/api/uploads/" + id + "/complete", "{}", ann));
        assertThat(done.path("key").asText()).isEqualTo("photos/Summer 2024/IMG_0001.JPG");
        ResponseBytes<GetObjectResponse> stored = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("photos/Summer 2024/IMG_0001.JPG"));
        assertThat(stored.asByteArray()).isEqualTo(file);
        assertThat(stored.response().metadata()).containsEntry(Uploader.METADATA_KEY, "member:ann@example.org")
                .containsEntry(Uploads.SHA256_METADATA_KEY, sha256(file));
        assertThat(stored.response().contentType()).isEqualTo("image/jpeg");
        assertThat(call("GET", "/api/uploads/" + id, null, ann).status()).isEqualTo(404);
    }

    @Test
    void theSameBytesInTheSameAlbumAreSkippedAnotherFileOfTheSameNameIsKept() throws Exception {
        byte[] file = bytes(5000, 2);
        upload("Dedupe", "IMG_0002.JPG", file, ann);
        JsonNode again = body(start("Dedupe", "copy of IMG_0002.JPG", file, bob));
        assertThat(again.path("status").asText()).isEqualTo("duplicate");
        assertThat(again.path("key").asText()).isEqualTo("photos/Dedupe/IMG_0002.JPG");
        // the same bytes in another album are that album's photo
        assertThat(body(start("Dedupe/Elsewhere", "IMG_0002.JPG", file, ann), 201).path("status").asText()).isEqualTo("started");
        // another phone's IMG_0002.JPG never replaces the first
        assertThat(upload("Dedupe", "IMG_0002.JPG", bytes(5000, 3), bob)).isEqualTo("photos/Dedupe/IMG_0002 (2).JPG");
        // once the photo is deleted, the bytes may come again
        s3.deleteObject(b -> b.bucket(BUCKET).key("photos/Dedupe/IMG_0002.JPG"));
        assertThat(body(start("Dedupe", "IMG_0002.JPG", file, ann), 201).path("status").asText()).isEqualTo("started");
    }

    @Test
    void anAlbumForOtherGroupsIsRefusedAnAdminMayAddAnywhere() throws Exception {
        ApiResponse refused = start("Grandparents", "a.jpg", bytes(100, 4), ann);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("may not add photos to album 'Grandparents'");
        assertThat(start("Grandparents/1990", "a.jpg", bytes(100, 4), ann).status()).isEqualTo(403);
        assertThat(start("Grandparents", "a.jpg", bytes(100, 4), admin).status()).isEqualTo(201);
        // a new album is the member's to make
        assertThat(start("Brand new", "a.jpg", bytes(100, 5), ann).status()).isEqualTo(201);
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("photos/Grandparents/")).contents()).isEmpty();
    }

    @Test
    void badNamesTypesAndSizesAreRefusedBeforeAnyByteMoves() throws Exception {
        ApiResponse pdf = start("Docs", "scan.pdf", bytes(100, 6), ann);
        assertThat(pdf.status()).isEqualTo(415);
        assertThat(pdf.body()).contains("'scan.pdf' is not a photo or video").contains("jpg");
        ApiResponse big = call("POST", "/api/uploads", startJson("Big", "huge.jpg", 21L * 1024 * 1024, sha256(new byte[1])), ann);
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.body()).contains("photos of at most 20971520 bytes");
        // a video may be larger than a photo
        assertThat(call("POST", "/api/uploads", startJson("Big", "clip.mp4", 21L * 1024 * 1024, sha256(new byte[2])), ann).status()).isEqualTo(201);
        assertThat(call("POST", "/api/uploads", startJson("Big", "clip.mp4", 65L * 1024 * 1024, sha256(new byte[3])), ann).status()).isEqualTo(413);
        for (String album : List.of("../x", "a//b", "a/./b", " ", "a/ b", "bad\u0007name")) {
            ApiResponse r = start(album, "a.jpg", bytes(10, 7), ann);
            assertThat(r.status()).as(album).isEqualTo(400);
            assertThat(body(r, 400).path("parameter").asText()).isEqualTo("album");
        }
        assertThat(start("Fine", "../a.jpg", bytes(10, 7), ann).status()).isEqualTo(400);
        assertThat(start("Fine", ".hidden.jpg", bytes(10, 7), ann).status()).isEqualTo(400);
        assertThat(call("POST", "/api/uploads", startJson("Fine", "a.jpg", 10, "not-a-hash"), ann).status()).isEqualTo(400);
        assertThat(call("POST", "/api/uploads", "not json", ann).status()).isEqualTo(400);
        assertThat(call("POST", "/api/uploads", startJson("Fine", "a.jpg", 10, sha256(new byte[4])), null).status()).isEqualTo(401);
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("photos/Docs/")).contents()).isEmpty();
    }

    @Test
    void partsAddingUpToMoreThanDeclaredAreAborted() throws Exception {
        byte[] declared = bytes(1000, 8);
        JsonNode started = body(start("Liars", "a.jpg", declared, ann), 201);
        String id = started.path("uploadId").asText();
        String url = partUrls(id, ann, 1).get(1);
        // the part URL is signed for 1,000 bytes: S3 refuses a longer body outright
        int longer = put(url, bytes(5000, 9)).statusCode();
        assertThat(longer).isGreaterThanOrEqualTo(400);
        assertThat(call("POST", "/api/uploads/" + id + "/parts", "{\"parts\":[2]}", ann).status()).isEqualTo(400);
        assertThat(call("DELETE", "/api/uploads/" + id, null, ann).status()).isEqualTo(200);
        assertThat(call("GET", "/api/uploads/" + id, null, ann).status()).isEqualTo(404);
    }

    // ---------------------------------------------------------------- helpers

    private static String upload(String album, String name, byte[] file, String token) throws Exception {
        JsonNode started = body(start(album, name, file, token), 201);
        String id = started.path("uploadId").asText();
        int parts = started.path("parts").asInt();
        Integer[] numbers = new Integer[parts];
        for (int i = 0; i < parts; i++) numbers[i] = i + 1;
        Map<Integer, String> urls = partUrls(id, token, numbers);
        for (int p = 1; p <= parts; p++) {
            int from = (int) ((p - 1) * PART);
            assertThat(put(urls.get(p), java.util.Arrays.copyOfRange(file, from, (int) Math.min(file.length, from + PART))).statusCode()).isEqualTo(200);
        }
        return body(call("POST", "/api/uploads/" + id + "/complete", "{}", token)).path("key").asText();
    }

    private static Map<Integer, String> partUrls(String id, String token, Integer... parts) throws Exception {
        JsonNode urls = body(call("POST", "/api/uploads/" + id + "/parts", Json.write(Map.of("parts", List.of(parts))), token)).path("urls");
        Map<Integer, String> out = new java.util.HashMap<>();
        urls.properties().forEach(e -> out.put(Integer.parseInt(e.getKey()), e.getValue().asText()));
        return out;
    }

    private static HttpResponse<String> put(String url, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static ApiResponse start(String album, String name, byte[] file, String token) throws Exception {
        return call("POST", "/api/uploads", startJson(album, name, file.length, sha256(file)), token);
    }

    private static String startJson(String album, String name, long size, String sha256) {
        return Json.write(Map.of("album", album, "name", name, "size", size, "sha256", sha256));
    }

    private static ApiResponse call(String method, String path, String body, String token) {
        return api.handle(new ApiRequest(method, path, Map.of(), token == null ? null : "Bearer " + token, body));
    }

    private static JsonNode body(ApiResponse r) throws Exception {
        return body(r, 200);
    }

    private static JsonNode body(ApiResponse r, int status) throws Exception {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        return Json.MAPPER.readTree(r.body());
    }

    private static byte[] bytes(long n, int seed) {
        byte[] b = new byte[(int) n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
