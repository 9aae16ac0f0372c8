package gallery.signer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import gallery.auth.AccessTokenVerifier;
import gallery.auth.Authenticator;
import gallery.auth.CookieSigner;
import gallery.auth.PemKeys;
import gallery.auth.PrimingToken;
import gallery.auth.SigningKey;
import gallery.auth.SigningKeys;
import gallery.auth.UserCheck;
import gallery.core.config.ConfigException;
import gallery.core.config.Env;
import gallery.lambda.HttpEvent;
import gallery.lambda.Priming;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import gallery.auth.ParameterStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import gallery.index.PhotoIndex;
import gallery.index.ShareLinks;

import java.io.IOException;
import java.nio.file.Files;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Instant;
import java.util.List;
import java.time.Clock;
import java.util.Map;

/**
 * {@code POST /session} and {@code DELETE /session} (function URL or HTTP API, payload 2.0).
 * Everything is built once, in the constructor; {@code handleRequest} only translates.
 */
public final class SessionHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final SessionService service;
    private final Priming priming;

    /** Lambda: configuration from the environment, the key from Secrets Manager. */
    public SessionHandler() {
        this(SignerConfig.fromEnv(Env.system()));
    }

    private SessionHandler(SignerConfig config) {
        this(config, keysFor(config), CognitoIdentityProviderClient.create(), accessFor(config, null));
    }

    /** Tests: ready configuration, keys (e.g. a {@link gallery.auth.KeyFolder}) and user pool client; albums for everyone only. */
    public SessionHandler(SignerConfig config, SigningKeys keys, CognitoIdentityProviderClient cognito) {
        this(config, keys, cognito, SessionAccess.EVERYONE_ONLY);
    }

    /** Local stack: as in Lambda, with the index's client given. */
    public SessionHandler(SignerConfig config, SigningKeys keys, CognitoIdentityProviderClient cognito, DynamoDbClient dynamo) {
        this(config, keys, cognito, accessFor(config, dynamo));
    }

    private SessionHandler(SignerConfig config, SigningKeys keys, CognitoIdentityProviderClient cognito, SessionAccess access) {
        this(config, keys, config.cognito().userCheck(cognito), access);
    }

    /** Tests: a ready check of the user behind each token. */
    public SessionHandler(SignerConfig config, SigningKeys keys, UserCheck users) {
        this(config, keys, users, SessionAccess.EVERYONE_ONLY);
    }

    public SessionHandler(SignerConfig config, SigningKeys keys, UserCheck users, SessionAccess access) {
        this(new SessionService(new Authenticator(new AccessTokenVerifier(config.cognito()), users),
                new CookieSigner(keys, config.siteUrl()), config.cookieLifetime(), Clock.systemUTC(), access));
    }

    /** The index's rules and links when {@code PHOTO_TABLE} is set; {@code dynamo} null: the default client. */
    private static SessionAccess accessFor(SignerConfig config, DynamoDbClient dynamo) {
        if (config.photoTable().isEmpty()) return SessionAccess.EVERYONE_ONLY;
        DynamoDbClient client = dynamo != null ? dynamo : DynamoDbClient.create();
        String table = config.photoTable().get();
        return SessionAccess.of(new PhotoIndex(client, table), new ShareLinks(client, table, Clock.systemUTC()), config.adminGroup());
    }

    public SessionHandler(SessionService service) {
        this.service = service;
        this.priming = Priming.register("signer", this::prime);
    }

    /**
     * What a sign-in does, short of the user pool's keys and the signing secret: a POST whose token
     * is parsed and refused before any key is fetched (it names none), a DELETE, an RS256 signature
     * made and verified, and the nine cookies signed with a throwaway key. Returns the responses.
     */
    List<APIGatewayV2HTTPResponse> prime() {
        PrimingToken primed = PrimingToken.make();
        SigningKey throwaway = SigningKey.of("priming", (RSAPrivateCrtKey) primed.keys().getPrivate());
        new CookieSigner(() -> throwaway, "https://priming.invalid").issue(Instant.now().plusSeconds(60));
        return List.of(handleRequest(HttpEvent.sample("POST", "/session", null, Map.of("authorization", "Bearer " + primed.token())), null),
                handleRequest(HttpEvent.sample("DELETE", "/session", null, Map.of()), null));
    }

    /** The SnapStart hook registered for this handler. */
    Priming priming() {
        return priming;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        SessionService.Reply reply;
        try (var ignored = HttpEvent.invocation(context)) {
            reply = switch (HttpEvent.method(event)) {
                case "POST" -> service.open(HttpEvent.header(event, "authorization"));
                case "DELETE" -> service.close();
                default -> new SessionService.Reply(405, Map.of("Allow", "POST, DELETE", "Cache-Control", "no-store"), java.util.List.of(), null);
            };
        }
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(reply.status())
                .withHeaders(reply.headers())
                .withCookies(reply.cookies())
                .withBody(reply.body())
                .build();
    }

    private static SigningKeys keysFor(SignerConfig config) {
        if (config.keyParameter().isPresent()) {
            SecretSigningKeys keys = new SecretSigningKeys(ParameterStore.fromEnvironment(), config.keyParameter().get(), Clock.systemUTC());
            keys.current(); // fail at start-up, not on the first login, when the parameter is unreadable
            return keys;
        }
        try {
            SigningKey key = SigningKey.of(config.keyId().orElseThrow(),
                    PemKeys.readPrivateKey(Files.readString(config.keyFile().orElseThrow())));
            return () -> key;
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("SIGNING_KEY_FILE=" + config.keyFile().orElseThrow() + " is not a readable RSA private key: " + e.getMessage());
        }
    }
}
