package gallery.local;

import gallery.testing.SampleImages;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.resize.ResizeConfig;
import gallery.core.Json;
import gallery.core.deploy.Deployment;
import gallery.local.cognito.LocalCognito;
import gallery.local.cognito.UserPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static gallery.testing.SignedCookies.cookiesFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4 end to end on the assembled system ({@link Gallery}, as {@code ./gallery up} starts it,
 * on free ports): photos imported through S3 and rendered; from a clean start the demo admin signs
 * in with the AWS SDK against cognito-local through the edge (NEW_PASSWORD_REQUIRED first), opens
 * a session, and a rendition, the original and an odd size load through the edge with the cookies
 * and not without; the resizer redirects to its canonical URL, whose repeat is an edge cache hit.
 */
class EdgeEndToEndIT {
    @TempDir
    static Path data;
    static Gallery gallery;
    static final HttpClient http = HttpClient.newHttpClient();
    static Path photos;

    @BeforeAll
    static void start() throws Exception {
        Path web = Files.createDirectories(data.resolve("web"));
        Files.writeString(web.resolve("index.html"), "<!doctype html><title>Family Photos</title>");
        photos = Files.createDirectories(data.resolve("Holiday"));
        Files.write(photos.resolve("wide.jpg"), SampleImages.photo(1200, 800));
        Files.write(photos.resolve("tall.jpg"), SampleImages.photo(600, 900));
        Main.Args defaults = Main.parse(new String[0]);
        gallery = Gallery.start(defaults.options().freePorts().withWeb(web).withTools(defaults.options().toolsDir())
                .withData(data.resolve("data")));
    }

    @AfterAll
    static void stop() {
        if (gallery != null) gallery.close();
    }

    @Test
    void fromACleanStartTheDemoUserSeesPixelsThroughTheEdge() throws Exception {
        PhotoImport.Progress imported = gallery.photoImport().run(LocalPhotos.inFolder(photos), java.time.Duration.ofMinutes(2), p -> { });
        assertThat(imported.uploaded()).isEqualTo(2);
        assertThat(imported.ready()).isEqualTo(2);
        PhotoImport.Progress again = gallery.photoImport().run(LocalPhotos.inFolder(photos), java.time.Duration.ofMinutes(1), p -> { });
        assertThat(again.unchanged()).as("a second run uploads nothing").isEqualTo(2);
        assertThat(again.uploaded()).isZero();

        // endpoints.json names the edge and the demo login, for the browser tests and people.
        JsonNode endpoints = Json.MAPPER.readTree(gallery.endpointsFile().toFile());
        assertThat(endpoints.path("endpoints").path("edge").asText()).isEqualTo(gallery.siteUrl());
        assertThat(endpoints.path("demoUser").path("username").asText()).isEqualTo(UserPool.DEMO_USER);
        assertThat(endpoints.path("demoUser").path("mustChangePassword").asBoolean()).isTrue();
        assertThat(Deployment.read(gallery.endpointsFile()).userPoolId()).isEqualTo(gallery.pool().userPoolId());

        JsonNode config = Json.MAPPER.readTree(get("/config.json", null, null).body());
        assertThat(config.path("userPoolId").asText()).isEqualTo(gallery.pool().userPoolId());
        assertThat(config.path("clientId").asText()).isEqualTo(gallery.pool().clientId());
        assertThat(config.path("cognitoEndpoint").asText()).isEqualTo("/cognito/");
        assertThat(config.path("authFlow").asText()).isEqualTo("USER_PASSWORD_AUTH");
        assertThat(config.path("sessionPath").asText()).isEqualTo("/session");
        assertThat(config.path("apiBase").asText()).isEqualTo("/api");
        assertThat(config.path("sizes").size()).isEqualTo(gallery.preset().sizes().size());
        List<Integer> resizeSizes = new java.util.ArrayList<>();
        config.path("resizeSizes").forEach(n -> resizeSizes.add(n.asInt()));
        assertThat(resizeSizes).as("the resizer's ladder, so the viewer asks for canonical URLs")
                .isEqualTo(ResizeConfig.DEFAULT_LADDER.rungs());
        assertThat(get("/", null, null).body()).contains("Family Photos");

        String token = signIn(gallery);
        assertThat(gallery.demoPasswordIsTemporary()).isFalse();

        HttpResponse<String> session = http.send(HttpRequest.newBuilder(URI.create(gallery.siteUrl() + "/session"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(session.statusCode()).isEqualTo(204);
        List<String> setCookies = session.headers().allValues("set-cookie");

        assertThat(get("/api/albums", null, null).statusCode()).as("the api without a token").isEqualTo(401);
        HttpResponse<String> album = get("/api/albums/Holiday/photos", null, token);
        assertThat(album.statusCode()).isEqualTo(200);
        JsonNode wide = null;
        for (JsonNode p : Json.MAPPER.readTree(album.body()).path("photos")) {
            if (p.path("key").asText().equals("photos/Holiday/wide.jpg")) wide = p;
        }
        assertThat(wide).as("wide.jpg in " + album.body()).isNotNull();

        String rendition = wide.path("renditions").get(1).path("url").asText();
        HttpResponse<byte[]> withCookies = getBytes(rendition, cookiesFor(setCookies, rendition), "image/webp");
        assertThat(withCookies.statusCode()).as(rendition).isEqualTo(200);
        assertThat(withCookies.headers().firstValue("content-type")).hasValue("image/webp");
        assertThat(new String(withCookies.body(), 0, 4)).isEqualTo("RIFF");
        assertThat(getBytes(rendition, null, "image/webp").statusCode()).as("without cookies").isEqualTo(403);

        String original = wide.path("original").asText();
        HttpResponse<byte[]> originalBytes = getBytes(original, cookiesFor(setCookies, original), "*/*");
        assertThat(originalBytes.statusCode()).isEqualTo(200);
        assertThat(originalBytes.body()).isEqualTo(Files.readAllBytes(photos.resolve("wide.jpg")));
        assertThat(getBytes(original, null, "*/*").statusCode()).isEqualTo(403);

        // An odd size: the resizer snaps it to its grid and redirects to the canonical URL.
        String odd = wide.path("resize").asText().replace("{w}", "500").replace("{h}", "333");
        String resizeCookies = cookiesFor(setCookies, odd);
        assertThat(getBytes(odd, null, "image/webp").statusCode()).as("without cookies").isEqualTo(403);
        HttpResponse<byte[]> redirect = getBytes(odd, resizeCookies, "image/webp");
        assertThat(redirect.statusCode()).isEqualTo(301);
        String canonical = redirect.headers().firstValue("location").orElseThrow();
        assertThat(canonical).matches("/resize/all/(\\d+)x\\1/photos/Holiday/wide\\.jpg\\?v=.+");
        assertThat(resizeSizes).as("the canonical edge is one /config.json names").contains(Integer.parseInt(canonical.split("[/x]")[3]));
        HttpResponse<byte[]> resized = getBytes(canonical, resizeCookies, "image/webp");
        assertThat(resized.statusCode()).isEqualTo(200);
        assertThat(resized.headers().firstValue("content-type")).hasValue("image/webp");
        assertThat(resized.headers().firstValue("x-cache")).hasValue("Miss from edge");
        HttpResponse<byte[]> repeat = getBytes(canonical, resizeCookies, "image/webp");
        assertThat(repeat.headers().firstValue("x-cache")).hasValue("Hit from edge");
        assertThat(repeat.body()).isEqualTo(resized.body());
        assertThat(getBytes(canonical, null, "image/webp").statusCode()).as("the cache is behind the cookie check").isEqualTo(403);
    }

    /** The demo admin's first sign-in, as the web UI does it: through the edge's /cognito/ proxy. */
    static String signIn(Gallery gallery) {
        UserPool pool = gallery.pool();
        try (CognitoIdentityProviderClient viaEdge = LocalCognito.client(URI.create(gallery.siteUrl() + "/cognito/"), Region.of(LocalStack.REGION))) {
            InitiateAuthResponse first = viaEdge.initiateAuth(r -> r.clientId(pool.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", pool.demoUsername(), "PASSWORD", pool.temporaryPassword())));
            assertThat(first.challengeName()).isEqualTo(ChallengeNameType.NEW_PASSWORD_REQUIRED);
            return viaEdge.respondToAuthChallenge(r -> r.clientId(pool.clientId()).challengeName(ChallengeNameType.NEW_PASSWORD_REQUIRED)
                    .session(first.session())
                    .challengeResponses(Map.of("USERNAME", pool.demoUsername(), "NEW_PASSWORD", "Our-Family-Photos-1!")))
                    .authenticationResult().accessToken();
        }
    }

    static HttpResponse<String> get(String path, String cookie, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gallery.siteUrl() + path));
        if (cookie != null) b.header("Cookie", cookie);
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<byte[]> getBytes(String path, String cookie, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gallery.siteUrl() + path)).header("Accept", accept);
        if (cookie != null) b.header("Cookie", cookie);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
