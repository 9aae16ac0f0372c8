package gallery.signer;

import gallery.auth.CognitoConfig;
import gallery.auth.CookieSigner;
import gallery.core.config.Env;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The signer's settings, read once at start-up.
 *
 * @param cognito        whose tokens are accepted
 * @param siteUrl        the distribution's origin ({@code SITE_URL}); cookie policies cover its protected prefixes
 * @param cookieLifetime the longest a cookie policy lives ({@code COOKIE_LIFETIME}, default 10m); never past the token's expiry
 * @param keyParameter  {@code SIGNING_KEY_PARAMETER}: the key's SecureString parameter in Parameter Store (AWS)
 * @param keyFile        {@code SIGNING_KEY_FILE}: the key as a PEM file (local stack), with {@code keyId}
 * @param keyId          {@code SIGNING_KEY_ID}: the CloudFront public-key id of {@code keyFile}
 * @param photoTable     {@code PHOTO_TABLE}: the album rules and share links; without it a session opens albums
 *                       for everyone only and no share link (tests)
 * @param adminGroup     {@code ADMIN_GROUP}: whose members get every album's cookies
 */
public record SignerConfig(CognitoConfig cognito, String siteUrl, Duration cookieLifetime,
                           Optional<String> keyParameter, Optional<Path> keyFile, Optional<String> keyId,
                           Optional<String> photoTable, String adminGroup) {
    public SignerConfig(CognitoConfig cognito, String siteUrl, Duration cookieLifetime,
                        Optional<String> keyParameter, Optional<Path> keyFile, Optional<String> keyId) {
        this(cognito, siteUrl, cookieLifetime, keyParameter, keyFile, keyId, Optional.empty(), "admins");
    }

    /** Short, because a cookie cannot be revoked at the edge: a revoked user keeps photo access at most this long. The browser renews silently. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(10);
    public static final String SITE_URL = "SITE_URL";
    public static final String COOKIE_LIFETIME = "COOKIE_LIFETIME";
    public static final String SIGNING_KEY_PARAMETER = "SIGNING_KEY_PARAMETER";
    public static final String SIGNING_KEY_FILE = "SIGNING_KEY_FILE";
    public static final String SIGNING_KEY_ID = "SIGNING_KEY_ID";
    public static final String ADMIN_GROUP = "ADMIN_GROUP";

    /**
     * The signer's environment in AWS: whose tokens ({@code CognitoConfig.environment}), the site, the key's
     * parameter. COOKIE_LIFETIME is left to {@link #DEFAULT_LIFETIME}: a revoked user's cookies run out within it.
     */
    public static Map<String, String> environment(Map<String, String> cognito, String siteUrl, String keyParameter,
                                                  String photoTable, String adminGroup) {
        Map<String, String> env = common(cognito, siteUrl);
        env.put(gallery.core.config.GalleryData.PHOTO_TABLE, photoTable);
        env.put(ADMIN_GROUP, adminGroup);
        env.put(SIGNING_KEY_PARAMETER, keyParameter);
        return env;
    }

    /** The signer's environment on the local stack: the key is a PEM file and its CloudFront key id. */
    public static Map<String, String> localEnvironment(Map<String, String> cognito, String siteUrl, Path keyFile, String keyId) {
        Map<String, String> env = common(cognito, siteUrl);
        env.put(SIGNING_KEY_FILE, keyFile.toString());
        env.put(SIGNING_KEY_ID, keyId);
        return env;
    }

    private static Map<String, String> common(Map<String, String> cognito, String siteUrl) {
        Map<String, String> env = new LinkedHashMap<>(cognito);
        env.put(SITE_URL, siteUrl);
        return env;
    }

    public static SignerConfig fromEnv(Env env) {
        CognitoConfig cognito = CognitoConfig.read(env);
        String site = env.required(SITE_URL, "the site's origin as browsers see it, e.g. https://photos.example.org");
        if (!site.isEmpty()) {
            try {
                site = CookieSigner.normalizeSiteUrl(site);
            } catch (IllegalArgumentException e) {
                env.problem(SITE_URL + "=" + site + ": " + e.getMessage());
            }
        }
        Duration lifetime = env.duration(COOKIE_LIFETIME, DEFAULT_LIFETIME, Duration.ofMinutes(1), Duration.ofHours(12));
        Optional<String> parameter = env.optional(SIGNING_KEY_PARAMETER);
        Optional<Path> file = env.path(SIGNING_KEY_FILE);
        Optional<String> id = env.optional(SIGNING_KEY_ID);
        if (parameter.isPresent() == file.isPresent()) {
            env.problem("set exactly one of SIGNING_KEY_PARAMETER (AWS: a SecureString parameter {\"keyId\",\"privateKey\"}) "
                    + "or SIGNING_KEY_FILE (local: a PEM file, with SIGNING_KEY_ID)");
        }
        if (file.isPresent() && id.isEmpty()) env.problem("SIGNING_KEY_ID is not set: expected the key id of SIGNING_KEY_FILE");
        Optional<String> table = env.optional(gallery.core.config.GalleryData.PHOTO_TABLE);
        String adminGroup = env.string(ADMIN_GROUP, "admins");
        env.validate();
        return new SignerConfig(cognito, site, lifetime, parameter, file, id, table, adminGroup);
    }
}
