package gallery.api;

import gallery.core.PhotoMetadata;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import gallery.auth.AccessTokenVerifier;
import gallery.auth.Authenticator;
import gallery.auth.PrimingToken;
import gallery.auth.UserCheck;
import gallery.core.PhotoKey;
import gallery.core.config.Env;
import gallery.core.preset.OutputFormat;
import gallery.lambda.HttpEvent;
import gallery.lambda.Priming;
import gallery.index.PhotoIndex;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import gallery.core.Rendition;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import gallery.index.BrowserUploads;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
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
        String token = PrimingToken.make().token();
        PhotoKey key = PhotoKey.of("photos/priming/sample photo.jpg");
        PhotoRow row = new PhotoRow(key, key.album(), new PhotoRow.Version("0123456789abcdef0123456789abcdef", null, null, 1, Instant.now()),
                PhotoRow.State.ready(Instant.now()), new PhotoMetadata(320, 240, OffsetDateTime.now(), "Priming", "Priming One", null, null),
                new PhotoRow.Rendering("placeholder", "default", 1, List.of(new Rendition(256, 256, 192, OutputFormat.WEBP, 1))),
                null, null, null);
        ApiResponse.json(200, PhotoJson.photo(row, false));
        return List.of(handleRequest(HttpEvent.sample("GET", "/api/albums", "limit=10", Map.of()), null),
                handleRequest(HttpEvent.sample("GET", "/api/albums/priming/photos", "limit=10", Map.of("authorization", "Bearer " + token)), null));
    }

    /** The SnapStart hook registered for this handler. */
    Priming priming() {
        return priming;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        ApiResponse r;
        try (var ignored = HttpEvent.invocation(context)) {
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
        return new ApiRequest(HttpEvent.method(event), HttpEvent.path(event), HttpEvent.query(event),
                HttpEvent.header(event, "authorization"), HttpEvent.body(event));
    }
}
