package gallery.core.routes;

import java.util.Objects;

/**
 * One behaviour of the distribution, as plain data for the CDK stack and the local edge.
 *
 * @param pathPattern   CloudFront path pattern; {@code *} for the default behaviour
 * @param origin        what answers
 * @param signedCookies true when CloudFront must see valid signed cookies (trusted key group) first
 * @param methods       the methods CloudFront passes on; others get 403 from the edge
 * @param cache         what is cached, for how long, and what is in the cache key
 */
public record Route(String pathPattern, OriginKind origin, boolean signedCookies, AllowedMethods methods, CachePolicy cache) {
    public Route {
        Objects.requireNonNull(pathPattern, "pathPattern");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(methods, "methods");
        Objects.requireNonNull(cache, "cache");
        if (pathPattern.isEmpty()) throw new IllegalArgumentException("a route needs a path pattern");
    }

    public boolean isDefault() {
        return pathPattern.equals("*");
    }

    public boolean matches(String path) {
        return PathPattern.matches(pathPattern, path);
    }

    /**
     * The cookie {@code Path} and the policy {@code Resource} suffix of a protected route:
     * {@code /renditions/*} gives {@code /renditions/}. Only prefix patterns can be protected,
     * because a browser scopes cookies by path prefix.
     */
    public String protectedPrefix() {
        if (!signedCookies) throw new IllegalStateException(pathPattern + " is not a protected route");
        return pathPattern.substring(0, pathPattern.length() - 1);
    }
}
