package gallery.api;

import gallery.auth.Authenticator;
import gallery.auth.Caller;
import gallery.auth.InvalidTokenException;
import gallery.auth.UserCheckUnavailableException;
import gallery.auth.UserProfile;
import gallery.core.AlbumAccess;
import gallery.core.PhotoKey;
import gallery.core.edge.AccessLabels;
import gallery.index.Page;
import gallery.index.PhotoIndex;
import gallery.index.PhotoRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The gallery API, free of Lambda types: every request's bearer token is verified here, and the user
 * checked with the pool (so the API is safe behind any front door, and a disabled user is refused at
 * once), then routed to a read of the photo index.
 */
public final class GalleryApi {
    private static final Logger LOG = LoggerFactory.getLogger(GalleryApi.class);

    /** What a route does once the caller is known. */
    private interface Action extends BiFunction<Call, Map<String, String>, ApiResponse> {
    }

    private record Call(ApiRequest request, Caller caller, UserProfile profile) {
    }

    private final PhotoIndex index;
    private final Authenticator authenticator;
    private final ApiConfig config;
    private final Router<Action> router = new Router<>();

    public GalleryApi(ApiConfig config, PhotoIndex index, Authenticator authenticator) {
        this.config = Objects.requireNonNull(config, "config");
        this.index = Objects.requireNonNull(index, "index");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        router.add("GET", "/api/me", (c, p) -> me(c))
                .add("GET", "/api/albums", (c, p) -> albums(c))
                .add("GET", "/api/albums/{album...}/photos", (c, p) -> albumPhotos(c, p.get("album")))
                .add("GET", "/api/timeline", (c, p) -> timeline(c))
                .add("GET", "/api/photos/{key...}", (c, p) -> photo(c, p.get("key")))
                .add("GET", "/api/failed", this::failed);
    }

    public ApiResponse handle(ApiRequest request) {
        // The token is checked before routing, so an anonymous caller learns nothing, not even which paths exist.
        Authenticator.Authenticated who;
        try {
            who = authenticator.authenticate(request.authorization());
        } catch (InvalidTokenException e) {
            LOG.info("{} {} refused: {}", request.method(), request.rawPath(), e.getMessage());
            return ApiResponse.error(401, "a valid access token is required (Authorization: Bearer <token>)", null);
        } catch (UserCheckUnavailableException e) {
            return ApiResponse.error(503, "the sign-in service cannot be reached; try again shortly", null);
        }
        try {
            return switch (router.route(request.method(), request.rawPath())) {
                case Router.Result.Found<Action> f ->
                        f.match().handler().apply(new Call(request, who.caller(), who.profile()), f.match().params());
                case Router.Result.WrongMethod<Action> w -> {
                    ApiResponse r = ApiResponse.error(405, request.method() + " is not allowed here: use " + String.join(", ", w.allowed()), null);
                    Map<String, String> h = new LinkedHashMap<>(r.headers());
                    h.put("Allow", String.join(", ", w.allowed()));
                    yield new ApiResponse(405, h, r.body());
                }
                case Router.Result.NotFound<Action> n -> ApiResponse.error(404, "no such API path: " + request.rawPath(), null);
            };
        } catch (ApiError e) {
            return ApiResponse.error(e.status, e.getMessage(), e.parameter);
        } catch (IllegalArgumentException e) {
            // From the router: a malformed percent escape in a path segment.
            return ApiResponse.error(400, e.getMessage(), "path");
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", request.method(), request.rawPath(), e);
            return ApiResponse.error(500, "internal error", null);
        }
    }

    private ApiResponse me(Call c) {
        return ApiResponse.json(200, new PhotoJson.Me(c.caller.username(), c.profile.name(), c.profile.email(), isAdmin(c.caller)));
    }

    /** Albums the caller may see: for everyone, for one of their groups, or any if they are an admin. */
    private ApiResponse albums(Call c) {
        AlbumAccess access = index.albumAccess();
        List<PhotoJson.Album> albums = index.albums().stream().filter(a -> visible(access, c, a.name()))
                .map(a -> PhotoJson.album(a, config.showGps(), AccessLabels.ofAlbum(access, a.name()))).toList();
        return ApiResponse.json(200, Map.of("albums", albums));
    }

    private ApiResponse albumPhotos(Call c, String album) {
        AlbumAccess access = index.albumAccess();
        // An album the caller may not see answers as one that does not exist: its name is not theirs to learn.
        if (!visible(access, c, album)) throw ApiError.notFound("no album named '" + album + "'");
        String cursor = c.request.param("cursor").orElse(null);
        Page<PhotoRow> page = read(() -> index.album(album, cursor, limit(c.request)));
        // Albums exist only as folders holding ready photos: an empty first page means there is no such album.
        if (page.items().isEmpty() && cursor == null) throw ApiError.notFound("no album named '" + album + "'");
        return photos(page, row -> AccessLabels.ofAlbum(access, row.album()));
    }

    /** Every photo the caller may see, newest first. A page may come back shorter than asked where hidden albums were. */
    private ApiResponse timeline(Call c) {
        AlbumAccess access = index.albumAccess();
        Page<PhotoRow> page = read(() -> index.timeline(c.request.param("cursor").orElse(null), limit(c.request)));
        return photos(new Page<>(page.items().stream().filter(r -> visible(access, c, r.album())).toList(), page.next()),
                row -> AccessLabels.ofAlbum(access, row.album()));
    }

    private ApiResponse photo(Call c, String key) {
        if (!PhotoKey.isPhotoKey(key)) {
            throw ApiError.badRequest("key", "key must name a photo under " + PhotoKey.PREFIX + ", got '" + key + "'");
        }
        AlbumAccess access = index.albumAccess();
        PhotoRow row = index.get(new PhotoKey(key)).filter(r -> visible(access, c, r.album()))
                .orElseThrow(() -> ApiError.notFound("no photo with key '" + key + "'"));
        return ApiResponse.json(200, PhotoJson.photo(row, config.showGps(), AccessLabels.ofAlbum(access, row.album())));
    }

    private boolean visible(AlbumAccess access, Call c, String album) {
        return access.visible(album, c.caller.groups(), isAdmin(c.caller));
    }

    private ApiResponse failed(Call c, Map<String, String> params) {
        if (!isAdmin(c.caller)) {
            throw new ApiError(403, "only members of the " + config.adminGroup() + " group may list failed photos", null);
        }
        Page<PhotoRow> page = read(() -> index.failed(c.request.param("cursor").orElse(null), limit(c.request)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("photos", page.items().stream().map(PhotoJson::failed).toList());
        body.put("next", page.next());
        return ApiResponse.json(200, body);
    }

    private ApiResponse photos(Page<PhotoRow> page, java.util.function.Function<PhotoRow, String> label) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("photos", page.items().stream().map(r -> PhotoJson.photo(r, config.showGps(), label.apply(r))).toList());
        body.put("next", page.next());
        return ApiResponse.json(200, body);
    }

    private boolean isAdmin(Caller caller) {
        return caller.inGroup(config.adminGroup());
    }

    int limit(ApiRequest request) {
        String raw = request.param("limit").orElse(null);
        if (raw == null) return config.pageSize();
        int limit;
        try {
            limit = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > config.maxPageSize()) {
            throw ApiError.badRequest("limit", "limit must be a whole number from 1 to " + config.maxPageSize() + ", got '" + raw + "'");
        }
        return limit;
    }

    /** The index refuses a cursor that is not one it handed out (IllegalArgumentException): a 400 naming it. */
    private static Page<PhotoRow> read(java.util.function.Supplier<Page<PhotoRow>> query) {
        try {
            return query.get();
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("invalid cursor")) throw ApiError.badRequest("cursor", e.getMessage());
            throw e;
        }
    }
}
