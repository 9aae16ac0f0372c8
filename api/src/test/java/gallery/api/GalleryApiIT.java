package gallery.api;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.auth.TestIssuer;
import gallery.core.Json;
import gallery.core.PhotoKey;
import gallery.core.preset.OutputFormat;
import gallery.index.PhotoIndex;
import gallery.core.PhotoMetadata;
import gallery.index.PhotoTable;
import gallery.index.Rendered;
import gallery.core.Rendition;
import gallery.index.Upload;
import gallery.testing.DynamoDbLocal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API over DynamoDB Local with rows written through {@link PhotoIndex} (as ingest and the worker
 * write them), and Cognito-shaped access tokens from a test user pool's JWKS.
 */
class GalleryApiIT {
    private static final String TABLE = "photos-api-it";
    private static DynamoDbLocal dynamoLocal;
    private static DynamoDbClient dynamo;
    private static TestIssuer issuer;
    private static GalleryApi api;
    private static String memberToken;
    private static String adminToken;

    @BeforeAll
    static void start() throws Exception {
        dynamoLocal = DynamoDbLocal.start();
        dynamo = dynamoLocal.client();
        PhotoTable.create(dynamo, TABLE);
        issuer = new TestIssuer();
        ApiConfig config = new ApiConfig(TABLE, issuer.config(), "admins", false, 2, 50);
        PhotoIndex index = new PhotoIndex(dynamo, TABLE);
        api = new GalleryApi(config, index, new gallery.auth.Authenticator(new gallery.auth.AccessTokenVerifier(config.cognito()),
                token -> new gallery.auth.UserProfile("Test Person", "person@example.org")));
        memberToken = issuer.sign(issuer.accessClaims().claim("username", "ann").claim("cognito:groups", List.of("family")).build());
        adminToken = issuer.sign(issuer.accessClaims().claim("username", "root").claim("cognito:groups", List.of("admins")).build());

        int seq = 1;
        for (int day = 1; day <= 5; day++) {
            ready(index, "photos/2024 Summer/day " + day + ".jpg", "e" + day, seq++, OffsetDateTime.parse("2024-06-0" + day + "T10:00:00Z"));
        }
        ready(index, "photos/2023/Winter/snow.jpg", "w1", seq++, OffsetDateTime.parse("2023-01-15T10:00:00Z"));
        Upload bad = upload("photos/2024 Summer/broken.jpg", "bad", seq++, null);
        index.recordRejected(bad, "not an allowed image type: expected JPEG, found text");
    }

    @AfterAll
    static void stop() throws Exception {
        if (issuer != null) issuer.close();
        if (dynamo != null) dynamo.close();
        if (dynamoLocal != null) dynamoLocal.close();
    }

    private static Upload upload(String key, String eTag, int seq, OffsetDateTime takenAt) {
        return new Upload(PhotoKey.of(key), eTag + "0123456789abcdef", null, String.format("%016X", seq), 1000,
                Instant.parse("2024-07-01T00:00:00Z"),
                new PhotoMetadata(4000, 3000, takenAt, "Apple", "iPhone 15", 59.33, 18.06), "default", 1);
    }

    private static void ready(PhotoIndex index, String key, String eTag, int seq, OffsetDateTime takenAt) {
        Upload u = upload(key, eTag, seq, takenAt);
        index.recordUpload(u);
        index.completeRender(u.key(), u.eTag(), new Rendered(u.metadata(), "ph", "default", 1, List.of(
                new Rendition(256, 256, 192, OutputFormat.WEBP, 5000),
                new Rendition(640, 640, 480, OutputFormat.WEBP, 30000))));
    }

    private static ApiResponse get(String path, String token) {
        return get(path, Map.of(), token);
    }

    private static ApiResponse get(String path, Map<String, String> query, String token) {
        return api.handle(new ApiRequest("GET", path, query, token == null ? null : "Bearer " + token));
    }

    private static JsonNode body(ApiResponse r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void anAlbumForSomeGroupsIsInvisibleToEveryoneElse() throws Exception {
        PhotoIndex index = new PhotoIndex(dynamo, TABLE);
        String parentsToken = issuer.sign(issuer.accessClaims().claim("username", "mum").claim("cognito:groups", List.of("parents")).build());
        index.setAlbumAccess("2023", java.util.Set.of("parents"));
        try {
            // The member (group "family") sees neither 2023/Winter (covered by its parent folder's rule) nor its photos.
            assertThat(body(get("/api/albums", memberToken)).get("albums")).extracting(a -> a.get("name").asText()).containsExactly("2024 Summer");
            assertThat(get("/api/albums/2023%2FWinter/photos", memberToken).status()).isEqualTo(404);
            assertThat(get("/api/albums/2023/Winter/photos", memberToken).status()).isEqualTo(404);
            assertThat(get("/api/photos/photos/2023/Winter/snow.jpg", memberToken).status()).isEqualTo(404);
            assertThat(body(get("/api/timeline", Map.of("limit", "50"), memberToken)).get("photos"))
                    .extracting(p -> p.get("album").asText()).containsOnly("2024 Summer");
            // A parent and an admin see it.
            assertThat(body(get("/api/albums", parentsToken)).get("albums")).extracting(a -> a.get("name").asText())
                    .containsExactlyInAnyOrder("2024 Summer", "2023/Winter");
            assertThat(get("/api/albums/2023/Winter/photos", parentsToken).status()).isEqualTo(200);
            assertThat(get("/api/photos/photos/2023/Winter/snow.jpg", parentsToken).status()).isEqualTo(200);
            assertThat(get("/api/albums/2023/Winter/photos", adminToken).status()).isEqualTo(200);
        } finally {
            index.setAlbumAccess("2023", java.util.Set.of());
        }
        assertThat(get("/api/albums/2023/Winter/photos", memberToken).status()).isEqualTo(200);
    }

    @Test
    void everyPathNeedsAValidToken() throws Exception {
        for (String path : List.of("/api/me", "/api/albums", "/api/timeline", "/api/failed", "/api/nope")) {
            ApiResponse r = get(path, null);
            assertThat(r.status()).as(path).isEqualTo(401);
            assertThat(r.headers()).containsEntry("WWW-Authenticate", "Bearer");
            assertThat(body(r).get("error").asText()).contains("access token");
        }
        String idToken = issuer.sign(issuer.accessClaims().claim("token_use", "id").build());
        assertThat(get("/api/me", idToken).status()).isEqualTo(401);
        assertThat(get("/api/me", "not.a.token").status()).isEqualTo(401);
    }

    @Test
    void meSaysWhoIsCallingAndWhetherTheyAreAnAdmin() throws Exception {
        JsonNode me = body(get("/api/me", memberToken));
        assertThat(me.get("username").asText()).isEqualTo("ann");
        assertThat(me.get("name").asText()).isEqualTo("Test Person");
        assertThat(me.get("email").asText()).isEqualTo("person@example.org");
        assertThat(me.get("admin").asBoolean()).isFalse();
        assertThat(body(get("/api/me", adminToken)).get("admin").asBoolean()).isTrue();
    }

    @Test
    void aLivePhotoIsOneItemPlayingItsMovsCopyUntilTheMovGoes() throws Exception {
        PhotoIndex index = new PhotoIndex(dynamo, TABLE);
        PhotoKey still = PhotoKey.of("photos/Live/IMG_0042.HEIC");
        PhotoKey mov = PhotoKey.of("photos/Live/IMG_0042.MOV");
        ready(index, still.value(), "s1", 900, OffsetDateTime.parse("2024-08-01T10:00:00Z"));
        Upload u = new Upload(mov, "m10123456789abcdef", null, String.format("%016X", 901), 1000, Instant.parse("2024-08-01T10:00:00Z"),
                new PhotoMetadata(640, 480, OffsetDateTime.parse("2024-08-01T10:00:00Z"), null, null, null, null), "default", 1,
                new gallery.index.Video(1500, "hvc1", false, 0), "ID-42");
        index.recordUpload(u);
        index.completeRender(mov, u.eTag(), new Rendered(u.metadata(), "ph", "default", 1,
                List.of(new Rendition(256, 256, 192, OutputFormat.WEBP, 5000)), new gallery.index.Video(1500, "hvc1", false, 40_000)));
        assertThat(body(get("/api/albums/Live/photos", memberToken)).get("photos")).as("not paired yet: two items").hasSize(2);

        assertThat(index.pairLive(still, mov)).isTrue();

        JsonNode photos = body(get("/api/albums/Live/photos", memberToken)).get("photos");
        assertThat(photos).hasSize(1);
        assertThat(photos.get(0).get("key").asText()).isEqualTo(still.value());
        assertThat(photos.get(0).get("kind").asText()).isEqualTo("photo");
        assertThat(photos.get(0).get("motion").asText()).isEqualTo("/renditions/all/video/photos/Live/IMG_0042.MOV.mp4?v=10123456789a");
        assertThat(body(get("/api/photos/photos/Live/IMG_0042.HEIC", memberToken)).get("motion").asText()).endsWith(".MOV.mp4?v=10123456789a");
        JsonNode albums = body(get("/api/albums", memberToken)).get("albums");
        albums.forEach(a -> {
            if (a.get("name").asText().equals("Live")) assertThat(a.get("count").asInt()).as("the MOV is no item of its own").isEqualTo(1);
        });

        index.recordRemoval(mov, String.format("%016X", 902));
        photos = body(get("/api/albums/Live/photos", memberToken)).get("photos");
        assertThat(photos).hasSize(1);
        assertThat(photos.get(0).has("motion")).as("the MOV is gone").isFalse();

        index.recordRemoval(still, String.format("%016X", 903));
        assertThat(get("/api/albums/Live/photos", memberToken).status()).isEqualTo(404);
    }

    @Test
    void albumsListCountsCoversAndDateRanges() throws Exception {
        ApiResponse r = get("/api/albums", memberToken);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).containsEntry("Cache-Control", "no-store");
        JsonNode albums = body(r).get("albums");
        Map<String, JsonNode> byName = new HashMap<>();
        albums.forEach(a -> byName.put(a.get("name").asText(), a));
        assertThat(byName).containsOnlyKeys("2024 Summer", "2023/Winter");
        JsonNode summer = byName.get("2024 Summer");
        assertThat(summer.get("count").asInt()).isEqualTo(5);
        assertThat(summer.get("from").asText()).isEqualTo("2024-06-01T10:00:00");
        assertThat(summer.get("to").asText()).isEqualTo("2024-06-05T10:00:00");
        assertThat(summer.get("cover").get("key").asText()).startsWith("photos/2024 Summer/day ");
        assertThat(summer.get("cover").get("renditions").get(0).get("url").asText()).startsWith("/renditions/all/256/photos/2024%20Summer/day%20");
    }

    @Test
    void anAlbumIsPagedByDateTakenWithOpaqueCursors() throws Exception {
        List<String> keys = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, String> q = new HashMap<>();
            if (cursor != null) q.put("cursor", cursor);
            JsonNode page = body(get("/api/albums/2024%20Summer/photos", q, memberToken));
            page.get("photos").forEach(p -> keys.add(p.get("key").asText()));
            assertThat(page.get("photos").size()).isLessThanOrEqualTo(2);
            cursor = page.hasNonNull("next") ? page.get("next").asText() : null;
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(keys).containsExactly("photos/2024 Summer/day 1.jpg", "photos/2024 Summer/day 2.jpg",
                "photos/2024 Summer/day 3.jpg", "photos/2024 Summer/day 4.jpg", "photos/2024 Summer/day 5.jpg");
    }

    @Test
    void nestedAlbumNamesKeepTheirSlash() throws Exception {
        JsonNode page = body(get("/api/albums/2023/Winter/photos", memberToken));
        assertThat(page.get("photos").get(0).get("key").asText()).isEqualTo("photos/2023/Winter/snow.jpg");
    }

    @Test
    void theTimelineIsNewestFirstAcrossAlbums() throws Exception {
        JsonNode page = body(get("/api/timeline", Map.of("limit", "50"), memberToken));
        List<String> keys = new ArrayList<>();
        page.get("photos").forEach(p -> keys.add(p.get("key").asText()));
        assertThat(keys).containsExactly("photos/2024 Summer/day 5.jpg", "photos/2024 Summer/day 4.jpg",
                "photos/2024 Summer/day 3.jpg", "photos/2024 Summer/day 2.jpg", "photos/2024 Summer/day 1.jpg",
                "photos/2023/Winter/snow.jpg");
        assertThat(page.hasNonNull("next")).isFalse();
    }

    @Test
    void onePhotoHasItsDetailsButNoGpsByDefault() throws Exception {
        ApiResponse r = get("/api/photos/photos/2024%20Summer/day%203.jpg", memberToken);
        assertThat(r.status()).isEqualTo(200);
        JsonNode p = body(r);
        assertThat(p.get("takenAt").asText()).isEqualTo("2024-06-03T10:00Z");
        assertThat(p.get("camera").asText()).isEqualTo("Apple iPhone 15");
        assertThat(p.get("width").asInt()).isEqualTo(4000);
        assertThat(p.get("version").asText()).isEqualTo("e30123456789");
        assertThat(p.get("original").asText()).isEqualTo("/photos/all/2024%20Summer/day%203.jpg?v=e30123456789");
        assertThat(p.get("renditions").get(1).get("url").asText())
                .isEqualTo("/renditions/all/640/photos/2024%20Summer/day%203.jpg.webp?v=e30123456789");
        assertThat(p.has("location")).isFalse();
        assertThat(r.body()).doesNotContain("59.33");
    }

    @Test
    void badRequestsNameTheParameter() throws Exception {
        for (String limit : List.of("0", "51", "ten", "-1")) {
            ApiResponse r = get("/api/timeline", Map.of("limit", limit), memberToken);
            assertThat(r.status()).as(limit).isEqualTo(400);
            assertThat(body(r).get("parameter").asText()).isEqualTo("limit");
        }
        ApiResponse cursor = get("/api/timeline", Map.of("cursor", "bm90IGEgY3Vyc29y"), memberToken);
        assertThat(cursor.status()).isEqualTo(400);
        assertThat(body(cursor).get("parameter").asText()).isEqualTo("cursor");
        // A cursor from one listing is refused by another.
        String albumCursor = body(get("/api/albums/2024%20Summer/photos", memberToken)).get("next").asText();
        assertThat(get("/api/timeline", Map.of("cursor", albumCursor), memberToken).status()).isEqualTo(400);
        ApiResponse key = get("/api/photos/elsewhere/a.jpg", memberToken);
        assertThat(key.status()).isEqualTo(400);
        assertThat(body(key).get("parameter").asText()).isEqualTo("key");
    }

    @Test
    void unknownAlbumsPhotosAndPathsAre404() throws Exception {
        assertThat(get("/api/albums/Nowhere/photos", memberToken).status()).isEqualTo(404);
        assertThat(get("/api/photos/photos/2024%20Summer/missing.jpg", memberToken).status()).isEqualTo(404);
        assertThat(get("/api/session", memberToken).status()).isEqualTo(404);
        assertThat(api.handle(new ApiRequest("POST", "/api/albums", Map.of(), "Bearer " + memberToken)).status()).isEqualTo(405);
    }

    @Test
    void failedPhotosAreForAdminsOnly() throws Exception {
        ApiResponse refused = get("/api/failed", memberToken);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(body(refused).get("error").asText()).contains("admins");
        JsonNode failed = body(get("/api/failed", adminToken)).get("photos");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).get("key").asText()).isEqualTo("photos/2024 Summer/broken.jpg");
        assertThat(failed.get(0).get("album").asText()).isEqualTo("2024 Summer");
        assertThat(failed.get(0).get("reason").asText()).contains("not an allowed image type");
        assertThat(failed.get(0).get("updatedAt").asText()).isNotBlank();
    }

    @Test
    void gpsIsShownWhenConfigured() throws Exception {
        ApiConfig config = new ApiConfig(TABLE, issuer.config(), "admins", true, 2, 50);
        GalleryApi withGps = new GalleryApi(config, new PhotoIndex(dynamo, TABLE),
                new gallery.auth.Authenticator(new gallery.auth.AccessTokenVerifier(config.cognito()), token -> gallery.auth.UserProfile.UNKNOWN));
        JsonNode p = body(withGps.handle(new ApiRequest("GET", "/api/photos/photos/2023/Winter/snow.jpg", Map.of(), "Bearer " + memberToken)));
        assertThat(p.get("location").get("latitude").asDouble()).isEqualTo(59.33);
        assertThat(p.get("location").get("longitude").asDouble()).isEqualTo(18.06);
    }
}
