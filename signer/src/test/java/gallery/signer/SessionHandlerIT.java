package gallery.signer;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jwt.JWTClaimsSet;
import gallery.lambda.HttpEvent;
import gallery.auth.KeyFolder;
import gallery.auth.TestIssuer;
import gallery.core.config.Env;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The signer end to end in-process: a token from a test pool (JWKS over HTTP) in, cookies out. */
class SessionHandlerIT {
    static final String SITE = "https://photos.example.org";
    @TempDir
    static Path data;
    static TestIssuer pool;
    static KeyFolder keys;
    static SessionHandler handler;

    @BeforeAll
    static void start() {
        try {
            pool = new TestIssuer();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        keys = KeyFolder.open(data.resolve("keys"));
        SignerConfig config = SignerConfig.fromEnv(new Env(Map.of(
                "COGNITO_ISSUER", pool.issuer,
                "COGNITO_JWKS_URL", pool.jwksUrl.toString(),
                "COGNITO_CLIENT_ID", TestIssuer.CLIENT_ID,
                "SITE_URL", SITE,
                "SIGNING_KEY_FILE", keys.file(keys.current().keyId()).toString(),
                "SIGNING_KEY_ID", keys.current().keyId(),
                "COOKIE_LIFETIME", "30m")));
        handler = new SessionHandler(config, keys, token -> gallery.auth.UserProfile.UNKNOWN);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    static APIGatewayV2HTTPEvent request(String method, String authorization) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (authorization != null) headers.put("authorization", authorization);
        return HttpEvent.sample(method, "/session", null, headers);
    }

    static APIGatewayV2HTTPResponse post(String token) {
        return handler.handleRequest(request("POST", "Bearer " + token), null);
    }

    static void assertRefused(APIGatewayV2HTTPResponse r) {
        assertThat(r.getStatusCode()).isEqualTo(401);
        assertThat(r.getCookies()).isNullOrEmpty();
        assertThat(r.getHeaders()).doesNotContainKey("Set-Cookie");
    }

    @Test
    void validAccessTokenGetsSessionCookiesThatOpenTheProtectedPaths() throws Exception {
        APIGatewayV2HTTPResponse r = post(pool.accessToken());
        assertThat(r.getStatusCode()).isEqualTo(204);
        assertThat(r.getCookies()).hasSize(9).allSatisfy(c -> assertThat(c)
                .containsPattern("^CloudFront-(Policy|Signature|Key-Pair-Id)=[^;]+; Path=/(renditions|photos|resize)/all/; Secure; HttpOnly; SameSite=Strict$"));
        Instant expires = Instant.parse(r.getHeaders().get("X-Session-Expires-At"));
        assertThat(expires).isBetween(Instant.now().plus(Duration.ofMinutes(29)), Instant.now().plus(Duration.ofMinutes(31)));

        // That these cookies open /renditions/all/ and only it is the local edge's check (SignedCookieVerifier
        // lives in local, the only user of it): local's LocalEdgeIT.protectedPathsNeedTheCookies.
    }

    @Test
    void sessionNeverOutlivesTheToken() throws Exception {
        Instant exp = Instant.now().plus(Duration.ofMinutes(5)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        APIGatewayV2HTTPResponse r = post(pool.sign(pool.accessClaims().expirationTime(Date.from(exp)).build()));
        assertThat(r.getStatusCode()).isEqualTo(204);
        assertThat(Instant.parse(r.getHeaders().get("X-Session-Expires-At"))).isEqualTo(exp);
    }

    @Test
    void refusesAlgNone() {
        assertRefused(post(pool.unsigned(pool.accessClaims().build())));
    }

    @Test
    void refusesHs256SignedWithThePublicKey() throws Exception {
        assertRefused(post(pool.hs256WithPublicKey(pool.accessClaims().build())));
    }

    @Test
    void refusesAForeignIssuer() throws Exception {
        assertRefused(post(pool.sign(pool.accessClaims().issuer("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Else").build())));
    }

    @Test
    void refusesAnIdToken() throws Exception {
        JWTClaimsSet id = pool.accessClaims().claim("token_use", "id").claim("client_id", null).audience(TestIssuer.CLIENT_ID).build();
        assertRefused(post(pool.sign(id)));
    }

    @Test
    void refusesAWrongClient() throws Exception {
        assertRefused(post(pool.sign(pool.accessClaims().claim("client_id", "anotherclient").build())));
    }

    @Test
    void refusesAnExpiredToken() throws Exception {
        Instant past = Instant.now().minus(Duration.ofHours(3));
        assertRefused(post(pool.sign(pool.accessClaims().issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(3600))).build())));
    }

    @Test
    void refusesNoTokenAndMalformedHeaders() {
        assertRefused(handler.handleRequest(request("POST", null), null));
        assertRefused(handler.handleRequest(request("POST", "Basic dXNlcjpwYXNz"), null));
        assertRefused(post("not.a.jwt"));
    }

    @Test
    void deleteClearsEveryCookie() {
        APIGatewayV2HTTPResponse r = handler.handleRequest(request("DELETE", null), null);
        assertThat(r.getStatusCode()).isEqualTo(204);
        assertThat(r.getCookies()).hasSize(9).allSatisfy(c -> assertThat(c).contains("=; Path=/").contains("Max-Age=0"));
    }

    @Test
    void otherMethodsAreNotAllowed() {
        APIGatewayV2HTTPResponse r = handler.handleRequest(request("GET", null), null);
        assertThat(r.getStatusCode()).isEqualTo(405);
        assertThat(r.getHeaders()).containsEntry("Allow", "POST, DELETE");
    }
}
