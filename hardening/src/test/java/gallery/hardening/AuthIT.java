package gallery.hardening;

import gallery.testing.SampleImages;

import gallery.emulators.Ports;
import gallery.testing.RepoFiles;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import gallery.api.ApiConfig;
import gallery.api.ApiHandler;
import gallery.auth.KeyFolder;
import gallery.local.edge.SignedCookieVerifier;
import gallery.auth.SigningKey;
import gallery.auth.TestIssuer;
import gallery.core.config.Env;
import gallery.core.deploy.Deployment;
import gallery.core.routes.OriginKind;
import gallery.aws.DeploymentClients;
import gallery.local.LocalStack;
import gallery.local.cognito.LocalCognito;
import gallery.local.cognito.UserPool;
import gallery.local.edge.LambdaOrigin;
import gallery.local.edge.LocalEdge;
import gallery.local.edge.OriginResponse;
import gallery.local.edge.S3Origin;
import gallery.local.edge.StaticFilesOrigin;
import gallery.core.PhotoKey;
import gallery.core.Json;
import gallery.core.UrlPaths;
import gallery.core.edge.AccessLabels;
import gallery.core.edge.EdgeAccess;
import gallery.index.ShareLinks;
import gallery.core.preset.OutputFormat;
import gallery.index.PhotoIndex;
import gallery.core.PhotoMetadata;
import gallery.index.PhotoTable;
import gallery.index.Rendered;
import gallery.core.Rendition;
import gallery.index.Upload;
import gallery.signer.SessionHandler;
import gallery.signer.SignerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;
import software.amazon.awssdk.services.cloudfront.cookie.CookiesForCustomPolicy;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token and cookie attacks against the local edge, the real signer, cognito-local (the npm
 * package) and the real buckets (S3Proxy): forged, foreign, expired and misused tokens at
 * {@code /session}; forged, expired, misplaced and replayed signed cookies at the protected paths;
 * requests straight to the buckets without the edge. Figure: attempts vs accepted.
 */
class AuthIT {
    static final Duration COOKIE_LIFETIME = Duration.ofMinutes(5);
    /** How long the signer and api keep the pool's answer about a token; 1 min by default, short here so the suite need not wait. */
    static final Duration USER_CHECK_TTL = Duration.ofSeconds(2);
    static final String GROUP_REVOKED = "revoked user";
    static final String GROUP_PROXY = "user-pool proxy";
    static final String GROUP_PATHS = "odd path at the edge";
    static final String GROUP_ALBUMS = "another group's album";
    static final String GROUP_SHARE = "share link";
    static final String KNOWN_LIMIT = "replay after sign-out";
    static final String SECRET = "photos/Parents Only/secret.jpg";
    static final List<String> GROUPS = List.of("token at /session", GROUP_REVOKED, GROUP_PROXY, GROUP_ALBUMS, GROUP_SHARE,
            "cookie at the edge", GROUP_PATHS, "without the edge");
    static final String PHOTO = "photos/family/beach.jpg";
    static final String RENDITION = "renditions/640/photos/family/beach.jpg.webp";
    /** The URLs of the album for everyone carry the label {@code all} after their prefix. */
    static final String ALL = AccessLabels.EVERYONE;
    static final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path data;

    /** A clock the test moves forward, for the edge's cookie checks only (the signer keeps real time). */
    static final class MovableClock extends Clock {
        final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return Instant.now().plus(offset.get()); }
    }

    /** One attack: what was tried, what the system answered, and whether that is letting it in. */
    record Attempt(String group, String attack, int status, boolean accepted, String note) {
    }

    private final List<Attempt> attempts = new ArrayList<>();
    private LocalEdge edge;
    private KeyFolder keys;
    private final AtomicInteger resizerCalls = new AtomicInteger();
    private int resizerReachedByAttacks = -1;
    /** Services the local stack exposes without checking credentials: not the gallery's doors, reported as they are. */
    private final List<List<String>> localOnly = new ArrayList<>();

    @Test
    void noForgedMisusedOrReplayedCredentialGetsIn() throws Exception {
        MovableClock clock = new MovableClock();
        try (LocalStack stack = LocalStack.startForTest(data.resolve("stack"));
             S3Client s3 = DeploymentClients.s3(stack.deployment());
             LocalCognito cognito = LocalCognito.start(RepoFiles.toolsDir(), data.resolve("cognito"), Ports.free(), Region.US_EAST_1);
             TestIssuer foreign = new TestIssuer()) {
            Deployment d = stack.deployment();
            byte[] original = SampleImages.jpeg(Corpus.picture(320, 240, 7), 0.9f, false);
            s3.putObject(p -> p.bucket(d.originalsBucket()).key(PHOTO).contentType("image/jpeg"), RequestBody.fromBytes(original));
            s3.putObject(p -> p.bucket(d.derivedBucket()).key(RENDITION).contentType("image/webp"), RequestBody.fromString("RIFF-rendition"));

            keys = KeyFolder.open(data.resolve("keys"));
            edge = LocalEdge.bind(0, 1 << 20);
            UserPool pool = cognito.pool();
            SignerConfig signerConfig = SignerConfig.fromEnv(new Env(Map.of(
                    "COGNITO_ISSUER", cognito.issuer(),
                    "COGNITO_JWKS_URL", cognito.jwksUrl().toString(),
                    "COGNITO_CLIENT_ID", pool.clientId(),
                    "USER_CHECK_TTL", USER_CHECK_TTL.toSeconds() + "s",
                    "SITE_URL", edge.siteUrl(),
                    "COOKIE_LIFETIME", COOKIE_LIFETIME.toMinutes() + "m",
                    "SIGNING_KEY_FILE", keys.file(keys.current().keyId()).toString(),
                    "SIGNING_KEY_ID", keys.current().keyId(),
                    "PHOTO_TABLE", d.photoTable())));
            DynamoDbClient dynamo = DeploymentClients.dynamoDb(d); // closed with the stack's DynamoDB Local
            PhotoTable.create(dynamo, d.photoTable());
            SessionHandler signer = new SessionHandler(signerConfig, keys, cognito.client(), dynamo);
            PhotoIndex rules = new PhotoIndex(dynamo, d.photoTable());
            ApiHandler api = new ApiHandler(ApiConfig.fromEnv(new Env(Map.of(
                    "PHOTO_TABLE", d.photoTable(),
                    "COGNITO_ISSUER", cognito.issuer(),
                    "COGNITO_JWKS_URL", cognito.jwksUrl().toString(),
                    "COGNITO_CLIENT_ID", pool.clientId(),
                    "USER_CHECK_TTL", USER_CHECK_TTL.toSeconds() + "s"))), dynamo, cognito.client());
            Path web = Files.createDirectories(data.resolve("web"));
            Files.writeString(web.resolve("index.html"), "<!doctype html>");
            edge.origin(OriginKind.SIGNER, new LambdaOrigin(e -> signer.handleRequest(e, null)))
                    .origin(OriginKind.API, new LambdaOrigin(e -> api.handleRequest(e, null)))
                    .origin(OriginKind.DERIVED_BUCKET, new S3Origin(s3, d.derivedBucket()))
                    .origin(OriginKind.ORIGINALS_BUCKET, new S3Origin(s3, d.originalsBucket()))
                    // A probe, not a resizer: what matters is whether a request ever reaches it.
                    .origin(OriginKind.RESIZER, r -> {
                        resizerCalls.incrementAndGet();
                        return OriginResponse.text(200, "text/plain", "resizer reached");
                    })
                    .origin(OriginKind.SITE_CONFIG, r -> OriginResponse.text(200, "application/json", "{}"))
                    .origin(OriginKind.WEB, new StaticFilesOrigin(web))
                    .signedCookies(new SignedCookieVerifier(keys::trustedKeys, clock))
                    // The rules as the CloudFront Function holds them once published: read fresh on every request here.
                    .access(() -> new EdgeAccess(AccessLabels.edgeRules(rules.queries().albumAccess())))
                    .cognito(cognito.endpoint())
                    .start();
            try {
                Tokens t = login(cognito);
                tokenAttacks(t, cognito, foreign);
                cookieAttacks(t, clock);
                oddPaths(t);
                revokedUsers(cognito);
                groupAlbums(cognito, new PhotoIndex(dynamo, d.photoTable()), s3, d);
                shareLinks(t, cognito, dynamo, d);
                userPoolProxy(cognito);
                straightToTheBuckets(d, original);
            } finally {
                edge.close();
            }
        }
        publishAndAssert();
    }

    // ---- tokens at /session --------------------------------------------------------------------

    record Tokens(String access, String id, String otherClientAccess) {
    }

    /** The demo user's first login (new password), and a second login through another app client of the same pool. */
    private Tokens login(LocalCognito cognito) {
        UserPool pool = cognito.pool();
        String password = "Hardening-Suite-2024!";
        try (CognitoIdentityProviderClient c = LocalCognito.client(cognito.endpoint(), Region.US_EAST_1)) {
            InitiateAuthResponse first = c.initiateAuth(r -> r.clientId(pool.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", pool.demoUsername(), "PASSWORD", pool.temporaryPassword())));
            var done = c.respondToAuthChallenge(r -> r.clientId(pool.clientId()).challengeName(ChallengeNameType.NEW_PASSWORD_REQUIRED)
                    .session(first.session()).challengeResponses(Map.of("USERNAME", pool.demoUsername(), "NEW_PASSWORD", password)));
            String otherClient = cognito.client().createUserPoolClient(r -> r.userPoolId(pool.userPoolId()).clientName("some-other-app")
                    .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH)).userPoolClient().clientId();
            var other = c.initiateAuth(r -> r.clientId(otherClient).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", pool.demoUsername(), "PASSWORD", password)));
            return new Tokens(done.authenticationResult().accessToken(), done.authenticationResult().idToken(),
                    other.authenticationResult().accessToken());
        }
    }

    private void tokenAttacks(Tokens t, LocalCognito cognito, TestIssuer foreign) throws Exception {
        // Control: the genuine access token is let in (otherwise every refusal below proves nothing).
        HttpResponse<String> control = session("Bearer " + t.access());
        assertThat(control.statusCode()).as("a genuine access token gets cookies").isEqualTo(204);

        JWTClaimsSet genuine = SignedJWT.parse(t.access()).getJWTClaimsSet();
        RSAKey poolKey = RSAKey.parse(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(RepoFiles.toolsDir().resolve("node_modules/cognito-local/lib/keys/cognitoLocal.private.json").toFile()).get("jwk").toString());
        RSAKey published = (RSAKey) JWKSet.load(cognito.jwksUrl().toURL()).getKeys().get(0);
        Instant now = Instant.now();

        token("no Authorization header", null);
        token("garbage bearer", "Bearer not-a-jwt");
        token("alg none, genuine claims", "Bearer " + unsigned(genuine, ""));
        token("alg none, genuine signature kept", "Bearer " + unsigned(genuine, t.access().substring(t.access().lastIndexOf('.') + 1)));
        token("HS256 keyed with the pool's public key (DER)", "Bearer " + hs256(genuine, published, published.toRSAPublicKey().getEncoded()));
        token("HS256 keyed with the pool's public key (JWK JSON)", "Bearer " + hs256(genuine, published,
                published.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));
        token("RS512 signed with the pool's own key", "Bearer " + sign(poolKey, JWSAlgorithm.RS512, genuine, null));
        token("foreign issuer (another pool, its own valid key)", "Bearer " + foreign.accessToken());
        token("foreign issuer claim, signed with the pool key", "Bearer " + sign(poolKey, JWSAlgorithm.RS256,
                new JWTClaimsSet.Builder(genuine).issuer("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other").build(), null));
        token("ID token used as access token", "Bearer " + t.id());
        token("access token of another app client", "Bearer " + t.otherClientAccess());
        token("expired an hour ago (pool key)", "Bearer " + sign(poolKey, JWSAlgorithm.RS256, new JWTClaimsSet.Builder(genuine)
                .issueTime(Date.from(now.minusSeconds(7200))).expirationTime(Date.from(now.minusSeconds(3600))).build(), null));
        token("issued an hour in the future (pool key)", "Bearer " + sign(poolKey, JWSAlgorithm.RS256, new JWTClaimsSet.Builder(genuine)
                .issueTime(Date.from(now.plusSeconds(3600))).expirationTime(Date.from(now.plusSeconds(7200))).build(), null));
        token("token_use missing (pool key)", "Bearer " + sign(poolKey, JWSAlgorithm.RS256,
                new JWTClaimsSet.Builder(genuine).claim("token_use", null).build(), null));
        token("payload tampered: username changed, signature kept", "Bearer " + tampered(t.access(),
                new JWTClaimsSet.Builder(genuine).claim("username", "someone-else").build()));
        token("payload tampered: admins group added, signature kept", "Bearer " + tampered(t.access(),
                new JWTClaimsSet.Builder(genuine).claim("cognito:groups", List.of("admins", "root")).build()));
        token("signature flipped", "Bearer " + flipLastSignatureChar(t.access()));
        RSAKey attacker = TestIssuer.newKey();
        token("unknown key id (attacker's key)", "Bearer " + sign(attacker, JWSAlgorithm.RS256, genuine, "attacker-kid"));
        token("pool's key id, attacker's key", "Bearer " + sign(attacker, JWSAlgorithm.RS256, genuine, poolKey.getKeyID()));
        token("attacker's public key embedded in the header (jwk)", "Bearer " + embeddedJwk(attacker, genuine));
        token("token in a cookie instead of the header", null, "access_token=" + t.access());
        token("Basic scheme carrying the token", "Basic " + t.access());
    }

    private void token(String attack, String authorization) throws Exception {
        token(attack, authorization, null);
    }

    private void token(String attack, String authorization, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(edge.siteUrl() + "/session")).POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) b.header("Authorization", authorization);
        if (cookie != null) b.header("Cookie", cookie);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        boolean accepted = r.statusCode() / 100 == 2 || !r.headers().allValues("set-cookie").isEmpty();
        attempts.add(new Attempt("token at /session", attack, r.statusCode(), accepted, ""));
    }

    private HttpResponse<String> session(String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(edge.siteUrl() + "/session")).header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String unsigned(JWTClaimsSet claims, String signature) {
        return Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + Base64URL.encode(claims.toString()) + "." + signature;
    }

    static String hs256(JWTClaimsSet claims, RSAKey published, byte[] secret) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(published.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    static String sign(RSAKey key, JWSAlgorithm alg, JWTClaimsSet claims, String kid) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid != null ? kid : key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    static String embeddedJwk(RSAKey attacker, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).jwk(attacker.toPublicJWK()).keyID(attacker.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(attacker));
        return jwt.serialize();
    }

    static String tampered(String token, JWTClaimsSet claims) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + Base64URL.encode(claims.toString()) + "." + parts[2];
    }

    static String flipLastSignatureChar(String token) {
        int at = token.length() - 5;
        char c = token.charAt(at);
        return token.substring(0, at) + (c == 'A' ? 'B' : 'A') + token.substring(at + 1);
    }

    // ---- cookies at the protected paths --------------------------------------------------------

    private void cookieAttacks(Tokens t, MovableClock clock) throws Exception {
        HttpResponse<String> issued = session("Bearer " + t.access());
        assertThat(issued.statusCode()).isEqualTo(204);
        List<String> setCookies = issued.headers().allValues("set-cookie");
        String renditionsTrio = trio(setCookies, "/renditions/all/");
        String photosTrio = trio(setCookies, "/photos/all/");
        String resizeTrio = trio(setCookies, "/resize/all/");
        String renditionPath = AccessLabels.labelled("/" + RENDITION, ALL) + "?v=abc";
        String photoPath = AccessLabels.labelled("/" + PHOTO, ALL) + "?v=abc";
        String resizePath = "/resize/all/640x640/" + PHOTO + "?v=abc";

        // Controls: each trio opens its own prefix (and the rendition is now in the edge's cache).
        assertThat(get(renditionPath, renditionsTrio).status()).isEqualTo(200);
        assertThat(get(photoPath, photosTrio).status()).isEqualTo(200);
        assertThat(get(resizePath, resizeTrio).status()).isEqualTo(200);
        int resizerBaseline = resizerCalls.get();

        cookie("no cookie: rendition (already in the edge cache)", renditionPath, null);
        cookie("no cookie: original", photoPath, null);
        cookie("no cookie: resizer", resizePath, null);
        cookie("/renditions cookies on /photos", photoPath, renditionsTrio);
        cookie("/renditions cookies on /resize", resizePath, renditionsTrio);
        cookie("/photos cookies on /renditions (uncached path)", "/renditions/all/256/photos/family/beach.jpg.webp?v=abc", photosTrio);
        cookie("the rendition without a label, with the /renditions cookies", "/" + RENDITION + "?v=abc", renditionsTrio);
        cookie("all nine cookies at once on /photos, /renditions policy first", photoPath, renditionsTrio + "; " + photosTrio);

        SigningKey current = keys.current();
        String site = edge.siteUrl();
        cookie("expired policy (real key)", renditionPath, sdkCookie(site + "/renditions/all/*", Instant.now().minusSeconds(5), null, current, null));
        cookie("policy not yet valid (DateGreaterThan in an hour)", renditionPath,
                sdkCookie(site + "/renditions/all/*", Instant.now().plusSeconds(600), Instant.now().plusSeconds(3600), current, null));
        cookie("policy for a single other object", renditionPath,
                sdkCookie(site + "/renditions/all/256/photos/family/other.jpg.webp*", Instant.now().plusSeconds(600), null, current, null));
        String wholeSite = sdkCookie(site + "/*", Instant.now().plusSeconds(600), null, current, null);
        cookie("whole-site policy with the signature of the /renditions policy", photoPath,
                part(wholeSite, "CloudFront-Policy") + "; " + part(renditionsTrio, "CloudFront-Signature") + "; " + part(renditionsTrio, "CloudFront-Key-Pair-Id"));
        cookie("signature with one character changed", renditionPath, flipSignature(renditionsTrio));
        cookie("signature missing", renditionPath, part(renditionsTrio, "CloudFront-Policy") + "; " + part(renditionsTrio, "CloudFront-Key-Pair-Id"));
        cookie("unknown key pair id", renditionPath, sdkCookie(site + "/renditions/all/*", Instant.now().plusSeconds(600), null, current, "KUNKNOWNKEY001"));
        SigningKey attacker = attackerKey(current.keyId());
        cookie("whole-site policy signed with an attacker key under the trusted id", photoPath,
                sdkCookie(site + "/*", Instant.now().plusSeconds(600), null, attacker, null));
        cookie("policy for another site origin", renditionPath,
                sdkCookie("https://evil.example/renditions/all/*", Instant.now().plusSeconds(600), null, current, null));
        cookie("path traversal: /renditions/all/../../photos with /renditions cookies", "/renditions/all/../../photos/all/family/beach.jpg", renditionsTrio);
        cookie("encoded traversal: /renditions/all/%2e%2e/photos with /renditions cookies", "/renditions/all/%2e%2e/%2e%2e/photos/all/family/beach.jpg", renditionsTrio);
        cookie("double slash: //photos with /renditions cookies", "//" + PHOTO, renditionsTrio);

        // Sign-out: the signer answers with the nine cookies expired, and a browser drops them.
        HttpResponse<String> out = http.send(HttpRequest.newBuilder(URI.create(site + "/session")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        boolean cleared = out.statusCode() == 204 && out.headers().allValues("set-cookie").stream().allMatch(c -> c.contains("Expires=Thu, 01 Jan 1970")
                || c.toLowerCase().contains("max-age=0"));
        // A copy kept by whoever had them is a bearer token until the policy's own expiry: that is how
        // CloudFront signed cookies work (nothing to revoke per session). Recorded, not counted as a forgery.
        Answer replay = get(renditionPath, renditionsTrio);
        attempts.add(new Attempt(KNOWN_LIMIT, "cookies replayed right after DELETE /session (within lifetime "
                + COOKIE_LIFETIME.toMinutes() + " min)", replay.status(), replay.status() == 200,
                "known limit: bearer until the policy expires; sign-out cleared them in the browser: " + cleared));
        clock.offset.set(COOKIE_LIFETIME.plusSeconds(31));
        cookie("cookies replayed after the policy's expiry", renditionPath, renditionsTrio);
        cookie("cookies replayed after expiry, on the resizer", resizePath, resizeTrio);
        clock.offset.set(Duration.ZERO);

        resizerReachedByAttacks = resizerCalls.get() - resizerBaseline;
    }

    private void cookie(String attack, String path, String cookieHeader) throws IOException {
        Answer r = get(path, cookieHeader);
        attempts.add(new Attempt("cookie at the edge", attack, r.status(), r.status() / 100 == 2, ""));
    }

    /** A raw HTTP/1.1 GET, so paths with dot segments reach the edge exactly as written. */
    private Answer get(String path, String cookieHeader) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), edge.port())) {
            OutputStream out = s.getOutputStream();
            StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + edge.port() + "\r\nConnection: close\r\n");
            if (cookieHeader != null) req.append("Cookie: ").append(cookieHeader).append("\r\n");
            out.write(req.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String head = all.toString(StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(head.substring(9, 12));
            int bodyAt = head.indexOf("\r\n\r\n");
            byte[] bytes = all.toByteArray();
            return new Answer(status, java.util.Arrays.copyOfRange(bytes, bodyAt < 0 ? bytes.length : bodyAt + 4, bytes.length));
        }
    }

    /** What the edge answered to a raw request. */
    record Answer(int status, byte[] body) {
    }

    static String trio(List<String> setCookies, String path) {
        List<String> pairs = new ArrayList<>();
        for (String c : setCookies) if (c.contains("; Path=" + path + ";") || c.endsWith("; Path=" + path)) pairs.add(c.substring(0, c.indexOf(';')));
        assertThat(pairs).as("cookies for " + path).hasSize(3);
        return String.join("; ", pairs);
    }

    static String part(String cookieHeader, String name) {
        for (String p : cookieHeader.split(";\\s*")) if (p.startsWith(name + "=")) return p;
        throw new IllegalArgumentException(name + " not in " + cookieHeader);
    }

    static String flipSignature(String trio) {
        String sig = part(trio, "CloudFront-Signature");
        int at = sig.length() - 10;
        String flipped = sig.substring(0, at) + (sig.charAt(at) == 'x' ? 'y' : 'x') + sig.substring(at + 1);
        return trio.replace(sig, flipped);
    }

    /** Cookies made with the AWS SDK's CloudFront utilities, as a forger with (or without) the key would. */
    static String sdkCookie(String resource, Instant expires, Instant activeFrom, SigningKey key, String keyIdOverride) {
        CookiesForCustomPolicy c = CloudFrontUtilities.create().getCookiesForCustomPolicy(r -> {
            r.resourceUrl(resource).resourceUrlPattern(resource).privateKey(key.privateKey())
                    .keyPairId(keyIdOverride == null ? key.keyId() : keyIdOverride).expirationDate(expires);
            if (activeFrom != null) r.activeDate(activeFrom);
        });
        return c.policyHeaderValue() + "; " + c.signatureHeaderValue() + "; " + c.keyPairIdHeaderValue();
    }

    static SigningKey attackerKey(String claimedId) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(SigningKey.BITS);
        return SigningKey.of(claimedId, (RSAPrivateCrtKey) g.generateKeyPair().getPrivate());
    }

    // ---- odd paths ------------------------------------------------------------------------------

    /**
     * Dot segments, their escapes and malformed escapes, with valid /renditions cookies: the edge
     * normalises as CloudFront does (then the /renditions cookies do not fit) or answers 400; never
     * the original, never a 5xx (whose body could carry an internal message).
     */
    private void oddPaths(Tokens t) throws Exception {
        String renditionsTrio = trio(session("Bearer " + t.access()).headers().allValues("set-cookie"), "/renditions/all/");
        for (String path : List.of(
                "/renditions/../../originals/" + PHOTO,
                "/renditions/../" + PHOTO,
                "/renditions/%2e%2e/%2e%2e/originals/" + PHOTO,
                "/renditions/%2E%2E/" + PHOTO,
                "/renditions/.%2e/" + PHOTO,
                "/renditions/..%2f..%2foriginals/" + PHOTO,
                "/renditions/..%2F" + PHOTO,
                "/renditions/640/..%5c..%5c" + PHOTO,
                "/renditions/./../" + PHOTO,
                "/renditions/%zz/" + PHOTO,
                "/renditions/640/" + PHOTO + "%",
                "/../../etc/passwd")) {
            Answer r = get(path, renditionsTrio);
            String body = new String(r.body(), StandardCharsets.UTF_8);
            boolean leaked = r.status() >= 500 || body.contains("Service: S3") || body.contains("\tat ") || body.contains("gallery.");
            // A malformed escape never reaches the edge's code: the JDK's HTTP server answers its own 400 page, which
            // names the exception. CloudFront answers its own 400 there. Noted, not counted: nothing is served.
            String note = leaked ? "5xx or an internal message: " + body.strip()
                    : body.contains("URISyntaxException") ? "the JDK HTTP server's own 400 page (local edge only)" : "";
            attempts.add(new Attempt(GROUP_PATHS, path + " with /renditions cookies", r.status(), r.status() / 100 == 2 || leaked, note));
        }
    }

    // ---- revoked users -------------------------------------------------------------------------

    /** A user the family let in, who signed in (through the edge, as a browser) and used the gallery. */
    record Member(String email, String access, String refresh) {
    }

    /**
     * Three members sign in and use the gallery; then one is disabled, one signed out everywhere and one
     * removed, as `users disable` and `users remove` do. Each then tries every door with what they hold,
     * after the signer's and api's user check has had time to ask the pool again.
     */
    private void revokedUsers(LocalCognito cognito) throws Exception {
        UserPool pool = cognito.pool();
        CognitoIdentityProviderClient admin = cognito.client();
        String password = "Member-Passw0rd-2024!";
        Map<String, Member> members = new java.util.LinkedHashMap<>();
        try (CognitoIdentityProviderClient browser = LocalCognito.client(URI.create(edge.siteUrl() + "/cognito/"), Region.US_EAST_1)) {
            for (String who : List.of("disabled", "signed-out", "removed")) {
                String email = who + "@example.org";
                admin.adminCreateUser(r -> r.userPoolId(pool.userPoolId()).username(email).messageAction(MessageActionType.SUPPRESS)
                        .userAttributes(a -> a.name("email").value(email), a -> a.name("email_verified").value("true")));
                admin.adminSetUserPassword(r -> r.userPoolId(pool.userPoolId()).username(email).password(password).permanent(true));
                var auth = browser.initiateAuth(r -> r.clientId(pool.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                        .authParameters(Map.of("USERNAME", email, "PASSWORD", password))).authenticationResult();
                Member m = new Member(email, auth.accessToken(), auth.refreshToken());
                members.put(who, m);
                // Controls: before the revocation each is let in, and the check's answer is cached.
                assertThat(session("Bearer " + m.access()).statusCode()).as(who + " before revocation: /session").isEqualTo(204);
                assertThat(api("/api/albums", m.access()).statusCode()).as(who + " before revocation: /api").isEqualTo(200);
            }
            admin.adminDisableUser(r -> r.userPoolId(pool.userPoolId()).username(members.get("disabled").email()));
            admin.adminUserGlobalSignOut(r -> r.userPoolId(pool.userPoolId()).username(members.get("disabled").email()));
            admin.adminUserGlobalSignOut(r -> r.userPoolId(pool.userPoolId()).username(members.get("signed-out").email()));
            admin.adminUserGlobalSignOut(r -> r.userPoolId(pool.userPoolId()).username(members.get("removed").email()));
            admin.adminDeleteUser(r -> r.userPoolId(pool.userPoolId()).username(members.get("removed").email()));
            Thread.sleep(USER_CHECK_TTL.plusMillis(500).toMillis());

            for (Map.Entry<String, Member> e : members.entrySet()) {
                String who = e.getKey();
                Member m = e.getValue();
                HttpResponse<String> s = session("Bearer " + m.access());
                attempts.add(new Attempt(GROUP_REVOKED, who + " user's access token at /session", s.statusCode(),
                        s.statusCode() / 100 == 2 || !s.headers().allValues("set-cookie").isEmpty(), ""));
                for (String path : List.of("/api/albums", "/api/me")) {
                    HttpResponse<String> a = api(path, m.access());
                    attempts.add(new Attempt(GROUP_REVOKED, who + " user's access token at " + path, a.statusCode(), a.statusCode() / 100 == 2, ""));
                }
                signIn(who + " user refreshes their tokens through /cognito/", () -> browser.initiateAuth(r -> r.clientId(pool.clientId())
                        .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH).authParameters(Map.of("REFRESH_TOKEN", m.refresh()))).authenticationResult());
                signIn(who + " user reads their profile from the pool with the token", () -> browser.getUser(r -> r.accessToken(m.access())));
                if (!who.equals("signed-out")) {
                    signIn(who + " user signs in with their password", () -> browser.initiateAuth(r -> r.clientId(pool.clientId())
                            .authFlow(AuthFlowType.USER_PASSWORD_AUTH).authParameters(Map.of("USERNAME", m.email(), "PASSWORD", password)))
                            .authenticationResult());
                }
            }
            // The signed-out user may sign in again (only their sessions were ended): the control that the door still opens.
            var back = browser.initiateAuth(r -> r.clientId(pool.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", members.get("signed-out").email(), "PASSWORD", password))).authenticationResult();
            assertThat(back).as("a signed-out user signs in again").isNotNull();
        }
    }

    /** A call to the pool that must be refused: accepted if it answered anything but a Cognito error. */
    private void signIn(String attack, java.util.function.Supplier<Object> call) {
        try {
            Object result = call.get();
            attempts.add(new Attempt(GROUP_REVOKED, attack, 200, result != null, ""));
        } catch (CognitoIdentityProviderException e) {
            attempts.add(new Attempt(GROUP_REVOKED, attack, e.statusCode(), false, e.awsErrorDetails().errorCode()));
        }
    }

    private HttpResponse<String> api(String path, String accessToken) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(edge.siteUrl() + path));
        if (accessToken != null) b.header("Authorization", "Bearer " + accessToken);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- albums for some groups ----------------------------------------------------------------

    /**
     * "Parents Only" is for the {@code parents} group; a member in no group asks for it every way the API
     * offers, and by cookie at the edge with every label and spelling; a member of {@code parents} is the
     * control. Then the album is regrouped (for {@code grandparents}): the parent's URLs and cookies stop.
     */
    private void groupAlbums(LocalCognito cognito, PhotoIndex index, S3Client s3, Deployment d) throws Exception {
        for (String key : List.of(PHOTO, SECRET)) {
            Upload u = new Upload(PhotoKey.of(key), (key.equals(PHOTO) ? "aa" : "bb") + "0123456789abcdef0123456789abcd", null, "0000000000000001", 1000,
                    Instant.now(), new PhotoMetadata(320, 240, java.time.OffsetDateTime.now(), null, null, null, null), "default", 1);
            index.recordUpload(u);
            index.completeRender(u.key(), u.eTag(), new Rendered(u.metadata(), "ph", "default", 1,
                    List.of(new Rendition(640, 320, 240, OutputFormat.WEBP, 14))));
        }
        String secretRendition = "renditions/640/" + SECRET + ".webp";
        s3.putObject(p -> p.bucket(d.derivedBucket()).key(secretRendition).contentType("image/webp"), RequestBody.fromString("RIFF-secret"));
        s3.putObject(p -> p.bucket(d.originalsBucket()).key(SECRET).contentType("image/jpeg"), RequestBody.fromString("secret-original"));
        cognito.client().createGroup(r -> r.userPoolId(cognito.pool().userPoolId()).groupName("parents"));
        cognito.client().createGroup(r -> r.userPoolId(cognito.pool().userPoolId()).groupName("grandparents"));
        index.setAlbumAccess("Parents Only", java.util.Set.of("parents"));
        String parents = AccessLabels.forGroups(java.util.Set.of("parents"));

        String token = member(cognito, "member@example.org", null);
        String parent = member(cognito, "parent@example.org", "parents");

        // Control: the member sees the album for everyone.
        HttpResponse<String> albums = api("/api/albums", token);
        assertThat(albums.body()).as("a member's albums").contains("\"family\"");
        attempts.add(new Attempt(GROUP_ALBUMS, "album list names the parents' album", albums.statusCode(), albums.body().contains("Parents Only"), ""));
        HttpResponse<String> timeline = api("/api/timeline", token);
        attempts.add(new Attempt(GROUP_ALBUMS, "timeline shows the parents' photo", timeline.statusCode(), timeline.body().contains("secret.jpg"), ""));
        for (String path : List.of("/api/albums/Parents%20Only/photos", "/api/albums/Parents%20Only%2F/photos",
                "/api/albums/parents%20only/photos", "/api/photos/photos/Parents%20Only/secret.jpg",
                "/api/photos/photos%2FParents%20Only%2Fsecret.jpg", "/api/albums/family/../Parents%20Only/photos")) {
            HttpResponse<String> r = api(path, token);
            // A 404 echoes the key asked for; a photo's JSON would carry its renditions.
            attempts.add(new Attempt(GROUP_ALBUMS, "GET " + path, r.statusCode(), r.statusCode() / 100 == 2 || r.body().contains("\"renditions\""), ""));
        }

        // By cookie: the member's cookies open the label "all" only, and "all" does not open the parents' album.
        List<String> memberCookies = session("Bearer " + token).headers().allValues("set-cookie");
        attempts.add(new Attempt(GROUP_ALBUMS, "the signer gives a member in no group cookies for the parents' label", 204,
                memberCookies.stream().anyMatch(c -> c.contains("/" + parents + "/")), memberCookies.size() + " cookies"));
        String renditionsAll = trio(memberCookies, "/renditions/all/");
        String photosAll = trio(memberCookies, "/photos/all/");
        String resizeAll = trio(memberCookies, "/resize/all/");
        String enc = UrlPaths.encodeKey(SECRET);
        albumCookie("the parents' rendition under label all", "/renditions/all/640/" + enc + ".webp?v=1", renditionsAll);
        albumCookie("... with the album name escaped differently", "/renditions/all/640/photos/Parents%20Onl%79/secret.jpg.webp?v=1", renditionsAll);
        albumCookie("... with the folder's slash escaped", "/renditions/all/640/photos%2FParents%20Only%2Fsecret.jpg.webp?v=1", renditionsAll);
        albumCookie("... through a dot segment of another album", "/renditions/all/640/photos/family/%2e%2e/Parents%20Only/secret.jpg.webp?v=1", renditionsAll);
        albumCookie("... under the parents' label", "/renditions/" + parents + "/640/" + enc + ".webp?v=1", renditionsAll);
        albumCookie("... with no label at all", "/" + secretRendition + "?v=1", renditionsAll);
        albumCookie("the parents' original under label all", "/photos/all/Parents%20Only/secret.jpg", photosAll);
        albumCookie("the parents' original under the parents' label", "/photos/" + parents + "/Parents%20Only/secret.jpg", photosAll);
        albumCookie("a resize of the parents' photo under label all", "/resize/all/300x300/" + enc + "?v=1", resizeAll);
        albumCookie("a stored resize of the parents' photo under label all", "/renditions/all/resized/" + enc + "/1024x1024.webp?v=1", renditionsAll);
        albumCookie("all of the member's cookies at once on the parents' rendition", "/renditions/" + parents + "/640/" + enc + ".webp?v=1",
                String.join("; ", renditionsAll, photosAll, resizeAll));

        // Control: a parent opens it, with the URL the API hands out and the cookies the signer gave them.
        HttpResponse<String> parentPhoto = api("/api/photos/" + enc, parent);
        assertThat(parentPhoto.statusCode()).as("a parent reads the parents' photo").isEqualTo(200);
        String url = Json.MAPPER.readTree(parentPhoto.body()).get("renditions").get(0).get("url").asText();
        assertThat(url).startsWith("/renditions/" + parents + "/");
        List<String> parentCookies = session("Bearer " + parent).headers().allValues("set-cookie");
        String parentTrio = trio(parentCookies, "/renditions/" + parents + "/");
        assertThat(get(url, parentTrio).status()).as("a parent loads the parents' rendition").isEqualTo(200);
        assertThat(parentCookies).as("a parent holds 9 cookies per label: all and parents").hasSize(18);

        // Regrouping: the album is now for the grandparents. The parent's URL and cookies stop at once.
        index.setAlbumAccess("Parents Only", java.util.Set.of("grandparents"));
        Answer regrouped = get(url, parentTrio);
        attempts.add(new Attempt(GROUP_ALBUMS, "after regrouping: a parent's old URL with their still-valid cookies", regrouped.status(),
                regrouped.status() / 100 == 2, ""));
        HttpResponse<String> after = api("/api/photos/" + enc, parent);
        attempts.add(new Attempt(GROUP_ALBUMS, "after regrouping: a parent reads the photo by API", after.statusCode(), after.statusCode() / 100 == 2, ""));
        index.setAlbumAccess("Parents Only", java.util.Set.of("parents"));
    }

    private void albumCookie(String attack, String path, String cookies) throws IOException {
        Answer r = get(path, cookies);
        attempts.add(new Attempt(GROUP_ALBUMS, attack + " with a member's cookies", r.status(), r.status() / 100 == 2, ""));
    }

    /** A member with a password, in {@code group} (or none), signed in: their access token. */
    private static String member(LocalCognito cognito, String email, String group) {
        UserPool pool = cognito.pool();
        String password = "Member-Passw0rd-2024!";
        cognito.client().adminCreateUser(r -> r.userPoolId(pool.userPoolId()).username(email).messageAction(MessageActionType.SUPPRESS)
                .userAttributes(a -> a.name("email").value(email)));
        cognito.client().adminSetUserPassword(r -> r.userPoolId(pool.userPoolId()).username(email).password(password).permanent(true));
        if (group != null) cognito.client().adminAddUserToGroup(r -> r.userPoolId(pool.userPoolId()).username(email).groupName(group));
        return cognito.client().initiateAuth(r -> r.clientId(pool.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", email, "PASSWORD", password))).authenticationResult().accessToken();
    }

    // ---- share links ---------------------------------------------------------------------------

    /**
     * A member shares "family" (view only). Whoever holds the link gets that album, read-only, and nothing
     * else: not the parents' album with the link's cookies, not the originals, not the member API. Then an
     * expired link and a revoked one open nothing, and another member cannot revoke someone's link.
     */
    private void shareLinks(Tokens t, LocalCognito cognito, DynamoDbClient dynamo, Deployment d) throws Exception {
        HttpResponse<String> made = http.send(HttpRequest.newBuilder(URI.create(edge.siteUrl() + "/api/links?album=family"))
                .header("Authorization", "Bearer " + t.access()).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(made.statusCode()).as("a member makes a link: " + made.body()).isEqualTo(201);
        String id = Json.MAPPER.readTree(made.body()).get("id").asText();
        String family = AccessLabels.forShare("family");
        String secret = AccessLabels.forShare("Parents Only");

        // Controls: the link opens the album, its cookies open its renditions.
        HttpResponse<String> opened = session("Share " + id);
        assertThat(opened.statusCode()).as("a share link's session").isEqualTo(204);
        List<String> shareCookies = opened.headers().allValues("set-cookie");
        HttpResponse<String> album = api("/api/shared/" + id, null);
        assertThat(album.statusCode()).isEqualTo(200);
        String url = Json.MAPPER.readTree(album.body()).get("photos").get(0).get("renditions").get(0).get("url").asText();
        assertThat(url).startsWith("/renditions/" + family + "/");
        String trio = trio(shareCookies, "/renditions/" + family + "/");
        assertThat(get(url, trio).status()).as("the shared rendition").isEqualTo(200);
        String all = String.join("; ", shareCookies.stream().map(c -> c.substring(0, c.indexOf(';'))).toList());

        share("the link's album lists no original", 200, album.body().contains("\"original\":\"/photos"));
        shareCookie("the link's cookies on the parents' rendition under the link's label",
                "/renditions/" + family + "/640/" + UrlPaths.encodeKey(SECRET) + ".webp?v=1", trio);
        shareCookie("the link's cookies on the parents' rendition under the parents' share label",
                "/renditions/" + secret + "/640/" + UrlPaths.encodeKey(SECRET) + ".webp?v=1", all);
        shareCookie("the link's cookies on the same photo under label all", AccessLabels.labelled("/" + RENDITION, ALL) + "?v=1", all);
        shareCookie("the link's cookies on a subfolder path of the album", "/renditions/" + family + "/640/photos/family/sub/x.jpg.webp?v=1", trio);
        shareCookie("the link's cookies on the album's original (no downloads)", "/photos/" + family + "/family/beach.jpg", all);
        shareCookie("the link's cookies on the parents' original", "/photos/" + family + "/Parents%20Only/secret.jpg", all);
        HttpResponse<String> memberApi = http.send(HttpRequest.newBuilder(URI.create(edge.siteUrl() + "/api/albums"))
                .header("Authorization", "Share " + id).build(), HttpResponse.BodyHandlers.ofString());
        share("the link id as a token on the member API (/api/albums)", memberApi.statusCode(), memberApi.statusCode() / 100 == 2);
        HttpResponse<String> climb = api("/api/shared/" + id + "/../../albums/Parents%20Only/photos", null);
        share("a dot-segment climb from /api/shared/<id> to another album", climb.statusCode(), climb.statusCode() / 100 == 2);
        HttpResponse<String> guessed = session("Share AAAAAAAAAAAAAAAAAAAAAA");
        share("a guessed link id at /session", guessed.statusCode(), guessed.statusCode() / 100 == 2 || !guessed.headers().allValues("set-cookie").isEmpty());
        HttpResponse<String> guessedApi = api("/api/shared/AAAAAAAAAAAAAAAAAAAAAA", null);
        share("a guessed link id at /api/shared", guessedApi.statusCode(), guessedApi.statusCode() / 100 == 2);

        // Expired: made eight days ago for a week.
        ShareLinks past = new ShareLinks(dynamo, d.photoTable(), Clock.offset(Clock.systemUTC(), Duration.ofDays(-8)));
        String expired = past.create("family", "member", Duration.ofDays(7), true).id();
        HttpResponse<String> expiredSession = session("Share " + expired);
        share("an expired link at /session", expiredSession.statusCode(),
                expiredSession.statusCode() / 100 == 2 || !expiredSession.headers().allValues("set-cookie").isEmpty());
        HttpResponse<String> expiredApi = api("/api/shared/" + expired, null);
        share("an expired link at /api/shared", expiredApi.statusCode(), expiredApi.statusCode() / 100 == 2);
        assertThat(expiredApi.body()).contains("expired");

        // Revoked: another member may not; the maker may. Then the link opens nothing new.
        String other = member(cognito, "other@example.org", null);
        HttpResponse<String> notTheirs = http.send(HttpRequest.newBuilder(URI.create(edge.siteUrl() + "/api/links/" + id))
                .header("Authorization", "Bearer " + other).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        share("another member revokes someone's link", notTheirs.statusCode(), notTheirs.statusCode() / 100 == 2);
        HttpResponse<String> otherList = api("/api/links", other);
        share("another member lists someone's link", otherList.statusCode(), otherList.body().contains(id));
        HttpResponse<String> revoked = http.send(HttpRequest.newBuilder(URI.create(edge.siteUrl() + "/api/links/" + id))
                .header("Authorization", "Bearer " + t.access()).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(revoked.statusCode()).as("the maker revokes their link").isEqualTo(200);
        HttpResponse<String> revokedSession = session("Share " + id);
        share("a revoked link at /session", revokedSession.statusCode(),
                revokedSession.statusCode() / 100 == 2 || !revokedSession.headers().allValues("set-cookie").isEmpty());
        HttpResponse<String> revokedApi = api("/api/shared/" + id, null);
        share("a revoked link at /api/shared", revokedApi.statusCode(), revokedApi.statusCode() / 100 == 2);
        assertThat(revokedApi.body()).contains("revoked");
        Answer held = get(url, trio);
        attempts.add(new Attempt(KNOWN_LIMIT, "a revoked link's cookies, held from before, within their lifetime (" + COOKIE_LIFETIME.toMinutes() + " min)",
                held.status(), held.status() == 200, "known limit: no new cookie after revocation; those held run out"));
    }

    private void share(String attack, int status, boolean accepted) {
        attempts.add(new Attempt(GROUP_SHARE, attack, status, accepted, ""));
    }

    private void shareCookie(String attack, String path, String cookies) throws IOException {
        Answer r = get(path, cookies);
        attempts.add(new Attempt(GROUP_SHARE, attack, r.status(), r.status() / 100 == 2, ""));
    }

    // ---- the local user-pool proxy -------------------------------------------------------------

    /**
     * The edge's /cognito/ passes a browser's calls to the pool and nothing else: cognito-local checks no
     * credentials, so an admin call through it would be an open door. And no other site's page may use it.
     */
    private void userPoolProxy(LocalCognito cognito) throws Exception {
        UserPool pool = cognito.pool();
        String victim = "disabled@example.org";
        String poolId = pool.userPoolId();
        Map<String, String> adminCalls = new java.util.LinkedHashMap<>();
        adminCalls.put("AdminAddUserToGroup", "{\"UserPoolId\":\"" + poolId + "\",\"Username\":\"" + victim + "\",\"GroupName\":\"admins\"}");
        adminCalls.put("AdminEnableUser", "{\"UserPoolId\":\"" + poolId + "\",\"Username\":\"" + victim + "\"}");
        adminCalls.put("AdminCreateUser", "{\"UserPoolId\":\"" + poolId + "\",\"Username\":\"intruder@example.org\",\"TemporaryPassword\":\"Intruder-2024!\"}");
        adminCalls.put("AdminSetUserPassword", "{\"UserPoolId\":\"" + poolId + "\",\"Username\":\"" + pool.demoUsername()
                + "\",\"Password\":\"Taken-Over-2024!\",\"Permanent\":true}");
        adminCalls.put("AdminInitiateAuth", "{\"UserPoolId\":\"" + poolId + "\",\"ClientId\":\"" + pool.clientId()
                + "\",\"AuthFlow\":\"ADMIN_NO_SRP_AUTH\",\"AuthParameters\":{\"USERNAME\":\"" + pool.demoUsername() + "\"}}");
        adminCalls.put("AdminGetUser", "{\"UserPoolId\":\"" + poolId + "\",\"Username\":\"" + pool.demoUsername() + "\"}");
        adminCalls.put("ListUsers", "{\"UserPoolId\":\"" + poolId + "\"}");
        adminCalls.put("CreateUserPoolClient", "{\"UserPoolId\":\"" + poolId + "\",\"ClientName\":\"intruder\"}");
        adminCalls.put("DeleteUserPool", "{\"UserPoolId\":\"" + poolId + "\"}");
        for (Map.Entry<String, String> call : adminCalls.entrySet()) {
            HttpResponse<String> r = proxy("POST", "/cognito/", call.getKey(), call.getValue(), null);
            attempts.add(new Attempt(GROUP_PROXY, call.getKey() + " through /cognito/ without credentials", r.statusCode(),
                    r.statusCode() / 100 == 2, ""));
        }
        HttpResponse<String> jwksPath = proxy("GET", "/cognito/" + poolId + "/.well-known/openid-configuration", null, null, null);
        attempts.add(new Attempt(GROUP_PROXY, "GET of another cognito-local path through /cognito/", jwksPath.statusCode(),
                jwksPath.statusCode() / 100 == 2, ""));
        HttpResponse<String> preflight = proxy("OPTIONS", "/cognito/", "InitiateAuth", null, "https://evil.example");
        attempts.add(new Attempt(GROUP_PROXY, "CORS preflight from another site's page", preflight.statusCode(),
                preflight.headers().firstValue("access-control-allow-origin").isPresent(), ""));
        HttpResponse<String> crossOrigin = proxy("POST", "/cognito/", "InitiateAuth", "{\"ClientId\":\"" + pool.clientId()
                + "\",\"AuthFlow\":\"USER_PASSWORD_AUTH\",\"AuthParameters\":{\"USERNAME\":\"x@example.org\",\"PASSWORD\":\"x\"}}",
                "https://evil.example");
        attempts.add(new Attempt(GROUP_PROXY, "sign-in call from another site's page (readable answer = CORS header)", crossOrigin.statusCode(),
                crossOrigin.headers().firstValue("access-control-allow-origin").isPresent(), ""));
        // Nothing above changed the pool: the victim is still disabled and in no group.
        assertThat(cognito.client().adminGetUser(r -> r.userPoolId(poolId).username(victim)).enabled()).as("the disabled member stays disabled").isFalse();
        assertThat(cognito.client().adminListGroupsForUser(r -> r.userPoolId(poolId).username(victim)).groups()).as("the victim's groups").isEmpty();
    }

    private HttpResponse<String> proxy(String method, String path, String target, String body, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(edge.siteUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            b.header(method.equals("OPTIONS") ? "Access-Control-Request-Headers" : "X-Amz-Target",
                    method.equals("OPTIONS") ? "x-amz-target,content-type" : "AWSCognitoIdentityProviderService." + target);
            b.header("Content-Type", "application/x-amz-json-1.1");
        }
        if (origin != null) b.header("Origin", origin);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- without the edge ----------------------------------------------------------------------

    private void straightToTheBuckets(Deployment d, byte[] original) {
        String s3 = d.endpoints().s3().toString();
        raw("anonymous GET of an original on the S3 endpoint", s3 + "/" + d.originalsBucket() + "/" + PHOTO, "GET");
        raw("anonymous GET of a rendition on the S3 endpoint", s3 + "/" + d.derivedBucket() + "/" + RENDITION, "GET");
        raw("anonymous LIST of the originals bucket", s3 + "/" + d.originalsBucket() + "?list-type=2", "GET");
        raw("anonymous PUT into the originals bucket", s3 + "/" + d.originalsBucket() + "/photos/family/planted.jpg", "PUT");
        sdk("SDK with anonymous credentials reads an original", d, AnonymousCredentialsProvider.create(), c ->
                c.getObjectAsBytes(g -> g.bucket(d.originalsBucket()).key(PHOTO)).asByteArray().length == original.length);
        sdk("SDK signing with a wrong secret reads an original", d,
                StaticCredentialsProvider.create(AwsBasicCredentials.create(LocalStack.ACCESS_KEY_ID, "not-the-secret")), c ->
                c.getObjectAsBytes(g -> g.bucket(d.originalsBucket()).key(PHOTO)).asByteArray().length == original.length);
        try (var sqs = software.amazon.awssdk.services.sqs.SqsClient.builder().region(Region.of(d.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("nobody", "wrong")))
                .httpClientBuilder(ApacheHttpClient.builder()).endpointOverride(d.endpoints().sqs()).build()) {
            localOnly.add(List.of("SQS (ElasticMQ) with made-up credentials: list queues",
                    outcome(() -> sqs.listQueues().queueUrls().size() + " queues listed")));
        }
        try (var dynamo = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder().region(Region.of(d.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("nobody", "wrong")))
                .httpClientBuilder(ApacheHttpClient.builder()).endpointOverride(d.endpoints().dynamodb()).build()) {
            localOnly.add(List.of("DynamoDB Local with made-up credentials: list tables",
                    outcome(() -> dynamo.listTables().tableNames().size() + " tables listed")));
        }
    }

    private static String outcome(java.util.function.Supplier<String> call) {
        try {
            return "answered: " + call.get();
        } catch (RuntimeException e) {
            return "refused: " + e.getMessage();
        }
    }

    private void raw(String attack, String url, String method) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                    .method(method, method.equals("PUT") ? HttpRequest.BodyPublishers.ofString("planted") : HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            attempts.add(new Attempt("without the edge", attack, r.statusCode(), r.statusCode() / 100 == 2, ""));
        } catch (IOException | InterruptedException e) {
            attempts.add(new Attempt("without the edge", attack, 0, false, "connection refused: " + e));
        }
    }

    private void sdk(String attack, Deployment d, software.amazon.awssdk.auth.credentials.AwsCredentialsProvider creds,
                     java.util.function.Predicate<S3Client> call) {
        try (S3Client c = S3Client.builder().region(Region.of(d.region())).credentialsProvider(creds)
                .httpClientBuilder(ApacheHttpClient.builder()).endpointOverride(d.endpoints().s3()).forcePathStyle(true).build()) {
            boolean got = call.test(c);
            attempts.add(new Attempt("without the edge", attack, 200, got, ""));
        } catch (S3Exception e) {
            attempts.add(new Attempt("without the edge", attack, e.statusCode(), false, e.awsErrorDetails().errorCode()));
        }
    }

    // ---- figure --------------------------------------------------------------------------------

    private void publishAndAssert() {
        List<Attempt> forgeries = attempts.stream().filter(a -> !a.group().equals(KNOWN_LIMIT)).toList();
        long accepted = forgeries.stream().filter(Attempt::accepted).count();
        Figures f = new Figures("auth", "Auth: token and cookie attacks");
        f.paragraph("Against the local edge (CloudFront's paths and signed-cookie checks), the real signer (`SessionHandler`, cookie "
                + "lifetime " + COOKIE_LIFETIME.toMinutes() + " min), cognito-local (the npm package, a real user pool with the demo "
                + "user, behind the local stack's `CognitoGate`), the real api (`ApiHandler`) and S3Proxy. The signer and api check "
                + "each token's user with the pool (GetUser), keeping the answer " + USER_CHECK_TTL.toSeconds() + " s here (`USER_CHECK_TTL`, "
                + "default and most 1 min). *Accepted* = the signer issued cookies (2xx or any Set-Cookie), the api or the edge "
                + "answered 2xx, the pool answered a sign-in, refresh or call, an odd path answered a 5xx or an internal message, "
                + "a cross-origin page could read the proxy's answer (a CORS header), or the bucket answered 2xx.");
        List<List<String>> summary = new ArrayList<>();
        for (String group : GROUPS) {
            List<Attempt> g = forgeries.stream().filter(a -> a.group().equals(group)).toList();
            summary.add(List.of(group, String.valueOf(g.size()), String.valueOf(g.stream().filter(Attempt::accepted).count())));
        }
        summary.add(List.of("**all attacks**", String.valueOf(forgeries.size()), String.valueOf(accepted)));
        f.table(List.of("group", "attempts", "accepted"), summary);
        f.heading("Known limits (reported, not counted)");
        List<List<String>> replay = new ArrayList<>();
        for (Attempt a : attempts) if (a.group().equals(KNOWN_LIMIT)) replay.add(List.of(a.attack(), String.valueOf(a.status()), a.accepted() ? "yes" : "no", a.note()));
        f.table(List.of("attempt", "status", "accepted", "note"), replay);
        f.paragraph("CloudFront signed cookies are bearer credentials checked against the policy's own expiry; there is no "
                + "per-session revocation at the edge. Sign-out (`DELETE /session`) expires them in the browser, so a copy taken "
                + "before sign-out (e.g. from a shared machine's memory or a proxy log) opens the same prefix until the policy "
                + "expires, at most COOKIE_LIFETIME (default 10 min, 1 min..12 h) or the token's own expiry, whichever comes first. "
                + "The same bound holds for a disabled or removed user's cookies: no new ones are issued, those held run out. "
                + "Keeping COOKIE_LIFETIME short bounds it; rotating the signing key (`KeyFolder.rotate` then dropping the old key "
                + "from the key group) revokes every outstanding cookie.");
        f.paragraph("Requests that reached the resizer origin during the cookie attacks: " + resizerReachedByAttacks + ". "
                + "Straight to the resizer: locally it has no listener (it runs in-process behind the edge), so there is nothing "
                + "to call; in AWS its function URL has auth type AWS_IAM and only CloudFront's Origin Access Control signs "
                + "requests to it (infra `GalleryStack`), which this suite cannot exercise.");
        f.heading("Local stack only: services that do not check credentials");
        f.paragraph("Not doors of the gallery (in AWS, SQS and DynamoDB require IAM-signed requests); the emulators listen on "
                + "127.0.0.1 only. Reported, not counted.");
        f.table(List.of("request", "outcome"), localOnly);
        f.heading("Every attempt");
        List<List<String>> rows = new ArrayList<>();
        for (Attempt a : attempts) rows.add(List.of(a.group(), a.attack(), a.status() == 0 ? "-" : String.valueOf(a.status()), a.accepted() ? "**yes**" : "no", a.note()));
        f.table(List.of("group", "attack", "status", "accepted", "note"), rows);
        f.publish();

        assertThat(forgeries.stream().filter(Attempt::accepted).map(Attempt::attack).toList()).as("attacks that got in").isEmpty();
        assertThat(forgeries).hasSizeGreaterThanOrEqualTo(40);
        assertThat(resizerReachedByAttacks).as("requests that reached the resizer without valid cookies").isZero();
    }
}
