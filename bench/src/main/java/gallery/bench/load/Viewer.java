package gallery.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gallery.bench.load.RequestLog.Kind;
import gallery.bench.load.RequestLog.Sample;
import gallery.bench.load.Screens.Device;
import gallery.bench.load.Screens.Photo;
import gallery.bench.load.Screens.Rendition;
import gallery.bench.load.Screens.Tile;
import gallery.core.Json;
import gallery.core.UrlPaths;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One person in a browser, through the edge only: signs in (Cognito USER_PASSWORD_AUTH through the
 * edge's /cognito/ proxy, as the web UI does on the local stack), gets the signed cookies from
 * POST /session, lists the albums, opens one, and scrolls it a screen at a time: the album's pages
 * fetched with the cursor as the grid nears their end (200 photos a page, as web/src/api.ts asks),
 * every tile's thumbnail fetched with the cookies (at most six at once, a browser's connections per
 * host), now and then a photo opened at the device's size, a pause to look, and at the album's end
 * back to the album list. Until the deadline; a request under way then is finished and counted.
 */
public final class Viewer implements Runnable {
    static final int PAGE_SIZE = 200;
    static final int CONNECTIONS = 6;
    /** Share of screens after which the viewer opens one of the photos on it. */
    static final double OPEN_SHARE = 0.25;
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** What Chrome sends for an image. */
    static final String IMAGE_ACCEPT = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";

    private final int index;
    private final String site;
    private final String clientId;
    private final String username;
    private final String password;
    private final Device device;
    private final long deadline;
    private final Duration think;
    private final Random random;
    private final Map<String, Long> originalBytes;
    private final RequestLog log;
    private final HttpClient http;
    private String accessToken;
    private final List<String[]> cookies = new ArrayList<>();

    private record Reply(int status, java.net.http.HttpHeaders headers, byte[] body) {
    }

    Viewer(int index, String site, String clientId, String username, String password, Device device, long deadlineNanos,
           Duration think, Random random, Map<String, Long> originalBytes, RequestLog log) {
        this.index = index;
        this.site = site;
        this.clientId = clientId;
        this.username = username;
        this.password = password;
        this.device = device;
        this.deadline = deadlineNanos;
        this.think = think;
        this.random = random;
        this.originalBytes = originalBytes;
        this.log = log;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public void run() {
        try (http) {
            while (!over()) {
                if (accessToken == null && !signIn() || cookies.isEmpty() && !session()) {
                    pause(Duration.ofSeconds(1));
                    continue;
                }
                if (!scrollAnAlbum()) pause(Duration.ofMillis(200));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean over() {
        return System.nanoTime() >= deadline;
    }

    private boolean signIn() {
        Reply r = send(Kind.SIGN_IN, signInRequest(site, clientId, username, password), "/cognito/");
        if (r == null || r.status() != 200) return false;
        JsonNode json = json(r);
        String token = accessToken(json);
        if (token == null) {
            // users are created with a permanent password, so Cognito should not ask for anything else
            fail(Kind.SIGN_IN, "sign-in answered " + json.path("ChallengeName").asText("no token") + " instead of tokens");
            return false;
        }
        accessToken = token;
        return true;
    }

    private boolean session() {
        Reply r = send(Kind.SESSION, sessionRequest(site, accessToken), "/session");
        if (r == null) return false;
        if (r.status() == 401) {
            accessToken = null;
            return false;
        }
        if (r.status() / 100 != 2) return false;
        cookies.clear();
        for (String c : r.headers().allValues("set-cookie")) cookies.add(parseCookie(c));
        return !cookies.isEmpty();
    }

    /** Sign-in through the edge's {@code /cognito/} proxy, as the web UI does on the local stack (password flow). */
    public static HttpRequest.Builder signInRequest(String site, String clientId, String username, String password) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("AuthFlow", "USER_PASSWORD_AUTH");
        body.put("ClientId", clientId);
        body.putObject("AuthParameters").put("USERNAME", username).put("PASSWORD", password);
        return HttpRequest.newBuilder(URI.create(site + "/cognito/"))
                .header("content-type", "application/x-amz-json-1.1")
                .header("x-amz-target", "AWSCognitoIdentityProviderService.InitiateAuth")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    /** The access token of a sign-in's answer, or null when it asked for something else. */
    public static String accessToken(JsonNode signInAnswer) {
        return signInAnswer.path("AuthenticationResult").path("AccessToken").asText(null);
    }

    /** {@code POST /session}: the signed cookies for an access token. */
    public static HttpRequest.Builder sessionRequest(String site, String accessToken) {
        return HttpRequest.newBuilder(URI.create(site + "/session")).header("authorization", "Bearer " + accessToken)
                .POST(HttpRequest.BodyPublishers.noBody());
    }

    /** {@code name=value; Path=/renditions/; Secure; ...} → {path, "name=value"} */
    public static String[] parseCookie(String setCookie) {
        String[] parts = setCookie.split(";");
        String path = "/";
        for (int i = 1; i < parts.length; i++) {
            String a = parts[i].trim();
            if (a.regionMatches(true, 0, "Path=", 0, 5)) path = a.substring(5);
        }
        return new String[]{path, parts[0].trim()};
    }

    /** The cookies a browser sends to this path: those whose Path is a prefix of it. */
    private String cookieHeader(String path) {
        List<String> out = new ArrayList<>();
        for (String[] c : cookies) if (path.startsWith(c[0])) out.add(c[1]);
        return String.join("; ", out);
    }

    /** False if the API failed (the caller pauses a moment before trying again). */
    private boolean scrollAnAlbum() throws InterruptedException {
        Reply albums = api("/api/albums");
        if (albums == null) return false;
        List<String> names = new ArrayList<>();
        for (JsonNode a : json(albums).path("albums")) names.add(a.path("name").asText());
        if (names.isEmpty()) {
            fail(Kind.API, "/api/albums listed no album");
            pause(Duration.ofSeconds(1));
            return true;
        }
        names.sort(null);
        String album = names.get(index % names.size());
        String base = "/api/albums/" + UrlPaths.encodeKey(album) + "/photos?limit=" + PAGE_SIZE;
        List<Photo> photos = new ArrayList<>();
        String next = null;
        boolean first = true;
        int at = 0;
        while (!over()) {
            // the grid asks for the next page before the window reaches the end of what it has
            while ((first || next != null) && photos.size() - at < PAGE_SIZE / 4 && !over()) {
                Reply page = api(first ? base : base + "&cursor=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
                if (page == null) return false;
                JsonNode json = json(page);
                for (JsonNode p : json.path("photos")) photos.add(Photo.of(p));
                next = json.hasNonNull("next") ? json.path("next").asText() : null;
                first = false;
            }
            if (at >= photos.size() || over()) return true; // the album's end: back to the album list
            Screens.Screen screen = Screens.screen(photos, at, device);
            if (!thumbnails(screen.tiles())) return true;
            at = screen.next();
            if (random.nextDouble() < OPEN_SHARE && !over()) open(screen.tiles().get(random.nextInt(screen.tiles().size())).photo());
            pause(think);
        }
        return true;
    }

    /** Every tile's srcset pick, at most CONNECTIONS at once; false if the cookies were refused (renewed next time round). */
    private boolean thumbnails(List<Tile> tiles) throws InterruptedException {
        AtomicLong bytes = new AtomicLong();
        long originals = 0;
        boolean[] refused = {false};
        Semaphore connections = new Semaphore(CONNECTIONS);
        try (ExecutorService fetches = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Tile t : tiles) {
                originals += originalBytes.getOrDefault(t.photo().key(), 0L);
                Optional<Rendition> r = Screens.thumbnail(t, device);
                if (r.isEmpty()) continue;
                connections.acquire();
                fetches.submit(() -> {
                    try {
                        Reply reply = image(Kind.THUMBNAIL, r.get().url());
                        if (reply != null && reply.status() == 200) bytes.addAndGet(reply.body().length);
                        if (reply != null && reply.status() == 403) refused[0] = true;
                    } finally {
                        connections.release();
                    }
                });
            }
        }
        log.screen(new RequestLog.Screen(device.name(), tiles.size(), bytes.get(), originals));
        if (refused[0]) cookies.clear();
        return !refused[0];
    }

    /** The photo opened full screen: a preset rendition, or the resizer (following its redirects to the canonical size). */
    private void open(Photo p) {
        Optional<Screens.Choice> choice = Screens.open(p, device);
        if (choice.isEmpty()) return;
        if (!choice.get().resize()) {
            image(Kind.LARGE, choice.get().url());
            return;
        }
        String url = choice.get().url();
        for (int hop = 0; hop < 4; hop++) {
            Reply r = image(Kind.RESIZE, url);
            if (r == null || r.status() / 100 != 3) return;
            Optional<String> location = r.headers().firstValue("location");
            if (location.isEmpty()) {
                fail(Kind.RESIZE, "redirect " + r.status() + " without Location");
                return;
            }
            URI to = URI.create(site + url).resolve(location.get());
            url = to.getRawPath() + (to.getRawQuery() == null ? "" : "?" + to.getRawQuery());
        }
        fail(Kind.RESIZE, "more than 3 redirects for " + choice.get().url());
    }

    private Reply image(Kind kind, String pathAndQuery) {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        return send(kind, HttpRequest.newBuilder(URI.create(site + pathAndQuery)).header("accept", IMAGE_ACCEPT)
                .header("cookie", cookieHeader(path)).GET(), path);
    }

    private Reply api(String pathAndQuery) {
        Reply r = send(Kind.API, HttpRequest.newBuilder(URI.create(site + pathAndQuery)).header("authorization", "Bearer " + accessToken)
                .header("accept", "application/json").GET(), pathAndQuery);
        if (r != null && r.status() == 401) accessToken = null;
        return r == null || r.status() != 200 ? null : r;
    }

    private Reply send(Kind kind, HttpRequest.Builder request, String what) {
        long t = System.nanoTime();
        try {
            HttpResponse<byte[]> r = http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
            long nanos = System.nanoTime() - t;
            String cache = r.headers().firstValue("x-cache").map(v -> v.split(" ")[0]).orElse(null);
            Sample s = new Sample(kind, r.statusCode(), nanos, r.body().length, cache);
            if (s.error()) {
                log.error(s, kind.name().toLowerCase(Locale.ROOT) + " " + r.statusCode() + " " + shape(what) + ": "
                        + new String(r.body(), 0, Math.min(120, r.body().length), StandardCharsets.UTF_8).replaceAll("\\s+", " "));
            } else {
                log.add(s);
            }
            return new Reply(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            log.error(new Sample(kind, 0, System.nanoTime() - t, 0, null),
                    kind.name().toLowerCase(Locale.ROOT) + " " + e.getClass().getSimpleName() + " " + shape(what) + ": " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** A path reduced to its route and first segment, so errors group by kind rather than by photo. */
    static String shape(String path) {
        String[] s = path.split("[/?]");
        return s.length > 2 ? "/" + s[1] + "/" + s[2] + "/..." : path;
    }

    /** Not a failed request but a wrong answer to one: counted as an error, not as a latency. */
    private void fail(Kind kind, String what) {
        log.error(null, kind.name().toLowerCase(Locale.ROOT) + " " + what);
    }

    private static JsonNode json(Reply r) {
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode();
        }
    }

    private void pause(Duration d) throws InterruptedException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left > 0 && !d.isZero()) Thread.sleep(Math.min(left, d.toMillis()));
    }
}
