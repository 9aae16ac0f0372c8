package gallery.api;

import gallery.auth.CognitoConfig;
import gallery.core.config.Env;
import gallery.core.config.GalleryData;

import java.util.LinkedHashMap;
import java.util.Map;
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
    public static final String ADMIN_GROUP = "ADMIN_GROUP";
    public static final String SHOW_GPS = "SHOW_GPS";
    public static final String PAGE_SIZE = "PAGE_SIZE";
    public static final String MAX_PAGE_SIZE = "MAX_PAGE_SIZE";

    /** The api's environment: the index, whose tokens it accepts ({@code cognito}, from {@code CognitoConfig.environment}) and the admins' group. */
    public static Map<String, String> environment(String photoTable, Map<String, String> cognito, String adminGroup) {
        Map<String, String> env = new LinkedHashMap<>(cognito);
        env.put(GalleryData.PHOTO_TABLE, photoTable);
        env.put(ADMIN_GROUP, adminGroup);
        return env;
    }

    public ApiConfig {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(cognito, "cognito");
        Objects.requireNonNull(adminGroup, "adminGroup");
        if (maxPageSize < 1 || pageSize < 1 || pageSize > maxPageSize) {
            throw new IllegalArgumentException("page sizes must satisfy 1 <= pageSize <= maxPageSize, got " + pageSize + " and " + maxPageSize);
        }
    }

    public static ApiConfig fromEnv(Env env) {
        String table = GalleryData.photoTable(env);
        CognitoConfig cognito = CognitoConfig.read(env);
        String adminGroup = env.string(ADMIN_GROUP, DEFAULT_ADMIN_GROUP);
        boolean showGps = env.flag(SHOW_GPS, false);
        // The index answers at most 500 items per query; a larger page would silently come back short.
        int max = env.integer(MAX_PAGE_SIZE, DEFAULT_MAX_PAGE_SIZE, 1, 500);
        int size = env.integer(PAGE_SIZE, Math.min(DEFAULT_PAGE_SIZE, max), 1, 500);
        if (size > max) env.problem(PAGE_SIZE + "=" + size + " is larger than " + MAX_PAGE_SIZE + "=" + max);
        env.validate();
        return new ApiConfig(table, cognito, adminGroup, showGps, size, max);
    }
}
