package gallery.local.cognito;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import gallery.core.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminGetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What stands where the user pool's endpoint is, in front of cognito-local, and closes the gaps
 * between cognito-local 5.3 and Cognito that matter to who may see the photos, so the signer, the
 * api, the admin tool and the browser meet the same rules as in AWS, with no special case of theirs:
 * <ul>
 *   <li>a disabled user cannot sign in, refresh or call the pool with a token (cognito-local lets them);</li>
 *   <li>{@code AdminUserGlobalSignOut} and {@code GlobalSignOut} exist (cognito-local has neither): tokens
 *       issued to the user before the sign-out are refused by {@code GetUser} and at refresh, as Cognito
 *       revokes them; {@code AdminDisableUser} and {@code AdminDeleteUser} revoke them too, as in Cognito;</li>
 *   <li>{@code AdminListGroupsForUser} finds the groups of a user named by their e-mail alias;</li>
 *   <li>sign-in names are matched case-insensitively (the AWS pool is made with {@code caseSensitive: false};
 *       the admin tool and the demo user store them in lower case);</li>
 *   <li>no CORS: cognito-local answers {@code Access-Control-Allow-Origin: *}, so any web page could call
 *       it from the browser. The gallery's pages reach it same-origin, through the edge.</li>
 * </ul>
 * Sign-outs are kept in a JSON file (user name → instant), so they survive a restart as Cognito's do.
 * cognito-local itself listens on another port, and names this gate in its tokens' issuer.
 */
public final class CognitoGate implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CognitoGate.class);
    private static final String JSON_TYPE = "application/x-amz-json-1.1";
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te", "trailer",
            "upgrade", "host", "content-length", "expect");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final URI upstream;
    private final CognitoIdentityProviderClient direct;
    private final String userPoolId;
    private final Path signOutFile;
    private final Clock clock;
    private final Map<String, Instant> signedOut = new TreeMap<>();

    /** A refusal in Cognito's error shape: the SDK and amazon-cognito-identity-js read {@code __type}. */
    record Refusal(int status, String type, String message) {
        byte[] body() {
            return Json.write(Map.of("__type", type, "message", message)).getBytes(StandardCharsets.UTF_8);
        }
    }

    private CognitoGate(HttpServer server, URI upstream, CognitoIdentityProviderClient direct, String userPoolId, Path signOutFile, Clock clock) {
        this.server = server;
        this.upstream = upstream;
        this.direct = direct;
        this.userPoolId = userPoolId;
        this.signOutFile = signOutFile;
        this.clock = clock;
        readSignOuts();
        server.setExecutor(threads);
        server.createContext("/", this::handle);
    }

    /** Binds 127.0.0.1:{@code port}; nothing is served until {@link #start}. */
    static HttpServer bind(int port) throws IOException {
        return HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
    }

    /**
     * @param direct a client of cognito-local itself (not of the gate), to look users up
     * @param signOutFile where sign-outs are kept
     */
    static CognitoGate start(HttpServer bound, URI upstream, CognitoIdentityProviderClient direct, String userPoolId, Path signOutFile) {
        CognitoGate gate = new CognitoGate(bound, upstream, direct, userPoolId, signOutFile, Clock.systemUTC());
        bound.start();
        return gate;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            if (method.equals("OPTIONS")) {
                reply(exchange, 403, Map.of(), new byte[0]);
                return;
            }
            String target = Optional.ofNullable(exchange.getRequestHeaders().getFirst("x-amz-target")).orElse("");
            String operation = target.substring(target.indexOf('.') + 1);
            if (method.equals("POST") && !operation.isEmpty()) {
                ObjectNode request;
                try {
                    request = (ObjectNode) Json.MAPPER.readTree(body);
                } catch (IOException | ClassCastException e) {
                    request = null;
                }
                if (request != null) {
                    Optional<Refusal> refusal = before(operation, request);
                    if (refusal.isPresent()) {
                        LOG.info("{} refused: {}", operation, refusal.get().message());
                        reply(exchange, refusal.get().status(), Map.of("content-type", List.of(JSON_TYPE),
                                "x-amzn-errortype", List.of(refusal.get().type())), refusal.get().body());
                        return;
                    }
                    Optional<byte[]> own = own(operation, request);
                    if (own.isPresent()) {
                        reply(exchange, 200, Map.of("content-type", List.of(JSON_TYPE)), own.get());
                        return;
                    }
                    body = Json.MAPPER.writeValueAsBytes(request);
                }
            }
            HttpResponse<byte[]> r = forward(exchange, method, body);
            if (r.statusCode() == 200) after(operation, body);
            reply(exchange, r.statusCode(), r.headers().map(), r.body());
        } catch (RuntimeException e) {
            LOG.warn("cognito gate failed: {}", e.toString());
        }
    }

    /**
     * Cognito's own refusals that cognito-local leaves out, decided before it sees the request.
     * May rewrite {@code request} (sign-in names to lower case).
     */
    Optional<Refusal> before(String operation, ObjectNode request) {
        switch (operation) {
            case "InitiateAuth", "AdminInitiateAuth" -> {
                ObjectNode params = object(request, "AuthParameters");
                String flow = text(request, "AuthFlow");
                if (params == null) return Optional.empty();
                if (flow.startsWith("REFRESH_TOKEN")) {
                    Optional<JWTClaimsSet> refresh = claims(text(params, "REFRESH_TOKEN"));
                    if (refresh.isEmpty()) return Optional.empty();
                    String user = string(refresh.get(), "cognito:username");
                    return disabled(user).or(() -> revoked(user, refresh.get(), "Refresh Token has been revoked"));
                }
                lowerCase(params, "USERNAME");
                return disabled(text(params, "USERNAME"));
            }
            case "RespondToAuthChallenge", "AdminRespondToAuthChallenge" -> {
                ObjectNode responses = object(request, "ChallengeResponses");
                if (responses == null) return Optional.empty();
                lowerCase(responses, "USERNAME");
                return disabled(text(responses, "USERNAME"));
            }
            case "AdminUserGlobalSignOut" -> {
                return user(text(request, "Username")).isPresent() ? Optional.empty()
                        : Optional.of(new Refusal(400, "UserNotFoundException", "User does not exist."));
            }
            case "AdminListGroupsForUser" -> {
                // cognito-local matches group members by the name as asked, but records them by the pool's own
                // user name (not the e-mail alias): an alias would list no group.
                user(text(request, "Username")).ifPresent(u -> request.put("Username", u.username()));
                return Optional.empty();
            }
            case "ForgotPassword", "ConfirmForgotPassword" -> {
                lowerCase(request, "Username");
                return Optional.empty();
            }
            default -> {
                // Every call authorised by an access token (GetUser, GlobalSignOut, UpdateUserAttributes, ...).
                if (!request.hasNonNull("AccessToken")) return Optional.empty();
                Optional<JWTClaimsSet> access = claims(text(request, "AccessToken"));
                if (access.isEmpty()) return Optional.empty();
                String user = string(access.get(), "username");
                return disabled(user).or(() -> revoked(user, access.get(), "Access Token has been revoked"));
            }
        }
    }

    /** The calls cognito-local does not have, answered here. */
    private Optional<byte[]> own(String operation, ObjectNode request) {
        switch (operation) {
            case "AdminUserGlobalSignOut" -> {
                // before() has refused an unknown user.
                signOut(text(request, "Username"));
                return Optional.of("{}".getBytes(StandardCharsets.UTF_8));
            }
            case "GlobalSignOut" -> {
                // before() has refused a revoked token or a disabled user already.
                claims(text(request, "AccessToken")).ifPresent(c -> signOut(string(c, "username")));
                return Optional.of("{}".getBytes(StandardCharsets.UTF_8));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** Cognito revokes a user's tokens when they are disabled or deleted; cognito-local forgets nothing. */
    private void after(String operation, byte[] body) {
        if (!operation.equals("AdminDisableUser") && !operation.equals("AdminDeleteUser")) return;
        try {
            JsonNode request = Json.MAPPER.readTree(body);
            String name = request.path("Username").asText("");
            if (!name.isEmpty()) signOut(name);
        } catch (IOException e) {
            LOG.warn("cannot read the {} request: {}", operation, e.getMessage());
        }
    }

    private Optional<Refusal> disabled(String username) {
        if (username == null || username.isEmpty()) return Optional.empty();
        return user(username).filter(u -> Boolean.FALSE.equals(u.enabled()))
                .map(u -> new Refusal(400, "NotAuthorizedException", "User is disabled."));
    }

    /** A token issued (iat, whole seconds) no later than the user's last sign-out is refused. */
    private Optional<Refusal> revoked(String username, JWTClaimsSet claims, String message) {
        if (username == null) return Optional.empty();
        Instant issued = claims.getIssueTime() == null ? Instant.EPOCH : claims.getIssueTime().toInstant();
        Instant out;
        synchronized (signedOut) {
            out = signedOut.get(username);
        }
        if (out == null || issued.getEpochSecond() > out.getEpochSecond()) return Optional.empty();
        return Optional.of(new Refusal(400, "NotAuthorizedException", message));
    }

    private Optional<AdminGetUserResponse> user(String username) {
        if (username == null || username.isEmpty()) return Optional.empty();
        try {
            return Optional.of(direct.adminGetUser(r -> r.userPoolId(userPoolId).username(username)));
        } catch (UserNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Records that every token of {@code username} (the pool's user name, or an alias AdminGetUser resolves) issued until now is revoked. */
    void signOut(String username) {
        String name = user(username).map(AdminGetUserResponse::username).orElse(username);
        synchronized (signedOut) {
            signedOut.put(name, clock.instant());
            try {
                Files.createDirectories(signOutFile.getParent());
                Path tmp = signOutFile.resolveSibling(signOutFile.getFileName() + ".tmp");
                Files.writeString(tmp, Json.write(signedOut));
                Files.move(tmp, signOutFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + signOutFile, e);
            }
        }
        LOG.info("signed {} out everywhere", name);
    }

    private void readSignOuts() {
        if (!Files.isRegularFile(signOutFile)) return;
        try {
            JsonNode saved = Json.MAPPER.readTree(Files.readString(signOutFile));
            for (Iterator<Map.Entry<String, JsonNode>> it = saved.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                signedOut.put(e.getKey(), Instant.parse(e.getValue().asText()));
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the sign-outs in " + signOutFile + ": " + e.getMessage(), e);
        }
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, String method, byte[] body) throws IOException {
        URI uri = exchange.getRequestURI();
        URI target = URI.create(upstream.toString().replaceAll("/+$", "") + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(lower) || lower.equals("origin")) return;
            for (String v : values) request.header(name, v);
        });
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted calling cognito-local", e);
        }
    }

    private static void reply(HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body) throws IOException {
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(lower) || lower.startsWith("access-control-") || lower.equals(":status")) return;
            for (String v : values) exchange.getResponseHeaders().add(name, v);
        });
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** A token's claims, unverified: cognito-local checks what it issued; here only who and when matter. */
    private static Optional<JWTClaimsSet> claims(String token) {
        if (token == null || token.isEmpty()) return Optional.empty();
        try {
            return Optional.of(JWTParser.parse(token).getJWTClaimsSet());
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    private static String string(JWTClaimsSet claims, String name) {
        Object v = claims.getClaim(name);
        return v instanceof String s ? s : null;
    }

    private static ObjectNode object(ObjectNode node, String field) {
        return node.get(field) instanceof ObjectNode o ? o : null;
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).asText("");
    }

    private static void lowerCase(ObjectNode node, String field) {
        if (node.hasNonNull(field)) node.put(field, node.get(field).asText().toLowerCase(Locale.ROOT));
    }
}
