package gallery.auth;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The user pool's signing keys, fetched once and kept for {@code ttl}. A token naming a key we do
 * not hold (Cognito rotated) triggers a refetch, but at most once per {@code minRefetch}: a stream
 * of tokens with made-up {@code kid}s costs one request per interval, not one per token.
 * The instance lives as long as the Lambda container, so warm invocations never fetch.
 */
final class JwksCache implements JWKSource<SecurityContext> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JwksCache.class);
    private static final int MAX_BYTES = 256 * 1024;

    private final URI url;
    private final Duration ttl;
    private final Duration minRefetch;
    private final Clock clock;
    private final HttpClient http;
    private JWKSet keys;
    private Instant fetchedAt;
    private Instant lastAttempt;
    private int fetches;

    JwksCache(URI url, Duration ttl, Duration minRefetch, Clock clock) {
        this.url = url;
        this.ttl = ttl;
        this.minRefetch = minRefetch;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    }

    @Override
    public synchronized List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        Instant now = clock.instant();
        if (keys == null || now.isAfter(fetchedAt.plus(ttl))) {
            if (keys == null && lastAttempt != null && now.isBefore(lastAttempt.plus(minRefetch))) {
                throw new KeySourceException("JWKS " + url + " could not be fetched recently; not retrying before " + lastAttempt.plus(minRefetch));
            }
            if (keys == null) {
                fetch(now);
            } else {
                try {
                    fetch(now);
                } catch (KeySourceException e) {
                    // Keep verifying with the keys we hold: a JWKS outage must not log everybody out.
                    LOG.warn("keeping cached keys: {}", e.getMessage());
                }
            }
        }
        List<JWK> found = selector.select(keys);
        if (found.isEmpty() && !now.isBefore(lastAttempt.plus(minRefetch))) {
            fetch(now);
            found = selector.select(keys);
        }
        return found;
    }

    /** How many times the JWKS was requested (tests check the rate limit with it). */
    synchronized int fetches() {
        return fetches;
    }

    private void fetch(Instant now) throws KeySourceException {
        lastAttempt = now;
        fetches++;
        try {
            HttpResponse<byte[]> response = http.send(
                    HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new KeySourceException("JWKS " + url + " answered HTTP " + response.statusCode() + ", expected 200");
            }
            if (response.body().length > MAX_BYTES) {
                throw new KeySourceException("JWKS " + url + " is " + response.body().length + " bytes, more than " + MAX_BYTES);
            }
            keys = JWKSet.parse(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            fetchedAt = now;
        } catch (IOException | ParseException e) {
            throw new KeySourceException("cannot read JWKS " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeySourceException("interrupted fetching JWKS " + url, e);
        }
    }
}
