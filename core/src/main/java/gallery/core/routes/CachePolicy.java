package gallery.core.routes;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A CloudFront cache policy as plain data. TTLs follow CloudFront: with a minimum of zero, the
 * origin's {@code Cache-Control: max-age / s-maxage} wins up to {@code maxTtl}; without one,
 * {@code defaultTtl} applies; {@code no-store} and {@code private} are not cached.
 * <p>
 * The query parameters and headers listed are both the cache key and all that is forwarded to
 * the origin (a cache policy without an origin request policy). Routes that do not cache forward
 * everything but the Host header instead (CloudFront's managed AllViewerExceptHostHeader policy).
 *
 * @param acceptImageFormat the {@code Accept} header is reduced to one image format before the
 *                          cache key is made (see {@link ImageAccept}); in AWS a CloudFront Function
 *                          on viewer-request does the same, so the resizer and the cache see three
 *                          values, not every browser's Accept string
 */
public record CachePolicy(Duration defaultTtl, Duration maxTtl, List<String> queryParams, List<String> headers,
                          boolean acceptImageFormat) {
    public static final CachePolicy DISABLED = new CachePolicy(Duration.ZERO, Duration.ZERO, List.of(), List.of(), false);

    public CachePolicy {
        Objects.requireNonNull(defaultTtl, "defaultTtl");
        Objects.requireNonNull(maxTtl, "maxTtl");
        queryParams = List.copyOf(queryParams);
        headers = List.copyOf(headers);
        if (defaultTtl.isNegative() || maxTtl.compareTo(defaultTtl) < 0) {
            throw new IllegalArgumentException("cache TTLs must satisfy 0 <= defaultTtl <= maxTtl, got " + defaultTtl + " and " + maxTtl);
        }
    }

    public boolean caches() {
        return !maxTtl.isZero();
    }
}
