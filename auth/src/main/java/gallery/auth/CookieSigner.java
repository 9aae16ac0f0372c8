package gallery.auth;

import gallery.core.edge.AccessLabels;
import gallery.core.routes.Route;
import gallery.core.routes.Routes;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;
import software.amazon.awssdk.services.cloudfront.cookie.CookiesForCustomPolicy;
import software.amazon.awssdk.services.cloudfront.model.CustomSignerRequest;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Issues CloudFront signed cookies (custom policy, made by the AWS SDK's {@link CloudFrontUtilities}).
 * <p>
 * A custom policy holds one statement with one {@code Resource}, and one wildcard covering all
 * three protected prefixes would be {@code https://site/*}, the whole site. Instead each protected
 * route gets its own policy ({@code https://site/renditions/*}, ...) in its own cookie trio scoped
 * with {@code Path=/renditions/}: the browser sends each request exactly the trio for its prefix,
 * nothing to the API or the web UI, and no policy grants more than one protected prefix.
 * Cookies are session cookies (no Max-Age/Expires): the policy's {@code DateLessThan} is the limit.
 * See https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-setting-signed-cookie-custom-policy.html
 */
public final class CookieSigner {
    public static final String POLICY = "CloudFront-Policy";
    public static final String SIGNATURE = "CloudFront-Signature";
    public static final String KEY_PAIR_ID = "CloudFront-Key-Pair-Id";
    private static final String ATTRIBUTES = "; Secure; HttpOnly; SameSite=Strict";
    private static final String EXPIRED = "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";

    private final SigningKeys keys;
    private final String siteUrl;
    private final List<Route> routes;
    private final CloudFrontUtilities cloudFront = CloudFrontUtilities.create();

    /** @param siteUrl the distribution's origin as the browser sees it, e.g. {@code https://photos.example.org} */
    public CookieSigner(SigningKeys keys, String siteUrl) {
        this(keys, siteUrl, Routes.protectedRoutes());
    }

    CookieSigner(SigningKeys keys, String siteUrl, List<Route> protectedRoutes) {
        this.keys = keys;
        this.siteUrl = normalizeSiteUrl(siteUrl);
        this.routes = List.copyOf(protectedRoutes);
    }

    /** {@code scheme://host[:port]} without a trailing slash; anything else is a configuration error. */
    public static String normalizeSiteUrl(String siteUrl) {
        URI u;
        try {
            u = URI.create(siteUrl.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("site URL '" + siteUrl + "' is not a URL", e);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || u.getHost() == null) {
            throw new IllegalArgumentException("site URL '" + siteUrl + "' must be http(s)://host[:port]");
        }
        if (u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/") || u.getRawQuery() != null) {
            throw new IllegalArgumentException("site URL '" + siteUrl + "' must not have a path or query: the policy covers paths of the site root");
        }
        return scheme + "://" + u.getRawAuthority().toLowerCase(Locale.ROOT);
    }

    public String siteUrl() {
        return siteUrl;
    }

    /** {@code Set-Cookie} values granting every protected route of albums for everyone until {@code expires}. */
    public List<String> issue(Instant expires) {
        return issue(expires, List.of(AccessLabels.EVERYONE), routes);
    }

    /**
     * One cookie trio per protected route and access label ({@link AccessLabels}): policy {@code Resource}
     * {@code <site>/renditions/<label>/*} with {@code Path=/renditions/<label>/}, and so on. A browser holds
     * them all and sends each request the one trio whose path it is under.
     *
     * @param routes the protected routes to grant (a share link without downloads leaves out {@code /photos/})
     */
    public List<String> issue(Instant expires, Collection<String> labels, Collection<Route> routes) {
        SigningKey key = keys.current();
        List<String> cookies = new ArrayList<>();
        for (String label : labels) {
            for (Route route : routes) {
                String path = route.protectedPrefix() + label + "/";
                String resource = siteUrl + path + "*";
                CustomSignerRequest request = CustomSignerRequest.builder()
                        .resourceUrl(resource)
                        .resourceUrlPattern(resource)
                        .privateKey(key.privateKey())
                        .keyPairId(key.keyId())
                        .expirationDate(expires)
                        .build();
                CookiesForCustomPolicy signed = cloudFront.getCookiesForCustomPolicy(request);
                String attributes = "; Path=" + path + ATTRIBUTES;
                cookies.add(signed.policyHeaderValue() + attributes);
                cookies.add(signed.signatureHeaderValue() + attributes);
                cookies.add(signed.keyPairIdHeaderValue() + attributes);
            }
        }
        return cookies;
    }

    /** {@code Set-Cookie} values that make the browser drop the cookies {@link #issue(Instant)} set. */
    public List<String> clear() {
        return clear(List.of(AccessLabels.EVERYONE));
    }

    /** {@code Set-Cookie} values that make the browser drop every cookie issued for these labels. */
    public List<String> clear(Collection<String> labels) {
        List<String> cookies = new ArrayList<>();
        for (String label : labels) {
            for (Route route : routes) {
                for (String name : List.of(POLICY, SIGNATURE, KEY_PAIR_ID)) {
                    cookies.add(name + "=; Path=" + route.protectedPrefix() + label + "/" + EXPIRED + ATTRIBUTES);
                }
            }
        }
        return cookies;
    }
}
