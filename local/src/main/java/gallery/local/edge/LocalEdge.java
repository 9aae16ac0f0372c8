package gallery.local.edge;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import gallery.core.routes.CachePolicy;
import gallery.core.routes.ContentSecurityPolicy;
import gallery.core.routes.ImageAccept;
import gallery.core.routes.OriginKind;
import gallery.core.routes.Route;
import gallery.core.routes.Routes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import gallery.core.edge.AccessLabels;
import gallery.core.edge.EdgeAccess;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Plays the CloudFront distribution on one port, from the same route table the CDK stack uses
 * ({@link Routes}): first-match routing, the allowed methods (others get 403, as from CloudFront),
 * signed-cookie checks on protected routes (403 otherwise), a response cache keyed and timed as
 * the route's cache policy says, and forwarding of only what the policy forwards.
 * <p>
 * One local-only path: {@code /cognito/} is proxied to the local user pool, so the browser reaches
 * it on the same origin (no CORS), for the calls a browser makes and no other
 * ({@link #BROWSER_COGNITO_CALLS}). In AWS the browser talks to Cognito directly.
 * <p>
 * Use: {@code bind} (the port is known, so the site URL for the signer is too), add an origin for
 * every {@link OriginKind}, then {@link #start()}.
 */
public final class LocalEdge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalEdge.class);
    public static final String COGNITO_PREFIX = "/cognito/";
    /**
     * The user-pool calls a browser makes (amazon-cognito-identity-js: sign-in, the new-password
     * challenge and the name it sets, refresh, forgot password, sign-out and token revocation,
     * reading its own profile). Everything else, the Admin* calls above all, is refused: cognito-local
     * checks no credentials, so the proxy is the only thing between a web page and the pool.
     */
    static final Set<String> BROWSER_COGNITO_CALLS = Set.of("InitiateAuth", "RespondToAuthChallenge", "ForgotPassword",
            "ConfirmForgotPassword", "GlobalSignOut", "RevokeToken", "GetUser", "UpdateUserAttributes");
    private static final String COGNITO_TARGET_PREFIX = "AWSCognitoIdentityProviderService.";
    private volatile String csp = ContentSecurityPolicy.of(null);
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te", "trailer",
            "upgrade", "proxy-authorization", "proxy-authenticate", "host", "content-length", "expect");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final String siteUrl;
    private final Map<OriginKind, Origin> origins = new EnumMap<>(OriginKind.class);
    private final EdgeCache cache;
    private final Clock clock;
    private SignedCookieVerifier verifier;
    private Supplier<EdgeAccess> access = () -> new EdgeAccess(Map.of());
    private URI cognito;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private LocalEdge(HttpServer server, long cacheBytes, Clock clock) {
        this.server = server;
        this.clock = clock;
        this.cache = new EdgeCache(cacheBytes, clock);
        this.siteUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        server.setExecutor(threads);
        server.createContext("/", this::handle);
    }

    /** Binds 127.0.0.1:{@code port} (0 picks a free port); nothing is served until {@link #start()}. */
    public static LocalEdge bind(int port, long cacheBytes) throws IOException {
        return bind(port, cacheBytes, Clock.systemUTC());
    }

    public static LocalEdge bind(int port, long cacheBytes, Clock clock) throws IOException {
        keepIdleConnections();
        return new LocalEdge(HttpServer.create(new InetSocketAddress("127.0.0.1", port), BACKLOG), cacheBytes, clock);
    }

    /** Connections waiting to be accepted: 50 browsers opening six each at once must not have SYNs dropped. */
    private static final int BACKLOG = 1024;
    private static final String MAX_IDLE = "sun.net.httpserver.maxIdleConnections";
    private static final String IDLE_SECONDS = "sun.net.httpserver.idleInterval";
    private static final String NO_DELAY = "sun.net.httpserver.nodelay";

    /**
     * The JDK server closes a keep-alive connection after its response, without a {@code Connection: close},
     * once 200 are idle; a client that reuses it gets no answer at all. 50 viewers with a browser's six
     * connections each hold 300 (bench/results/load.md: "header parser received no bytes"). CloudFront keeps
     * far more. An idle connection is closed after 120 s rather than the JDK's 30 s: the JDK client (and the
     * load bench with it) drops its own idle connections at 30 s, and with equal timeouts the client can send
     * a request on a connection the server is closing that instant, which again answers nothing. A browser
     * retries that; the closing side should be the client. And TCP_NODELAY, as CloudFront answers: the JDK
     * server writes the headers and the body apart, and Nagle's algorithm held the body of a 50-70 KB cache
     * hit until the client's delayed ACK, so hits of ≤ 1000 px resizes took 52 ms at p50 where 120-200 KB ones
     * took 10 ms (./gallery bench resize). The properties are read once, when the JVM's first HttpServer
     * starts (the edge binds before cognito's gate); ones set by the user win.
     */
    private static void keepIdleConnections() {
        if (System.getProperty(MAX_IDLE) == null) System.setProperty(MAX_IDLE, "10000");
        if (System.getProperty(IDLE_SECONDS) == null) System.setProperty(IDLE_SECONDS, "120");
        if (System.getProperty(NO_DELAY) == null) System.setProperty(NO_DELAY, "true");
    }

    /** The site as the browser sees it: {@code SITE_URL} for the signer, so its policies name this edge. */
    public String siteUrl() {
        return siteUrl;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public LocalEdge origin(OriginKind kind, Origin origin) {
        origins.put(kind, origin);
        return this;
    }

    /** The trusted key group's check, e.g. {@code new SignedCookieVerifier(keyFolder::trustedKeys, Clock.systemUTC())}. */
    public LocalEdge signedCookies(SignedCookieVerifier verifier) {
        this.verifier = verifier;
        return this;
    }

    /**
     * The album rules the edge checks access labels against ({@link EdgeAccess}), as the CloudFront Function
     * does with the rules the admin tool published; read per request, so the supplier should cache briefly.
     * Without it no album has a rule.
     */
    public LocalEdge access(Supplier<EdgeAccess> rules) {
        this.access = rules;
        return this;
    }

    /** cognito-local's base URL, e.g. {@code http://127.0.0.1:8404}; served under {@code /cognito/}. */
    public LocalEdge cognito(URI upstream) {
        this.cognito = upstream;
        return this;
    }

    /** Lets the pages send browser uploads' presigned parts to S3 at {@code s3} (the policy's connect-src), as in AWS. */
    public LocalEdge uploadsTo(URI s3) {
        this.csp = ContentSecurityPolicy.of(null, ContentSecurityPolicy.origin(s3));
        return this;
    }

    public LocalEdge start() {
        List<OriginKind> missing = new ArrayList<>();
        for (Route r : Routes.ALL) if (!origins.containsKey(r.origin())) missing.add(r.origin());
        if (!missing.isEmpty()) throw new IllegalStateException("the edge has no origin for " + missing);
        if (verifier == null) throw new IllegalStateException("the edge needs a signed-cookie verifier for the protected routes");
        server.start();
        LOG.info("edge on {}", siteUrl);
        return this;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            OriginResponse response;
            try {
                response = serve(exchange);
            } catch (Exception e) {
                // As CloudFront: the viewer learns only that the origin failed; the reason goes to the log, on one line.
                LOG.warn("{} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e.toString());
                response = error(502, "bad gateway");
            }
            write(exchange, response);
        }
    }

    private OriginResponse serve(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        Optional<String> normalized = normalizePath(exchange.getRequestURI().getRawPath());
        if (normalized.isEmpty()) return error(400, "bad request");
        String rawPath = normalized.get();
        String rawQuery = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
        Map<String, List<String>> headers = lowerCase(exchange.getRequestHeaders());
        String ip = exchange.getRemoteAddress().getAddress().getHostAddress();

        if (cognito != null && rawPath.startsWith(COGNITO_PREFIX)) {
            String target = String.join(",", headers.getOrDefault("x-amz-target", List.of()));
            if (!method.equals("POST") || !rawPath.equals(COGNITO_PREFIX) || !target.startsWith(COGNITO_TARGET_PREFIX)
                    || !BROWSER_COGNITO_CALLS.contains(target.substring(COGNITO_TARGET_PREFIX.length()))) {
                LOG.info("403 {} {} {}: not a call the browser makes", method, rawPath, target);
                return error(403, "not allowed through the gallery's user-pool proxy");
            }
            return proxyCognito(method, rawPath.substring(COGNITO_PREFIX.length() - 1), rawQuery, headers, exchange.getRequestBody());
        }
        Route route = Routes.match(rawPath);
        if (!route.methods().allows(method)) {
            return error(403, "method " + method + " is not allowed on " + route.pathPattern());
        }
        String label = null;
        if (route.signedCookies()) {
            String url = siteUrl + rawPath + (rawQuery.isEmpty() ? "" : "?" + rawQuery);
            Map<String, String> cookies = SignedCookieVerifier.parseCookieHeader(String.join("; ", headers.getOrDefault("cookie", List.of())));
            SignedCookieVerifier.Verdict verdict = verifier.verify(url, ip, cookies);
            if (!verdict.allowed()) {
                LOG.info("403 {} {}: {}", method, rawPath, verdict.reason());
                return error(403, "access denied");
            }
            // As the CloudFront Function on the protected behaviours: the label must be the album's, then it is dropped.
            EdgeAccess.Decision decision = access.get().decide(rawPath);
            if (!decision.allowed()) {
                LOG.info("403 {} {}: {}", method, rawPath, decision.reason());
                return error(403, "access denied");
            }
            label = AccessLabels.parse(rawPath).map(AccessLabels.Labelled::label).orElseThrow();
            rawPath = decision.path();
        }
        return relabel(route, label, fetch(exchange, method, route, rawPath, rawQuery, headers, ip));
    }

    /** As the viewer-response function of {@code /resize/}: the resizer's redirects get the request's label back. */
    private static OriginResponse relabel(Route route, String label, OriginResponse r) {
        if (label == null || route != Routes.RESIZE) return r;
        Optional<String> location = r.header("location");
        if (location.isEmpty()) return r;
        Map<String, List<String>> h = new LinkedHashMap<>(r.headers());
        h.keySet().removeIf(name -> name.equalsIgnoreCase("location"));
        h.put("location", List.of(EdgeAccess.relabel(location.get(), label)));
        return new OriginResponse(r.status(), h, r.body());
    }

    private OriginResponse fetch(HttpExchange exchange, String method, Route route, String rawPath, String rawQuery,
                                 Map<String, List<String>> headers, String ip) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Origin origin = origins.get(route.origin());
        CachePolicy policy = route.cache();
        // Range is never part of the cache key: a cached route fetches and keeps the whole object and
        // answers ranges from it; an uncached one forwards Range to the origin (S3 answers 206 itself).
        Optional<String> range = method.equals("GET") ? Optional.ofNullable(headers.get("range")).map(v -> String.join(",", v)) : Optional.empty();
        if (!policy.caches()) {
            headers.remove("host");
            return withCache(ByteRange.apply(range, origin.fetch(new OriginRequest(method, rawPath, rawQuery, headers, body, ip))), "Miss");
        }
        // A cached route forwards exactly its cache key, nothing else (CloudFront cache policy semantics).
        String query = keyQuery(rawQuery, policy.queryParams());
        Map<String, List<String>> forwarded = new LinkedHashMap<>();
        for (String h : policy.headers()) {
            String name = h.toLowerCase(Locale.ROOT);
            List<String> v = headers.get(name);
            if (name.equals("accept") && policy.acceptImageFormat()) {
                forwarded.put(name, List.of(ImageAccept.normalize(v == null ? null : String.join(",", v))));
            } else if (v != null) {
                forwarded.put(name, v);
            }
        }
        String key = route.pathPattern() + " " + rawPath + "?" + query + " " + new TreeMap<>(forwarded);
        Optional<EdgeCache.Entry> hit = cache.get(key);
        if (hit.isPresent()) {
            OriginResponse r = hit.get().response();
            Map<String, List<String>> h = new LinkedHashMap<>(r.headers());
            h.put("age", List.of(Long.toString(Duration.between(hit.get().storedAt(), clock.instant()).toSeconds())));
            return withCache(ByteRange.apply(range, new OriginResponse(r.status(), h, method.equals("HEAD") ? new byte[0] : r.body())), "Hit");
        }
        if (method.equals("GET")) {
            for (String conditional : List.of("if-none-match", "if-modified-since")) {
                // not in the key: revalidation stays between the viewer and the edge, the origin sends full bodies
                forwarded.remove(conditional);
            }
        }
        OriginResponse fresh = origin.fetch(new OriginRequest(method, rawPath, query, forwarded, new byte[0], ip));
        if (method.equals("GET")) ttl(fresh, policy).ifPresent(ttl -> cache.put(key, invalidationPath(rawPath, query), fresh, ttl));
        return withCache(ByteRange.apply(range, fresh), "Miss");
    }

    /**
     * The path as CloudFront matches it against path patterns: normalised as RFC 3986 says (percent
     * escapes of unreserved characters decoded, {@code .} and {@code ..} segments removed), so
     * {@code /renditions/../../photos/x} and its {@code %2e%2e} form are {@code /photos/x} and meet that
     * route's cookie check. An escaped slash ({@code ..%2f}) stays inside its segment. Empty when the
     * path climbs above the root or has a malformed escape: CloudFront answers 400.
     * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesPathPattern
     */
    static Optional<String> normalizePath(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) return Optional.empty();
        StringBuilder decoded = new StringBuilder(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c != '%') {
                decoded.append(c);
                continue;
            }
            if (i + 2 >= rawPath.length()) return Optional.empty();
            int hi = Character.digit(rawPath.charAt(i + 1), 16);
            int lo = Character.digit(rawPath.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) return Optional.empty();
            char value = (char) (hi * 16 + lo);
            if (Character.isLetterOrDigit(value) && value < 128 || "-._~".indexOf(value) >= 0) {
                decoded.append(value);
            } else {
                decoded.append('%').append(Character.toUpperCase(rawPath.charAt(i + 1))).append(Character.toUpperCase(rawPath.charAt(i + 2)));
            }
            i += 2;
        }
        String[] segments = decoded.substring(1).split("/", -1);
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals(".")) {
                if (last) kept.add("");
            } else if (segment.equals("..")) {
                if (kept.isEmpty()) return Optional.empty();
                kept.removeLast();
                if (last) kept.add("");
            } else {
                kept.add(segment);
            }
        }
        return Optional.of("/" + String.join("/", kept));
    }

    /**
     * Drops the cached copies under these paths (any header variant), as a CloudFront invalidation of
     * exact paths does: the pipeline calls it when it deletes derived objects.
     */
    public int invalidate(List<String> paths) {
        Set<String> wanted = new java.util.HashSet<>();
        for (String p : paths) {
            int q = p.indexOf('?');
            wanted.add(invalidationPath(q < 0 ? p : p.substring(0, q), q < 0 ? "" : p.substring(q + 1)));
        }
        return cache.invalidate(wanted);
    }

    /** A path as invalidations name it: segments decoded, so any percent-encoding of one key is the same path. */
    static String invalidationPath(String rawPath, String keyQuery) {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/", -1)) {
            try {
                segments.add(gallery.core.UrlPaths.decodeSegment(segment));
            } catch (IllegalArgumentException malformed) {
                segments.add(segment);
            }
        }
        String out = String.join("/", segments);
        return out + "?" + keyQuery;
    }

    /** CloudFront with minimum TTL 0: s-maxage, else max-age, capped at maxTtl; no-store/private/no-cache: not kept. */
    static Optional<Duration> ttl(OriginResponse r, CachePolicy policy) {
        if (!Set.of(200, 203, 300, 301, 308, 404, 410).contains(r.status())) return Optional.empty();
        String cc = r.header("cache-control").orElse("").toLowerCase(Locale.ROOT);
        if (cc.contains("no-store") || cc.contains("private") || cc.contains("no-cache")) return Optional.empty();
        Optional<Long> seconds = directive(cc, "s-maxage").or(() -> directive(cc, "max-age"));
        Duration ttl = seconds.map(Duration::ofSeconds).orElse(r.status() == 404 ? Duration.ofSeconds(10) : policy.defaultTtl());
        if (ttl.compareTo(policy.maxTtl()) > 0) ttl = policy.maxTtl();
        return ttl.isZero() ? Optional.empty() : Optional.of(ttl);
    }

    private static Optional<Long> directive(String cacheControl, String name) {
        for (String part : cacheControl.split(",")) {
            String p = part.trim();
            if (p.startsWith(name + "=")) {
                try {
                    return Optional.of(Long.parseLong(p.substring(name.length() + 1).replace("\"", "").trim()));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** The query string reduced to the cache key's parameters, in a stable order. */
    static String keyQuery(String rawQuery, List<String> params) {
        if (params.isEmpty() || rawQuery.isEmpty()) return "";
        TreeMap<String, List<String>> kept = new TreeMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (params.contains(name)) kept.computeIfAbsent(name, k -> new ArrayList<>()).add(pair);
        }
        return String.join("&", kept.values().stream().flatMap(List::stream).toList());
    }

    private OriginResponse proxyCognito(String method, String path, String rawQuery, Map<String, List<String>> headers,
                                        InputStream body) throws IOException {
        URI target = URI.create(cognito.toString().replaceAll("/+$", "") + path + (rawQuery.isEmpty() ? "" : "?" + rawQuery));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body.readAllBytes()));
        headers.forEach((name, values) -> {
            if (HOP_BY_HOP.contains(name) || name.equals("origin") || name.equals("referer") || name.equals("cookie")) return;
            for (String v : values) request.header(name, v);
        });
        try {
            HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, List<String>> h = new LinkedHashMap<>(r.headers().map());
            // Same origin as the page: no CORS header, so no other site's page may use the proxy.
            h.keySet().removeIf(name -> name.toLowerCase(Locale.ROOT).startsWith("access-control-"));
            return new OriginResponse(r.statusCode(), h, r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted calling cognito-local", e);
        }
    }

    private static OriginResponse withCache(OriginResponse r, String state) {
        Map<String, List<String>> h = new LinkedHashMap<>(r.headers());
        h.put("x-cache", List.of(state + " from edge"));
        return new OriginResponse(r.status(), h, r.body());
    }

    private static OriginResponse error(int status, String message) {
        return withCache(OriginResponse.text(status, "text/plain; charset=utf-8", message + "\n"), "Error");
    }

    private static Map<String, List<String>> lowerCase(Headers headers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
        return out;
    }

    private void write(HttpExchange exchange, OriginResponse r) throws IOException {
        Headers out = exchange.getResponseHeaders();
        r.headers().forEach((name, values) -> {
            if (HOP_BY_HOP.contains(name)) return;
            for (String v : values) out.add(name, v);
        });
        // As CloudFront's response headers policy does (infra Edge): Cognito is proxied here, so same-origin.
        out.set(ContentSecurityPolicy.HEADER, csp);
        boolean noBody = exchange.getRequestMethod().equalsIgnoreCase("HEAD") || r.status() == 204 || r.status() == 304;
        if (noBody) {
            exchange.sendResponseHeaders(r.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(r.body());
        }
    }

}
