package gallery.local.edge;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import gallery.auth.CookieSigner;
import gallery.auth.KeyFolder;
import gallery.auth.SigningKey;
import gallery.core.routes.OriginKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;
import software.amazon.awssdk.services.cloudfront.cookie.CookiesForCustomPolicy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The edge on a real port: routing, signed-cookie checks, cache keys and forwarding, as the route table says. */
class LocalEdgeIT {
    @TempDir
    static Path data;
    static LocalEdge edge;
    static KeyFolder keys;
    static final HttpClient http = HttpClient.newHttpClient();
    static final List<OriginRequest> bucketRequests = Collections.synchronizedList(new ArrayList<>());
    static final List<OriginRequest> resizerRequests = Collections.synchronizedList(new ArrayList<>());
    static final AtomicInteger apiCalls = new AtomicInteger();

    /** An origin that answers with what it was asked, so tests see what the edge forwarded. */
    static Origin echo(List<OriginRequest> log, String cacheControl) {
        return request -> {
            log.add(request);
            String body = request.method() + " " + request.rawPath() + "?" + request.rawQuery() + " accept=" + request.header("accept").orElse("-");
            return new OriginResponse(200, Map.of("content-type", List.of("text/plain"), "cache-control", List.of(cacheControl)),
                    body.getBytes(StandardCharsets.UTF_8));
        };
    }

    @BeforeAll
    static void start() throws Exception {
        keys = KeyFolder.open(data.resolve("keys"));
        Path web = Files.createDirectories(data.resolve("web/assets"));
        Files.writeString(data.resolve("web/index.html"), "<!doctype html><title>gallery</title>");
        Files.writeString(data.resolve("web/assets/app-3f9a0c1d.js"), "console.log('gallery')");
        Files.writeString(data.resolve("secret.txt"), "outside the web root");
        edge = LocalEdge.bind(0, 8 << 20);
        edge.origin(OriginKind.WEB, new StaticFilesOrigin(web.getParent()))
                .origin(OriginKind.SITE_CONFIG, r -> OriginResponse.text(200, "application/json", "{\"sessionPath\":\"/session\"}"))
                .origin(OriginKind.SIGNER, new LambdaOrigin(e -> APIGatewayV2HTTPResponse.builder().withStatusCode(204)
                        .withCookies(new CookieSigner(keys, edge.siteUrl()).issue(Instant.now().plusSeconds(600))).build()))
                .origin(OriginKind.API, new LambdaOrigin(e -> {
                    apiCalls.incrementAndGet();
                    String auth = e.getHeaders().getOrDefault("authorization", "-");
                    return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                            .withHeaders(Map.of("content-type", "application/json"))
                            .withBody("{\"path\":\"" + e.getRawPath() + "\",\"method\":\"" + e.getRequestContext().getHttp().getMethod()
                                    + "\",\"auth\":\"" + auth + "\",\"q\":\"" + e.getQueryStringParameters() + "\"}").build();
                }))
                .origin(OriginKind.DERIVED_BUCKET, echo(bucketRequests, "public, max-age=31536000, immutable"))
                .origin(OriginKind.ORIGINALS_BUCKET, echo(new ArrayList<>(), "private"))
                .origin(OriginKind.RESIZER, echo(resizerRequests, "public, max-age=31536000, immutable"))
                .signedCookies(new SignedCookieVerifier(keys::trustedKeys, Clock.systemUTC()))
                .start();
    }

    @AfterAll
    static void stop() {
        edge.close();
    }

    static HttpResponse<String> get(String path, String cookie, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(edge.siteUrl() + path));
        if (cookie != null) b.header("Cookie", cookie);
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The Cookie header a browser sends to {@code path}, from the signer's Set-Cookie answer. */
    static String session(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(edge.siteUrl() + "/session"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(204);
        List<String> pairs = new ArrayList<>();
        for (String c : r.headers().allValues("set-cookie")) {
            String cookiePath = c.replaceAll(".*; Path=([^;]+).*", "$1");
            if (path.startsWith(cookiePath)) pairs.add(c.substring(0, c.indexOf(';')));
        }
        return String.join("; ", pairs);
    }

    static String sdkCookie(String resource, Instant expires, String keyIdOverride) {
        SigningKey key = keys.current();
        CookiesForCustomPolicy c = CloudFrontUtilities.create().getCookiesForCustomPolicy(r -> r
                .resourceUrl(resource).resourceUrlPattern(resource).privateKey(key.privateKey())
                .keyPairId(keyIdOverride == null ? key.keyId() : keyIdOverride).expirationDate(expires));
        return c.policyHeaderValue() + "; " + c.signatureHeaderValue() + "; " + c.keyPairIdHeaderValue();
    }

    @Test
    void protectedPathsNeedTheCookies() throws Exception {
        String path = "/renditions/all/640/photos/a/b.jpg.webp?v=guard";
        assertThat(get(path, null).statusCode()).isEqualTo(403);
        assertThat(get(path, session("/renditions/all/640/")).statusCode()).isEqualTo(200);
        assertThat(get("/photos/all/a/b.jpg", null).statusCode()).isEqualTo(403);
        assertThat(get("/photos/all/a/b.jpg", session("/photos/all/a/")).statusCode()).isEqualTo(200);
        assertThat(get("/resize/all/300x200/photos/a/b.jpg", null).statusCode()).isEqualTo(403);
    }

    @Test
    void sdkSignedCookiesAreAcceptedAndEveryForgeryRefused() throws Exception {
        String path = "/renditions/all/256/photos/x.jpg.webp?v=sdk";
        String good = sdkCookie(edge.siteUrl() + "/renditions/all/*", Instant.now().plusSeconds(300), null);
        assertThat(get(path, good).statusCode()).isEqualTo(200);
        assertThat(get(path, sdkCookie(edge.siteUrl() + "/renditions/all/*", Instant.now().minusSeconds(5), null)).statusCode())
                .as("expired").isEqualTo(403);
        assertThat(get(path, sdkCookie(edge.siteUrl() + "/renditions/all/*", Instant.now().plusSeconds(300), "KNOTINTHEGROUP1")).statusCode())
                .as("unknown key id").isEqualTo(403);
        assertThat(get("/photos/all/x.jpg", good).statusCode()).as("resource outside the policy").isEqualTo(403);
        String otherPolicy = sdkCookie(edge.siteUrl() + "/*", Instant.now().plusSeconds(300), null);
        String swappedPolicy = otherPolicy.substring(0, otherPolicy.indexOf(';')) + good.substring(good.indexOf(';'));
        assertThat(get(path, swappedPolicy).statusCode()).as("changed policy").isEqualTo(403);
        String sig = good.replaceAll(".*CloudFront-Signature=([^;]+).*", "$1");
        String flipped = sig.substring(0, 20) + (sig.charAt(20) == 'x' ? 'y' : 'x') + sig.substring(21);
        assertThat(get(path, good.replace(sig, flipped)).statusCode()).as("changed signature").isEqualTo(403);
    }

    @Test
    void renditionsAreCachedByPathAndVersionOnly() throws Exception {
        String cookie = session("/renditions/all/");
        int before = bucketRequests.size();
        HttpResponse<String> first = get("/renditions/all/640/photos/c.jpg.webp?v=1&utm=mail", cookie);
        HttpResponse<String> second = get("/renditions/all/640/photos/c.jpg.webp?utm=other&v=1", cookie);
        HttpResponse<String> newVersion = get("/renditions/all/640/photos/c.jpg.webp?v=2", cookie);
        assertThat(first.headers().firstValue("x-cache")).hasValue("Miss from edge");
        assertThat(second.headers().firstValue("x-cache")).hasValue("Hit from edge");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(newVersion.headers().firstValue("x-cache")).hasValue("Miss from edge");
        assertThat(bucketRequests.size() - before).isEqualTo(2);
        assertThat(bucketRequests.get(before).rawQuery()).as("only the key's parameters reach the origin").isEqualTo("v=1");
        assertThat(get("/renditions/all/640/photos/c.jpg.webp?v=1", null).statusCode()).as("the cache is behind the cookie check").isEqualTo(403);
    }

    @Test
    void resizeIsCachedPerImageFormatFromAccept() throws Exception {
        String cookie = session("/resize/all/");
        String path = "/resize/all/300x200/photos/d.jpg?v=7";
        HttpResponse<String> avif = get(path, cookie, "Accept", "image/avif,image/webp,image/apng,*/*;q=0.8");
        HttpResponse<String> avifAgain = get(path, cookie, "Accept", "image/avif,image/webp,*/*");
        HttpResponse<String> webp = get(path, cookie, "Accept", "image/webp,*/*");
        HttpResponse<String> none = get(path, cookie, "Accept", "*/*");
        assertThat(avif.headers().firstValue("x-cache")).hasValue("Miss from edge");
        assertThat(avif.body()).endsWith("accept=image/avif");
        assertThat(avifAgain.headers().firstValue("x-cache")).hasValue("Hit from edge");
        assertThat(webp.headers().firstValue("x-cache")).hasValue("Miss from edge");
        assertThat(webp.body()).endsWith("accept=image/webp");
        assertThat(none.body()).endsWith("accept=image/jpeg");
    }

    @Test
    void apiIsForwardedWholeAndNeverCached() throws Exception {
        int before = apiCalls.get();
        HttpResponse<String> a = get("/api/albums?limit=5", null, "Authorization", "Bearer abc");
        HttpResponse<String> b = get("/api/albums?limit=5", null, "Authorization", "Bearer abc");
        assertThat(a.statusCode()).isEqualTo(200);
        assertThat(a.body()).contains("\"path\":\"/api/albums\"").contains("\"auth\":\"Bearer abc\"").contains("limit=5");
        assertThat(b.headers().firstValue("x-cache")).hasValue("Miss from edge");
        assertThat(apiCalls.get() - before).isEqualTo(2);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(edge.siteUrl() + "/api/photos"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("content-type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.body()).contains("\"method\":\"POST\"");
    }

    @Test
    void methodsOutsideTheBehaviourAreRefused() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(edge.siteUrl() + "/renditions/all/640/x.webp"))
                .DELETE().header("Cookie", session("/renditions/all/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
    }

    @Test
    void webUiAndConfigAreServedWithoutCookies() throws Exception {
        HttpResponse<String> index = get("/", null);
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("<title>gallery</title>");
        assertThat(index.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        HttpResponse<String> js = get("/assets/app-3f9a0c1d.js", null);
        assertThat(js.headers().firstValue("cache-control")).hasValue("public, max-age=31536000, immutable");
        assertThat(get("/assets/app-3f9a0c1d.js", null).headers().firstValue("x-cache")).hasValue("Hit from edge");
        // Normalised before routing (%2e%2e is ..), and a path that climbs above the root is a bad request.
        assertThat(get("/%2e%2e/secret.txt", null).statusCode()).isEqualTo(400);
        assertThat(get("/assets/%2e%2e/%2e%2e/secret.txt", null).statusCode()).isEqualTo(400);
        assertThat(get("/config.json", null).body()).contains("/session");
    }
}
