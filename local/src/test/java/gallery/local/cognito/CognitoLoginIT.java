package gallery.local.cognito;

import gallery.emulators.Ports;
import gallery.testing.RepoFiles;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import gallery.auth.AccessTokenVerifier;
import gallery.auth.Caller;
import gallery.auth.CognitoConfig;
import gallery.auth.InvalidTokenException;
import gallery.auth.KeyFolder;
import gallery.local.edge.SignedCookieVerifier;
import gallery.core.config.Env;
import gallery.core.routes.OriginKind;
import gallery.local.edge.LambdaOrigin;
import gallery.local.edge.LocalEdge;
import gallery.local.edge.OriginResponse;
import gallery.local.edge.StaticFilesOrigin;
import gallery.signer.SessionHandler;
import gallery.signer.SignerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * From a clean start to pixels: cognito-local (the real npm package) creates the pool and the demo
 * admin; the first login through the edge's /cognito/ proxy answers NEW_PASSWORD_REQUIRED; the new
 * password gives an access token that verifies against cognito-local's JWKS; the signer turns it
 * into cookies; the edge lets a protected path through with them and answers 403 without.
 */
class CognitoLoginIT {
    @TempDir
    static Path data;
    static LocalCognito cognito;
    static LocalEdge edge;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        cognito = LocalCognito.start(RepoFiles.toolsDir(), data.resolve("cognito"), Ports.free(), Region.US_EAST_1);
        KeyFolder keys = KeyFolder.open(data.resolve("keys"));
        edge = LocalEdge.bind(0, 1 << 20);
        SignerConfig signerConfig = SignerConfig.fromEnv(new Env(Map.of(
                "COGNITO_ISSUER", cognito.issuer(),
                "COGNITO_JWKS_URL", cognito.jwksUrl().toString(),
                "COGNITO_CLIENT_ID", cognito.pool().clientId(),
                "SITE_URL", edge.siteUrl(),
                "SIGNING_KEY_FILE", keys.file(keys.current().keyId()).toString(),
                "SIGNING_KEY_ID", keys.current().keyId())));
        SessionHandler signer = new SessionHandler(signerConfig, keys, cognito.client());
        AccessTokenVerifier apiTokens = new AccessTokenVerifier(signerConfig.cognito());
        Path web = Files.createDirectories(data.resolve("web"));
        Files.writeString(web.resolve("index.html"), "<!doctype html>");
        edge.origin(OriginKind.SIGNER, new LambdaOrigin(e -> signer.handleRequest(e, null)))
                .origin(OriginKind.API, new LambdaOrigin(e -> {
                    try {
                        Caller c = apiTokens.verifyBearer(e.getHeaders().get("authorization"));
                        return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withBody(c.username()).build();
                    } catch (InvalidTokenException ex) {
                        return APIGatewayV2HTTPResponse.builder().withStatusCode(401).build();
                    }
                }))
                .origin(OriginKind.DERIVED_BUCKET, r -> new OriginResponse(200, Map.of("content-type", List.of("image/webp")), new byte[]{'R', 'I', 'F', 'F'}))
                .origin(OriginKind.ORIGINALS_BUCKET, r -> OriginResponse.text(404, "text/plain", "no such key"))
                .origin(OriginKind.RESIZER, r -> OriginResponse.text(404, "text/plain", "no such photo"))
                .origin(OriginKind.SITE_CONFIG, r -> OriginResponse.text(200, "application/json", "{}"))
                .origin(OriginKind.WEB, new StaticFilesOrigin(web))
                .signedCookies(new SignedCookieVerifier(keys::trustedKeys, Clock.systemUTC()))
                .cognito(cognito.endpoint())
                .start();
    }

    @AfterAll
    static void stop() {
        if (edge != null) edge.close();
        if (cognito != null) cognito.close();
    }

    @Test
    void demoAdminLogsInAndGetsPhotos() throws Exception {
        UserPool pool = cognito.pool();
        // The browser's path: Cognito through the edge, same origin.
        try (CognitoIdentityProviderClient viaEdge = LocalCognito.client(URI.create(edge.siteUrl() + "/cognito/"), Region.US_EAST_1)) {
            InitiateAuthResponse first = viaEdge.initiateAuth(r -> r.clientId(pool.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", pool.demoUsername(), "PASSWORD", pool.temporaryPassword())));
            assertThat(first.challengeName()).isEqualTo(ChallengeNameType.NEW_PASSWORD_REQUIRED);
            RespondToAuthChallengeResponse done = viaEdge.respondToAuthChallenge(r -> r.clientId(pool.clientId())
                    .challengeName(ChallengeNameType.NEW_PASSWORD_REQUIRED).session(first.session())
                    .challengeResponses(Map.of("USERNAME", pool.demoUsername(), "NEW_PASSWORD", "Gallery-Photos-2024!")));
            String accessToken = done.authenticationResult().accessToken();
            String idToken = done.authenticationResult().idToken();

            AccessTokenVerifier verifier = new AccessTokenVerifier(new CognitoConfig(cognito.issuer(), cognito.jwksUrl(), pool.clientId()));
            Caller caller = verifier.verify(accessToken);
            assertThat(caller.inGroup(UserPool.ADMIN_GROUP)).isTrue();
            assertThat(caller.clientId()).isEqualTo(pool.clientId());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> verifier.verify(idToken))
                    .as("cognito-local's ID token is not an access token").isInstanceOf(InvalidTokenException.class);

            HttpResponse<String> session = http.send(HttpRequest.newBuilder(URI.create(edge.siteUrl() + "/session"))
                    .header("Authorization", "Bearer " + accessToken).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(session.statusCode()).isEqualTo(204);
            List<String> forRenditions = new ArrayList<>();
            for (String c : session.headers().allValues("set-cookie")) {
                if (c.contains("; Path=/renditions/all/;")) forRenditions.add(c.substring(0, c.indexOf(';')));
            }
            assertThat(forRenditions).hasSize(3);

            String rendition = edge.siteUrl() + "/renditions/all/640/photos/holiday/beach.jpg.webp?v=1";
            HttpResponse<byte[]> with = http.send(HttpRequest.newBuilder(URI.create(rendition))
                    .header("Cookie", String.join("; ", forRenditions)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(with.statusCode()).isEqualTo(200);
            assertThat(with.body()).startsWith('R', 'I', 'F', 'F');
            HttpResponse<byte[]> without = http.send(HttpRequest.newBuilder(URI.create(rendition)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(without.statusCode()).isEqualTo(403);

            HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(edge.siteUrl() + "/api/me"))
                    .header("Authorization", "Bearer " + accessToken).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).isEqualTo(200);
            assertThat(api.body()).isEqualTo(caller.username());

            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(edge.siteUrl() + "/session"))
                    .header("Authorization", "Bearer " + idToken).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().allValues("set-cookie")).isEmpty();
        }
    }

    @Test
    void aRestartKeepsThePool() throws Exception {
        Path dir = data.resolve("restart");
        String poolId;
        try (LocalCognito first = LocalCognito.start(RepoFiles.toolsDir(), dir, Ports.free(), Region.US_EAST_1)) {
            poolId = first.pool().userPoolId();
        }
        try (LocalCognito second = LocalCognito.start(RepoFiles.toolsDir(), dir, Ports.free(), Region.US_EAST_1)) {
            assertThat(second.pool().userPoolId()).isEqualTo(poolId);
            assertThat(second.client().adminGetUser(r -> r.userPoolId(poolId).username(UserPool.DEMO_USER)).enabled()).isTrue();
        }
    }
}
