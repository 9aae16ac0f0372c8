package gallery.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in user pool for tests: an RSA key, a JWKS served over HTTP on 127.0.0.1, and tokens
 * shaped like Cognito's (claims as in the Cognito developer guide). Also mints the forgeries the
 * verifier must refuse. Not a fake of Cognito's API: only the two public artefacts a verifier sees.
 */
public final class TestIssuer implements AutoCloseable {
    public static final String CLIENT_ID = "testclient123";
    private final HttpServer server;
    private final List<RSAKey> published = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    public final RSAKey key;
    public final String issuer;
    public final URI jwksUrl;

    public TestIssuer() throws Exception {
        key = newKey();
        published.add(key);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body;
            synchronized (published) {
                body = new JWKSet(published.stream().map(k -> (com.nimbusds.jose.jwk.JWK) k.toPublicJWK()).toList())
                        .toString().getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        issuer = base + "/local_TestPool";
        jwksUrl = URI.create(issuer + "/.well-known/jwks.json");
    }

    public static RSAKey newKey() throws Exception {
        return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).keyUse(KeyUse.SIGNATURE).generate();
    }

    public CognitoConfig config() {
        return new CognitoConfig(issuer, jwksUrl, CLIENT_ID);
    }

    public void publish(RSAKey extra) {
        synchronized (published) {
            published.add(extra);
        }
    }

    public int jwksRequests() {
        return requests.get();
    }

    /** Claims of a Cognito access token for user {@code alice} in group {@code admins}, valid for an hour. */
    public JWTClaimsSet.Builder accessClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .subject("5b2f1a3e-0000-4000-8000-000000000001")
                .issuer(issuer)
                .claim("token_use", "access")
                .claim("client_id", CLIENT_ID)
                .claim("username", "alice")
                .claim("scope", "aws.cognito.signin.user.admin")
                .claim("cognito:groups", List.of("admins"))
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .claim("auth_time", now.getEpochSecond())
                .expirationTime(Date.from(now.plusSeconds(3600)));
    }

    public String sign(JWTClaimsSet claims) throws Exception {
        return sign(key, claims);
    }

    public String sign(RSAKey with, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(with));
        return jwt.serialize();
    }

    public String accessToken() throws Exception {
        return sign(accessClaims().build());
    }

    /** An unsecured token: header {@code {"alg":"none"}}, empty signature. */
    public String unsigned(JWTClaimsSet claims) {
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}").toString();
        return header + "." + Base64URL.encode(claims.toString()) + ".";
    }

    /** The classic confusion attack: HS256 with the RSA public key's bytes as the HMAC secret. */
    public String hs256WithPublicKey(JWTClaimsSet claims) throws Exception {
        byte[] secret = key.toRSAPublicKey().getEncoded();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
