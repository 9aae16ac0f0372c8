package gallery.signer;

import gallery.core.telemetry.LogContext;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import gallery.auth.AccessTokenVerifier;
import gallery.auth.Authenticator;
import gallery.auth.CookieSigner;
import gallery.auth.PemKeys;
import gallery.auth.SigningKey;
import gallery.auth.SigningKeys;
import gallery.auth.UserCheck;
import gallery.core.config.ConfigException;
import gallery.core.config.Env;
import gallery.core.snapstart.Priming;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import gallery.auth.ParameterStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import gallery.index.PhotoIndex;
import gallery.index.ShareLinks;

import java.io.IOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
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
        KeyPair pair;
        String token;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(SigningKey.BITS);
            pair = generator.generateKeyPair();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                    .subject("priming").claim("token_use", "access").expirationTime(new Date()).build());
            jwt.sign(new RSASSASigner(pair.getPrivate()));
            if (!jwt.verify(new RSASSAVerifier((RSAPublicKey) pair.getPublic()))) {
                throw new IllegalStateException("a token signed for priming does not verify");
            }
            token = jwt.serialize();
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException("cannot make the priming token: " + e.getMessage(), e);
        }
        SigningKey throwaway = SigningKey.of("priming", (RSAPrivateCrtKey) pair.getPrivate());
        new CookieSigner(() -> throwaway, "https://priming.invalid").issue(Instant.now().plusSeconds(60));
        return List.of(handleRequest(sample("POST", "Bearer " + token), null), handleRequest(sample("DELETE", null), null));
    }

    private static APIGatewayV2HTTPEvent sample(String method, String authorization) {
        return APIGatewayV2HTTPEvent.builder()
                .withRawPath("/session")
                .withHeaders(authorization == null ? Map.of() : Map.of("authorization", authorization))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath("/session").build())
                        .build())
                .build();
    }

    /** The SnapStart hook registered for this handler. */
    Priming priming() {
        return priming;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String method = event.getRequestContext() == null || event.getRequestContext().getHttp() == null
                ? "" : event.getRequestContext().getHttp().getMethod();
        SessionService.Reply reply;
        try (LogContext ignored = LogContext.invocation(context, null)) {
            reply = switch (method) {
                case "POST" -> service.open(header(event.getHeaders(), "authorization"));
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

    /** Payload 2.0 lower-cases header names, but a hand-built event may not: look both ways. */
    private static String header(Map<String, String> headers, String name) {
        if (headers == null) return null;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey().equalsIgnoreCase(name)) return h.getValue();
        }
        return null;
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
