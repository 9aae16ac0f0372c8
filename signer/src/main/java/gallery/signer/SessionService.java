package gallery.signer;

import gallery.auth.Authenticator;
import gallery.auth.Caller;
import gallery.auth.CookieSigner;
import gallery.auth.InvalidTokenException;
import gallery.auth.UserCheckUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Opens and closes the signed-cookie session; knows nothing of Lambda. A session lives as long as
 * the configured lifetime (short: the browser renews it), and never longer than the access token it
 * was made from. Every renewal asks the user pool about the user ({@link Authenticator}), so a
 * disabled, removed or signed-out user gets no new cookie, and loses photo access within one
 * cookie lifetime.
 */
public final class SessionService {
    private static final Logger LOG = LoggerFactory.getLogger(SessionService.class);
    private final Authenticator tokens;
    private final CookieSigner cookies;
    private final Duration lifetime;
    private final Clock clock;

    /** An HTTP answer: status, headers, and the {@code Set-Cookie} values. */
    public record Reply(int status, Map<String, String> headers, List<String> cookies, String body) {
    }

    public SessionService(Authenticator tokens, CookieSigner cookies, Duration lifetime, Clock clock) {
        this.tokens = tokens;
        this.cookies = cookies;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** {@code POST /session}: 204 with cookies for a valid access token, 401 and no cookie otherwise. */
    public Reply open(String authorization) {
        Caller caller;
        try {
            caller = tokens.authenticate(authorization).caller();
        } catch (InvalidTokenException e) {
            LOG.info("session refused: {}", e.getMessage());
            return new Reply(401, Map.of("Cache-Control", "no-store", "Content-Type", "application/json",
                    "WWW-Authenticate", "Bearer error=\"invalid_token\""), List.of(), "{\"error\":\"invalid or missing access token\"}");
        } catch (UserCheckUnavailableException e) {
            return new Reply(503, Map.of("Cache-Control", "no-store", "Content-Type", "application/json", "Retry-After", "5"),
                    List.of(), "{\"error\":\"the sign-in service cannot be reached; try again shortly\"}");
        }
        Instant cap = clock.instant().plus(lifetime);
        Instant expires = caller.expiresAt().isBefore(cap) ? caller.expiresAt() : cap;
        LOG.info("session opened for {} until {}", caller.username(), expires);
        // The cookies are HttpOnly, so the UI learns when to renew from this header (web/src/session.ts).
        return new Reply(204, Map.of("Cache-Control", "no-store", "X-Session-Expires-At", expires.toString()),
                cookies.issue(expires), null);
    }

    /** {@code DELETE /session}: clears the cookies; needs no token, it only takes access away. */
    public Reply close() {
        return new Reply(204, Map.of("Cache-Control", "no-store"), cookies.clear(), null);
    }
}
