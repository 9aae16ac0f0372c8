package gallery.api;

import gallery.auth.CognitoConfig;
import gallery.core.config.Env;

import java.util.Objects;

/**
 * The gallery API's settings, read once at start-up.
 *
 * @param table       the photo index table ({@code PHOTO_TABLE})
 * @param cognito     whose access tokens are accepted ({@code COGNITO_ISSUER}, {@code COGNITO_JWKS_URL}, {@code COGNITO_CLIENT_ID})
 * @param adminGroup  the Cognito group whose members may list failed photos ({@code ADMIN_GROUP}, default {@code admins})
 * @param showGps     whether photo details include where they were taken ({@code SHOW_GPS}, default false:
 *                    a family's home is in most of its photos, and a shared link should not give it away)
 * @param pageSize    photos per page when the request does not say ({@code PAGE_SIZE}, default 60)
 * @param maxPageSize the most a request may ask for ({@code MAX_PAGE_SIZE}, default 200)
 */
public record ApiConfig(String table, CognitoConfig cognito, String adminGroup, boolean showGps, int pageSize, int maxPageSize) {
    public static final String DEFAULT_ADMIN_GROUP = "admins";
    public static final int DEFAULT_PAGE_SIZE = 60;
    public static final int DEFAULT_MAX_PAGE_SIZE = 200;

    public ApiConfig {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(cognito, "cognito");
        Objects.requireNonNull(adminGroup, "adminGroup");
        if (maxPageSize < 1 || pageSize < 1 || pageSize > maxPageSize) {
            throw new IllegalArgumentException("page sizes must satisfy 1 <= pageSize <= maxPageSize, got " + pageSize + " and " + maxPageSize);
        }
    }

    public static ApiConfig fromEnv(Env env) {
        String table = env.required("PHOTO_TABLE", "the DynamoDB photo index table name");
        CognitoConfig cognito = CognitoConfig.read(env);
        String adminGroup = env.string("ADMIN_GROUP", DEFAULT_ADMIN_GROUP);
        boolean showGps = env.flag("SHOW_GPS", false);
        // The index answers at most 500 items per query; a larger page would silently come back short.
        int max = env.integer("MAX_PAGE_SIZE", DEFAULT_MAX_PAGE_SIZE, 1, 500);
        int size = env.integer("PAGE_SIZE", Math.min(DEFAULT_PAGE_SIZE, max), 1, 500);
        if (size > max) env.problem("PAGE_SIZE=" + size + " is larger than MAX_PAGE_SIZE=" + max);
        env.validate();
        return new ApiConfig(table, cognito, adminGroup, showGps, size, max);
    }
}
