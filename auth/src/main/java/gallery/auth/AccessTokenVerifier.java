package gallery.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Verifies Cognito access tokens itself, so whatever sits in front (CloudFront, a function URL, the
 * local edge) need not be trusted: RS256 with a key from the pool's JWKS (no other algorithm, so
 * neither {@code alg: none} nor an HS256 token "signed" with the public key passes), the exact
 * issuer, {@code token_use = access} (an ID token is refused), {@code client_id} of our app client,
 * and {@code exp} / {@code iat} within a small clock skew.
 * See https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
 * <p>
 * Thread-safe; build one per process and keep it (it caches the JWKS).
 */
public final class AccessTokenVerifier {
    private final CognitoConfig config;
    private final Clock clock;
    private final JwksCache jwks;

    public AccessTokenVerifier(CognitoConfig config) {
        this(config, Clock.systemUTC());
    }

    public AccessTokenVerifier(CognitoConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.jwks = new JwksCache(config.jwksUrl(), config.jwksTtl(), config.jwksMinRefetch(), clock);
    }

    /** Verifies an {@code Authorization} header value of the form {@code Bearer <token>}. */
    public Caller verifyBearer(String authorization) throws InvalidTokenException {
        return verify(bearerToken(authorization));
    }

    /** The token of an {@code Authorization: Bearer <token>} header value. */
    public static String bearerToken(String authorization) throws InvalidTokenException {
        if (authorization == null || authorization.isBlank()) throw new InvalidTokenException("no Authorization header");
        String value = authorization.trim();
        if (value.length() < 7 || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            throw new InvalidTokenException("Authorization header is not 'Bearer <token>'");
        }
        return value.substring(7).trim();
    }

    public Caller verify(String token) throws InvalidTokenException {
        SignedJWT jwt;
        try {
            // SignedJWT.parse refuses unsecured (alg: none) tokens: they have no signature part to parse.
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new InvalidTokenException("not a signed JWT: " + e.getMessage(), e);
        }
        JWSHeader header = jwt.getHeader();
        if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
            throw new InvalidTokenException("token algorithm is " + header.getAlgorithm() + ", only RS256 is accepted");
        }
        if (header.getKeyID() == null) throw new InvalidTokenException("token header has no kid");
        RSAKey key = key(header.getKeyID());
        try {
            if (!jwt.verify(new RSASSAVerifier(key))) {
                throw new InvalidTokenException("token signature does not verify with key " + header.getKeyID());
            }
        } catch (JOSEException e) {
            throw new InvalidTokenException("cannot verify token signature: " + e.getMessage(), e);
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidTokenException("token claims are not JSON: " + e.getMessage(), e);
        }
        return check(claims);
    }

    private RSAKey key(String kid) throws InvalidTokenException {
        JWKSelector selector = new JWKSelector(new JWKMatcher.Builder()
                .keyID(kid).keyType(KeyType.RSA).keyUses(KeyUse.SIGNATURE, null).build());
        List<JWK> found;
        try {
            found = jwks.get(selector, null);
        } catch (Exception e) {
            throw new InvalidTokenException("cannot get the user pool's keys: " + e.getMessage(), e);
        }
        if (found.isEmpty()) throw new InvalidTokenException("no key with kid " + kid + " in " + config.jwksUrl());
        return found.getFirst().toRSAKey();
    }

    private Caller check(JWTClaimsSet claims) throws InvalidTokenException {
        Instant now = clock.instant();
        if (!config.issuer().equals(claims.getIssuer())) {
            throw new InvalidTokenException("token issuer is " + claims.getIssuer() + ", expected " + config.issuer());
        }
        String tokenUse = string(claims, "token_use");
        if (!"access".equals(tokenUse)) {
            throw new InvalidTokenException("token_use is " + tokenUse + ", expected access");
        }
        String clientId = string(claims, "client_id");
        if (!config.clientId().equals(clientId)) {
            throw new InvalidTokenException("token client_id is " + clientId + ", expected " + config.clientId());
        }
        if (claims.getExpirationTime() == null) throw new InvalidTokenException("token has no exp");
        Instant exp = claims.getExpirationTime().toInstant();
        if (!now.isBefore(exp.plus(config.clockSkew()))) {
            throw new InvalidTokenException("token expired at " + exp);
        }
        if (claims.getIssueTime() != null && claims.getIssueTime().toInstant().isAfter(now.plus(config.clockSkew()))) {
            throw new InvalidTokenException("token issued in the future at " + claims.getIssueTime().toInstant());
        }
        String sub = claims.getSubject();
        if (sub == null || sub.isBlank()) throw new InvalidTokenException("token has no sub");
        String username = string(claims, "username");
        if (username == null) username = string(claims, "cognito:username");
        if (username == null) username = sub;
        Set<String> groups = new HashSet<>();
        try {
            List<String> g = claims.getStringListClaim("cognito:groups");
            if (g != null) groups.addAll(g);
        } catch (ParseException e) {
            throw new InvalidTokenException("cognito:groups is not a list of strings", e);
        }
        return new Caller(username, sub, groups, clientId, exp);
    }

    private static String string(JWTClaimsSet claims, String name) throws InvalidTokenException {
        try {
            return claims.getStringClaim(name);
        } catch (ParseException e) {
            throw new InvalidTokenException(name + " is not a string", e);
        }
    }

    URI jwksUrl() {
        return config.jwksUrl();
    }

    int jwksFetches() {
        return jwks.fetches();
    }
}
