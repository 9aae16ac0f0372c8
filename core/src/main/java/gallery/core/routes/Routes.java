package gallery.core.routes;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every behaviour of the CloudFront distribution, in precedence order, default last. The CDK
 * stack builds its behaviours from {@link #ALL}; the local edge routes with {@link #match}; so the
 * two cannot drift.
 * <p>
 * No two patterns overlap (checked when this class loads and in a test): CloudFront stops at the
 * first match, so with overlapping patterns one origin's 404 would hide another behaviour. That is
 * why the signer lives at {@code /session}, not {@code /api/session} (which {@code /api/*} covers).
 */
public final class Routes {
    private static final Duration YEAR = Duration.ofDays(365);
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration SHORT = Duration.ofMinutes(1);

    public static final Route SITE_CONFIG = new Route("/config.json", OriginKind.SITE_CONFIG, false,
            AllowedMethods.GET_HEAD, new CachePolicy(SHORT, SHORT, List.of(), List.of(), false));

    public static final Route SESSION = new Route("/session", OriginKind.SIGNER, false,
            AllowedMethods.ALL, CachePolicy.DISABLED);

    public static final Route API = new Route("/api/*", OriginKind.API, false,
            AllowedMethods.ALL, CachePolicy.DISABLED);

    /** Renditions never change under a URL: the API adds {@code ?v=<version>} and {@code v} is in the key. */
    public static final Route RENDITIONS = new Route("/renditions/*", OriginKind.DERIVED_BUCKET, true,
            AllowedMethods.GET_HEAD, new CachePolicy(YEAR, YEAR, List.of("v"), List.of(), false));

    /** Originals are large, rarely fetched twice, and may be deleted: pass through, keep no copy at the edge. */
    public static final Route PHOTOS = new Route("/photos/*", OriginKind.ORIGINALS_BUCKET, true,
            AllowedMethods.GET_HEAD, CachePolicy.DISABLED);

    /** Odd sizes: one cached copy per (size, key, version, format); the format comes from Accept. */
    public static final Route RESIZE = new Route("/resize/*", OriginKind.RESIZER, true,
            AllowedMethods.GET_HEAD, new CachePolicy(YEAR, YEAR, List.of("v"), List.of("Accept"), true));

    /** The web UI: index.html says {@code max-age} short, hashed assets say a year; a day when silent. */
    public static final Route WEB = new Route("*", OriginKind.WEB, false,
            AllowedMethods.GET_HEAD, new CachePolicy(DAY, YEAR, List.of(), List.of(), false));

    /** Precedence order, default behaviour last. */
    public static final List<Route> ALL = List.of(SITE_CONFIG, SESSION, API, RENDITIONS, PHOTOS, RESIZE, WEB);

    static {
        checkNoOverlaps(ALL);
    }

    private Routes() {
    }

    /** The behaviour CloudFront picks for a path: the first match, else the default. */
    public static Route match(String path) {
        return match(ALL, path);
    }

    static Route match(List<Route> routes, String path) {
        for (Route r : routes) {
            if (r.matches(path)) return r;
        }
        throw new IllegalStateException("no route matches " + path + " and there is no default route");
    }

    /** The routes that require signed cookies: the signer scopes its policies to exactly these. */
    public static List<Route> protectedRoutes() {
        return ALL.stream().filter(Route::signedCookies).toList();
    }

    public static Route defaultRoute() {
        return ALL.getLast();
    }

    /**
     * Fails naming the first pair of non-default patterns that some path would match, a protected
     * route that is not a plain prefix, or a default route that is missing or not last.
     */
    public static void checkNoOverlaps(List<Route> routes) {
        if (routes.isEmpty() || !routes.getLast().isDefault()) {
            throw new IllegalStateException("the last route must be the default behaviour '*'");
        }
        List<Route> specific = routes.subList(0, routes.size() - 1);
        for (int i = 0; i < specific.size(); i++) {
            Route a = specific.get(i);
            if (a.isDefault()) throw new IllegalStateException("only the last route may be the default '*'");
            if (!a.pathPattern().startsWith("/")) {
                throw new IllegalStateException("path pattern " + a.pathPattern() + " must start with '/'");
            }
            if (a.signedCookies() && !isPrefixPattern(a.pathPattern())) {
                throw new IllegalStateException("protected path pattern " + a.pathPattern()
                        + " must be '/<literal prefix>/*' so cookies and policies can be scoped to it");
            }
            for (int j = i + 1; j < specific.size(); j++) {
                Route b = specific.get(j);
                if (PathPattern.overlap(a.pathPattern(), b.pathPattern())) {
                    throw new IllegalStateException("path patterns " + a.pathPattern() + " and " + b.pathPattern()
                            + " overlap: CloudFront would send every path both match to the first one only");
                }
            }
        }
    }

    public static Optional<Route> byOrigin(OriginKind origin) {
        return ALL.stream().filter(r -> r.origin() == origin).findFirst();
    }

    private static boolean isPrefixPattern(String p) {
        String prefix = p.substring(0, p.length() - 1);
        return p.endsWith("/*") && prefix.indexOf('*') < 0 && prefix.indexOf('?') < 0;
    }
}
