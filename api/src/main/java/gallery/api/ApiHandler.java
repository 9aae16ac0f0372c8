package gallery.api;

import gallery.core.PhotoMetadata;
import gallery.core.telemetry.LogContext;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import gallery.auth.AccessTokenVerifier;
import gallery.auth.Authenticator;
import gallery.auth.UserCheck;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import gallery.core.PhotoKey;
import gallery.core.config.Env;
import gallery.core.preset.OutputFormat;
import gallery.core.snapstart.Priming;
import gallery.index.PhotoIndex;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import gallery.core.Rendition;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import gallery.index.BrowserUploads;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.List;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Lambda entry point of the gallery API: HTTP API v2 events in, {@link GalleryApi} does the work. */
public final class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final GalleryApi api;
    private final Priming priming;

    /** Lambda: configuration from the environment, SDK clients from the default chain. */
    public ApiHandler() {
        this(ApiConfig.fromEnv(Env.system()), UploadConfig.fromEnv(Env.system()), DynamoDbClient.create(),
                CognitoIdentityProviderClient.create(), S3Client.create());
    }

    /**
     * The local stack: uploads go to {@code s3}; part URLs are signed as {@code s3} addresses S3 (its region,
     * credentials, endpoint and path style), so the browser sends them where the API's own calls go.
     */
    public ApiHandler(ApiConfig config, UploadConfig uploads, DynamoDbClient dynamo, CognitoIdentityProviderClient cognito, S3Client s3) {
        this(config, dynamo, config.cognito().userCheck(cognito), new Uploads(uploads, s3, Uploads.presigner(s3),
                new BrowserUploads(dynamo, config.table(), java.time.Clock.systemUTC())));
    }

    /** The local stack and tests: ready clients pointed at the emulators. */
    public ApiHandler(ApiConfig config, DynamoDbClient dynamo, CognitoIdentityProviderClient cognito) {
        this(config, dynamo, config.cognito().userCheck(cognito));
    }

    public ApiHandler(ApiConfig config, DynamoDbClient dynamo, UserCheck users) {
        this(config, dynamo, users, null);
    }

    ApiHandler(ApiConfig config, DynamoDbClient dynamo, UserCheck users, Uploads uploads) {
        this.api = new GalleryApi(config, new PhotoIndex(dynamo, config.table()),
                new Authenticator(new AccessTokenVerifier(config.cognito()), users),
                new gallery.index.ShareLinks(dynamo, config.table(), java.time.Clock.systemUTC()), uploads);
        this.priming = Priming.register("api", this::prime);
    }

    /**
     * What a request does, short of the user pool's keys and the table: requests refused by the
     * token check (one without a token, one whose RS256 token is parsed and names no key, so no key is
     * fetched), an RS256 signature made and verified, and a photo answer serialised. Returns the
     * responses.
     */
    List<APIGatewayV2HTTPResponse> prime() {
        String token;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
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
        PhotoKey key = PhotoKey.of("photos/priming/sample photo.jpg");
        PhotoRow row = new PhotoRow(key, key.album(), new PhotoRow.Version("0123456789abcdef0123456789abcdef", null, null, 1, Instant.now()),
                PhotoRow.State.ready(Instant.now()), new PhotoMetadata(320, 240, OffsetDateTime.now(), "Priming", "Priming One", null, null),
                new PhotoRow.Rendering("placeholder", "default", 1, List.of(new Rendition(256, 256, 192, OutputFormat.WEBP, 1))),
                null, null, null);
        ApiResponse.json(200, PhotoJson.photo(row, false));
        return List.of(handleRequest(sample("/api/albums", null), null),
                handleRequest(sample("/api/albums/priming/photos", "Bearer " + token), null));
    }

    private static APIGatewayV2HTTPEvent sample(String path, String authorization) {
        return APIGatewayV2HTTPEvent.builder()
                .withRawPath(path).withRawQueryString("limit=10")
                .withHeaders(authorization == null ? Map.of() : Map.of("authorization", authorization))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath(path).build())
                        .build())
                .build();
    }

    /** The SnapStart hook registered for this handler. */
    Priming priming() {
        return priming;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        ApiResponse r;
        try (LogContext ignored = LogContext.invocation(context, null)) {
            r = api.handle(request(event));
        }
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(r.status())
                .withHeaders(r.headers())
                .withBody(r.body())
                .withIsBase64Encoded(false)
                .build();
    }

    static ApiRequest request(APIGatewayV2HTTPEvent event) {
        String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getMethod() : "GET";
        String path = event.getRawPath() == null ? "/" : event.getRawPath();
        String body = event.getBody();
        if (body != null && event.getIsBase64Encoded()) body = new String(java.util.Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        return new ApiRequest(method.toUpperCase(Locale.ROOT), path, query(event), header(event.getHeaders(), "authorization"), body);
    }

    /**
     * From {@code rawQueryString} when present (it is what was sent); else the decoded map, where
     * API Gateway joins repeated parameters with commas.
     */
    static Map<String, String> query(APIGatewayV2HTTPEvent event) {
        Map<String, String> out = new HashMap<>();
        String raw = event.getRawQueryString();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                out.putIfAbsent(name, value);
            }
        } else if (event.getQueryStringParameters() != null) {
            out.putAll(event.getQueryStringParameters());
        }
        return out;
    }

    /** HTTP API lowercases header names, a function URL too; the local edge might not: look up ignoring case. */
    static String header(Map<String, String> headers, String name) {
        if (headers == null) return null;
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) return e.getValue();
        }
        return null;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
