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
import gallery.index.InvalidCursor;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import gallery.index.ShareLink;
import gallery.index.ShareLinks;
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
    private final ShareLinks links;
    /** Where a share link's album is read, with no account: the one API path without a bearer token. */
    static final String SHARED_PREFIX = "/api/shared/";

    public GalleryApi(ApiConfig config, PhotoIndex index, Authenticator authenticator) {
        this(config, index, authenticator, (ShareLinks) null, null);
    }

    /** @param links share links; null: none can be made or opened */
    public GalleryApi(ApiConfig config, PhotoIndex index, Authenticator authenticator, ShareLinks links) {
        this(config, index, authenticator, links, null);
    }

    GalleryApi(ApiConfig config, PhotoIndex index, Authenticator authenticator, Uploads uploads) {
        this(config, index, authenticator, null, uploads);
    }

    /**
     * @param links   share links; null: none can be made or opened
     * @param uploads with it, members may also add photos to the albums they see (admins anywhere); null: no uploads
     */
    GalleryApi(ApiConfig config, PhotoIndex index, Authenticator authenticator, ShareLinks links, Uploads uploads) {
        this.links = links;
        this.config = Objects.requireNonNull(config, "config");
        this.index = Objects.requireNonNull(index, "index");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        router.add("GET", "/api/me", (c, p) -> me(c))
                .add("GET", "/api/albums", (c, p) -> albums(c))
                .add("GET", "/api/albums/{album...}/photos", (c, p) -> albumPhotos(c, p.get("album")))
                .add("GET", "/api/timeline", (c, p) -> timeline(c))
                .add("GET", "/api/photos/{key...}", (c, p) -> photo(c, p.get("key")))
                .add("GET", "/api/failed", this::failed)
                .add("GET", "/api/links", (c, p) -> listLinks(c))
                .add("POST", "/api/links", (c, p) -> createLink(c))
                .add("DELETE", "/api/links/{id}", (c, p) -> revokeLink(c, p.get("id")));
        if (uploads != null) {
            router.add("GET", "/api/uploads", (c, p) -> ApiResponse.json(200, uploads.rules()))
                    .add("POST", "/api/uploads", (c, p) -> startUpload(uploads, c))
                    .add("GET", "/api/uploads/{id}", (c, p) -> uploadStatus(uploads, c, p.get("id")))
                    .add("POST", "/api/uploads/{id}/parts", (c, p) -> partUrls(uploads, c, p.get("id")))
                    .add("POST", "/api/uploads/{id}/complete", (c, p) -> completeUpload(uploads, c, p.get("id")))
                    .add("DELETE", "/api/uploads/{id}", (c, p) -> {
                        uploads.abort(uploads.owned(p.get("id"), c.caller.username()));
                        return ApiResponse.json(200, Map.of("aborted", p.get("id")));
                    });
        }
    }

    /**
     * {@code {album, name, size, sha256}}: a member may add to an album they can see (a new one too, unless
     * a rule for its folder leaves them out), an admin anywhere.
     */
    private ApiResponse startUpload(Uploads uploads, Call c) {
        com.fasterxml.jackson.databind.JsonNode body = jsonBody(c.request);
        String album = Uploads.album(body.path("album").asText(null));
        if (!visible(index.queries().albumAccess(), c, album)) {
            throw new ApiError(403, "you may not add photos to album '" + album + "'", "album");
        }
        String email = c.profile.email() != null ? c.profile.email() : c.caller.username();
        Uploads.Start start = uploads.start(album, body.path("name").asText(null), body.path("size").asLong(-1),
                body.path("sha256").asText(null), email, c.caller.username());
        Map<String, Object> out = new LinkedHashMap<>();
        switch (start) {
            case Uploads.Start.Duplicate d -> {
                out.put("status", "duplicate");
                out.put("key", d.key().value());
            }
            case Uploads.Start.Started s -> {
                out.put("status", "started");
                out.put("key", s.key().value());
                out.put("uploadId", s.uploadId());
                out.put("partSize", s.partSize());
                out.put("parts", s.parts());
            }
        }
        return ApiResponse.json(start instanceof Uploads.Start.Started ? 201 : 200, out);
    }

    private ApiResponse uploadStatus(Uploads uploads, Call c, String id) {
        var u = uploads.owned(id, c.caller.username());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", u.key().value());
        out.put("parts", uploads.parts(u.bytes()));
        out.put("done", uploads.done(u));
        return ApiResponse.json(200, out);
    }

    /** {@code {parts: [1, 2, ...]}} → {@code {urls: {"1": url, ...}}}. */
    private ApiResponse partUrls(Uploads uploads, Call c, String id) {
        var u = uploads.owned(id, c.caller.username());
        com.fasterxml.jackson.databind.JsonNode parts = jsonBody(c.request).path("parts");
        if (!parts.isArray() || parts.isEmpty() || parts.size() > 100) {
            throw ApiError.badRequest("parts", "parts must list 1 to 100 part numbers");
        }
        List<Integer> numbers = new java.util.ArrayList<>();
        for (var n : parts) {
            if (!n.canConvertToInt()) throw ApiError.badRequest("parts", "parts must be whole numbers, got " + n);
            numbers.add(n.asInt());
        }
        return ApiResponse.json(200, Map.of("urls", uploads.partUrls(u, numbers)));
    }

    private ApiResponse completeUpload(Uploads uploads, Call c, String id) {
        return ApiResponse.json(200, Map.of("key", uploads.complete(uploads.owned(id, c.caller.username())).value()));
    }

    private static com.fasterxml.jackson.databind.JsonNode jsonBody(ApiRequest request) {
        try {
            com.fasterxml.jackson.databind.JsonNode node = gallery.core.Json.MAPPER.readTree(request.body() == null ? "" : request.body());
            if (node == null || !node.isObject()) throw ApiError.badRequest("body", "the body must be a JSON object");
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiError.badRequest("body", "the body is not JSON: " + e.getOriginalMessage());
        }
    }

    public ApiResponse handle(ApiRequest request) {
        if (request.rawPath().startsWith(SHARED_PREFIX)) return shared(request);
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

    /**
     * {@code GET /api/shared/<id>[?cursor=]}: the album of an open share link, read-only, with URLs under its share
     * label (and no original unless the link allows downloads). The link id is the credential: 404 for an
     * unknown one, 410 naming why for an expired or revoked one.
     */
    private ApiResponse shared(ApiRequest request) {
        if (!request.method().equals("GET")) return ApiResponse.error(405, request.method() + " is not allowed here: use GET", null);
        String id = request.rawPath().substring(SHARED_PREFIX.length());
        java.util.Optional<ShareLink> found = links == null ? java.util.Optional.empty() : links.get(id);
        if (found.isEmpty()) return ApiResponse.error(404, "this link does not exist", null);
        ShareLink link = found.get();
        switch (link.state(java.time.Instant.now())) {
            case EXPIRED -> { return ApiResponse.error(410, "this link has expired", null); }
            case REVOKED -> { return ApiResponse.error(410, "this link was revoked", null); }
            case OPEN -> { }
        }
        try {
            String cursor = request.param("cursor").orElse(null);
            Page<PhotoRow> page = read(() -> index.queries().album(link.album(), cursor, limit(request)));
            String label = AccessLabels.forShare(link.album());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("album", link.album());
            body.put("expiresAt", link.expiresAt().toString());
            body.put("downloads", link.downloads());
            Map<PhotoKey, PhotoRow> motions = motions(page.items());
            body.put("photos", page.items().stream()
                    .map(r -> PhotoJson.shared(PhotoJson.photo(r, false, label, motions.get(r.key())), link.downloads())).toList());
            body.put("next", page.next());
            return ApiResponse.json(200, body);
        } catch (ApiError e) {
            return ApiResponse.error(e.status, e.getMessage(), e.parameter);
        }
    }

    /** A link as its creator and the admins see it; {@code url} is the page that opens it. */
    record LinkJson(String id, String album, String createdBy, String createdAt, String expiresAt, boolean downloads,
                    String state, String url) {
        static LinkJson of(ShareLink l) {
            return new LinkJson(l.id(), l.album(), l.createdBy(), l.createdAt().toString(), l.expiresAt().toString(),
                    l.downloads(), l.state(java.time.Instant.now()).name().toLowerCase(java.util.Locale.ROOT), SHARE_PAGE + l.id());
        }
    }

    /** The web UI's page for a link: the id in the fragment, which a browser never sends to a server or a log. */
    static final String SHARE_PAGE = "/#share=";

    private ShareLinks links() {
        if (links == null) throw new ApiError(404, "share links are not available here", null);
        return links;
    }

    /** An admin lists every link; a member the ones they made. */
    private ApiResponse listLinks(Call c) {
        List<LinkJson> out = links().list().stream().filter(l -> isAdmin(c.caller) || l.createdBy().equals(c.caller.username()))
                .map(LinkJson::of).toList();
        return ApiResponse.json(200, Map.of("links", out));
    }

    /** {@code POST /api/links?album=A[&days=7][&downloads=true]}: a member links an album they may see. */
    private ApiResponse createLink(Call c) {
        String album = c.request.param("album").orElseThrow(() -> ApiError.badRequest("album", "album is required"));
        if (!visible(index.queries().albumAccess(), c, album) || index.queries().album(album, null, 1).items().isEmpty()) {
            throw ApiError.notFound("no album named '" + album + "'");
        }
        int days = 7;
        String raw = c.request.param("days").orElse(null);
        if (raw != null) {
            try {
                days = Integer.parseInt(raw.trim());
            } catch (NumberFormatException e) {
                days = -1;
            }
            if (days < 1 || days > ShareLinks.MAX_LIFETIME.toDays()) {
                throw ApiError.badRequest("days", "days must be a whole number from 1 to " + ShareLinks.MAX_LIFETIME.toDays() + ", got '" + raw + "'");
            }
        }
        boolean downloads = c.request.param("downloads").map("true"::equalsIgnoreCase).orElse(false);
        ShareLink link = links().create(album, c.caller.username(), java.time.Duration.ofDays(days), downloads);
        LOG.info("{} made share link {} to '{}' until {}", c.caller.username(), link.shortId(), album, link.expiresAt());
        return ApiResponse.json(201, LinkJson.of(link));
    }

    /** {@code DELETE /api/links/<id>}: its creator or an admin revokes it. */
    private ApiResponse revokeLink(Call c, String id) {
        ShareLink link = links().get(id).filter(l -> isAdmin(c.caller) || l.createdBy().equals(c.caller.username()))
                .orElseThrow(() -> ApiError.notFound("no link with that id"));
        links().revoke(link.id());
        LOG.info("{} revoked share link {}", c.caller.username(), link.shortId());
        return ApiResponse.json(200, LinkJson.of(links().get(link.id()).orElseThrow()));
    }

    private ApiResponse me(Call c) {
        return ApiResponse.json(200, new PhotoJson.Me(c.caller.username(), c.profile.name(), c.profile.email(), isAdmin(c.caller)));
    }

    /** Albums the caller may see: for everyone, for one of their groups, or any if they are an admin. */
    private ApiResponse albums(Call c) {
        AlbumAccess access = index.queries().albumAccess();
        List<PhotoJson.Album> albums = index.queries().albums().stream().filter(a -> visible(access, c, a.name()))
                .map(a -> PhotoJson.album(a, config.showGps(), AccessLabels.ofAlbum(access, a.name()))).toList();
        return ApiResponse.json(200, Map.of("albums", albums));
    }

    private ApiResponse albumPhotos(Call c, String album) {
        AlbumAccess access = index.queries().albumAccess();
        // An album the caller may not see answers as one that does not exist: its name is not theirs to learn.
        if (!visible(access, c, album)) throw ApiError.notFound("no album named '" + album + "'");
        String cursor = c.request.param("cursor").orElse(null);
        Page<PhotoRow> page = read(() -> index.queries().album(album, cursor, limit(c.request)));
        // Albums exist only as folders holding ready photos: an empty first page means there is no such album.
        if (page.items().isEmpty() && cursor == null) throw ApiError.notFound("no album named '" + album + "'");
        return photos(page, row -> AccessLabels.ofAlbum(access, row.album()));
    }

    /** Every photo the caller may see, newest first. A page may come back shorter than asked where hidden albums were. */
    private ApiResponse timeline(Call c) {
        AlbumAccess access = index.queries().albumAccess();
        Page<PhotoRow> page = read(() -> index.queries().timeline(c.request.param("cursor").orElse(null), limit(c.request)));
        return photos(new Page<>(page.items().stream().filter(r -> visible(access, c, r.album())).toList(), page.next()),
                row -> AccessLabels.ofAlbum(access, row.album()));
    }

    private ApiResponse photo(Call c, String key) {
        if (!PhotoKey.isPhotoKey(key)) {
            throw ApiError.badRequest("key", "key must name a photo under " + PhotoKey.PREFIX + ", got '" + key + "'");
        }
        AlbumAccess access = index.queries().albumAccess();
        PhotoRow row = index.get(new PhotoKey(key)).filter(r -> visible(access, c, r.album()))
                .orElseThrow(() -> ApiError.notFound("no photo with key '" + key + "'"));
        return ApiResponse.json(200, PhotoJson.photo(row, config.showGps(), AccessLabels.ofAlbum(access, row.album()),
                motions(List.of(row)).get(row.key())));
    }

    /**
     * The Live Photo motions of these stills, by still: their MOVs' rows, read in one batch, only where the
     * MOV still names the still and is ready with its copy (a MOV deleted or not yet transcoded gives none).
     */
    private Map<PhotoKey, PhotoRow> motions(List<PhotoRow> rows) {
        Map<PhotoKey, PhotoKey> stillOf = new java.util.HashMap<>();
        for (PhotoRow r : rows) r.liveMotion().ifPresent(m -> stillOf.put(m, r.key()));
        if (stillOf.isEmpty()) return Map.of();
        Map<PhotoKey, PhotoRow> out = new java.util.HashMap<>();
        index.getAll(stillOf.keySet()).forEach((k, stored) -> {
            PhotoRow m = stored.row();
            if (m != null && m.status() == PhotoStatus.READY && m.isLiveMotion() && m.live().pair().equals(stillOf.get(k).value())) {
                out.put(stillOf.get(k), m);
            }
        });
        return out;
    }

    private boolean visible(AlbumAccess access, Call c, String album) {
        return access.visible(album, c.caller.groups(), isAdmin(c.caller));
    }

    private ApiResponse failed(Call c, Map<String, String> params) {
        if (!isAdmin(c.caller)) {
            throw new ApiError(403, "only members of the " + config.adminGroup() + " group may list failed photos", null);
        }
        Page<PhotoRow> page = read(() -> index.queries().failed(c.request.param("cursor").orElse(null), limit(c.request)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("photos", page.items().stream().map(PhotoJson::failed).toList());
        body.put("next", page.next());
        return ApiResponse.json(200, body);
    }

    private ApiResponse photos(Page<PhotoRow> page, java.util.function.Function<PhotoRow, String> label) {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<PhotoKey, PhotoRow> motions = motions(page.items());
        body.put("photos", page.items().stream().map(r -> PhotoJson.photo(r, config.showGps(), label.apply(r), motions.get(r.key()))).toList());
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

    /** The index refuses a cursor that is not one it handed out ({@link InvalidCursor}): a 400 naming it. */
    private static Page<PhotoRow> read(java.util.function.Supplier<Page<PhotoRow>> query) {
        try {
            return query.get();
        } catch (InvalidCursor e) {
            throw ApiError.badRequest("cursor", e.getMessage());
        }
    }
}
