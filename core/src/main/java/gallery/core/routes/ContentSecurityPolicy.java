package gallery.core.routes;

/**
 * The one Content-Security-Policy of the site, sent with every response by CloudFront (infra's response
 * headers policy) and by the local edge. Strict: scripts, styles and fonts from the site only (the web
 * build emits no inline script or style, and the UI sets styles through the CSSOM, which CSP does not
 * govern); images from the site plus {@code data:}/{@code blob:} (the ThumbHash placeholders and the
 * favicon are painted in the page); requests to the site (API, session, config) and to Cognito's
 * endpoint for sign-in; no frames, plugins, base-URI changes or form posts elsewhere.
 */
public final class ContentSecurityPolicy {
    public static final String HEADER = "Content-Security-Policy";

    private ContentSecurityPolicy() {
    }

    /**
     * The policy, allowing sign-in requests to {@code cognitoOrigin} ({@code https://host}, no path), or
     * to the site only when null (the local stack proxies Cognito under {@code /cognito/}).
     */
    public static String of(String cognitoOrigin) {
        return of(cognitoOrigin, null);
    }

    /**
     * The policy, also allowing requests to {@code uploadOrigin} (the originals bucket's endpoint), where
     * the browser sends the parts of an upload by presigned URL; none when null.
     */
    public static String of(String cognitoOrigin, String uploadOrigin) {
        String connect = "'self'" + (cognitoOrigin == null ? "" : " " + cognitoOrigin) + (uploadOrigin == null ? "" : " " + uploadOrigin);
        return String.join("; ",
                "default-src 'none'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data: blob:",
                // the videos' web-playable copies under /renditions/video/
                "media-src 'self'",
                "font-src 'self'",
                "connect-src " + connect,
                "manifest-src 'self'",
                "base-uri 'none'",
                "form-action 'self'",
                "frame-ancestors 'none'",
                "object-src 'none'");
    }

    /** {@code scheme://host[:port]} of an endpoint, as a policy names an origin. */
    public static String origin(java.net.URI endpoint) {
        return endpoint.getScheme() + "://" + endpoint.getRawAuthority();
    }

    /**
     * The originals bucket's regional endpoint in AWS: presigned URLs name the bucket as a virtual host
     * ({@code https://<bucket>.s3.<region>.amazonaws.com}).
     */
    public static String bucketOrigin(String bucket, String region) {
        return "https://" + bucket + ".s3." + region + ".amazonaws.com";
    }

    /** Cognito's user-pool endpoint in a region (what amazon-cognito-identity-js calls for sign-in). */
    public static String cognitoOrigin(String region) {
        return "https://cognito-idp." + region + ".amazonaws.com";
    }
}
