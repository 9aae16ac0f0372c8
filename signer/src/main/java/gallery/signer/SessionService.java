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
import java.util.Optional;
import java.util.Set;
import gallery.core.edge.AccessLabels;
import gallery.core.routes.Route;
import gallery.core.routes.Routes;
import gallery.index.ShareLink;

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
    private final SessionAccess access;

    /** {@code Authorization: Share <link id>}: a share link's cookies, for a browser without an account. */
    public static final String SHARE_SCHEME = "Share ";

    /** An HTTP answer: status, headers, and the {@code Set-Cookie} values. */
    public record Reply(int status, Map<String, String> headers, List<String> cookies, String body) {
    }

    public SessionService(Authenticator tokens, CookieSigner cookies, Duration lifetime, Clock clock) {
        this(tokens, cookies, lifetime, clock, SessionAccess.EVERYONE_ONLY);
    }

    public SessionService(Authenticator tokens, CookieSigner cookies, Duration lifetime, Clock clock, SessionAccess access) {
        this.tokens = tokens;
        this.cookies = cookies;
        this.lifetime = lifetime;
        this.clock = clock;
        this.access = access;
    }

    /** {@code POST /session}: 204 with cookies for a valid access token, 401 and no cookie otherwise. */
    public Reply open(String authorization) {
        if (authorization != null && authorization.regionMatches(true, 0, SHARE_SCHEME, 0, SHARE_SCHEME.length())) {
            return openShare(authorization.substring(SHARE_SCHEME.length()).trim());
        }
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
        Set<String> labels = access.labelsFor(caller);
        LOG.info("session opened for {} until {}, {} access labels", caller.username(), expires, labels.size());
        // The cookies are HttpOnly, so the UI learns when to renew from this header (web/src/session.ts).
        return new Reply(204, Map.of("Cache-Control", "no-store", "X-Session-Expires-At", expires.toString()),
                cookies.issue(expires, labels, Routes.protectedRoutes()), null);
    }

    /**
     * A share link's session: cookies for its album's share label only ({@link AccessLabels#forShare}), without
     * {@code /photos/} unless the link allows downloads, for one cookie lifetime at most and never past the link's
     * expiry. Each renewal reads the link again, so a revoked link stops within one cookie lifetime.
     */
    private Reply openShare(String id) {
        Optional<ShareLink> found = access.link(id);
        if (found.isEmpty()) {
            LOG.info("share session refused: no such link");
            return shareError(404, "this link does not exist");
        }
        ShareLink link = found.get();
        Instant now = clock.instant();
        switch (link.state(now)) {
            case EXPIRED -> {
                LOG.info("share session refused: link {} expired at {}", link.shortId(), link.expiresAt());
                return shareError(410, "this link has expired");
            }
            case REVOKED -> {
                LOG.info("share session refused: link {} was revoked at {}", link.shortId(), link.revokedAt());
                return shareError(410, "this link was revoked");
            }
            case OPEN -> {
            }
        }
        Instant cap = now.plus(lifetime);
        Instant expires = link.expiresAt().isBefore(cap) ? link.expiresAt() : cap;
        List<Route> routes = Routes.protectedRoutes().stream().filter(r -> link.downloads() || r != Routes.PHOTOS).toList();
        LOG.info("share session opened for link {} until {}", link.shortId(), expires);
        return new Reply(204, Map.of("Cache-Control", "no-store", "X-Session-Expires-At", expires.toString()),
                cookies.issue(expires, List.of(AccessLabels.forShare(link.album())), routes), null);
    }

    private static Reply shareError(int status, String message) {
        return new Reply(status, Map.of("Cache-Control", "no-store", "Content-Type", "application/json"), List.of(),
                gallery.core.Json.write(Map.of("error", message)));
    }

    /** {@code DELETE /session}: clears the cookies of every member label; needs no token, it only takes access away. */
    public Reply close() {
        return new Reply(204, Map.of("Cache-Control", "no-store"), cookies.clear(access.allLabels()), null);
    }
}
