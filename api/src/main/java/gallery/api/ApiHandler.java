package gallery.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import gallery.auth.AccessTokenVerifier;
import gallery.core.config.Env;
import gallery.index.PhotoIndex;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Lambda entry point of the gallery API: HTTP API v2 events in, {@link GalleryApi} does the work. */
public final class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final GalleryApi api;

    /** Lambda: configuration from the environment, SDK clients from the default chain. */
    public ApiHandler() {
        this(ApiConfig.fromEnv(Env.system()), DynamoDbClient.create(), CognitoIdentityProviderClient.create());
    }

    /** The local stack and tests: ready clients pointed at the emulators. */
    public ApiHandler(ApiConfig config, DynamoDbClient dynamo, CognitoIdentityProviderClient cognito) {
        this(config, dynamo, new CognitoProfiles(cognito));
    }

    public ApiHandler(ApiConfig config, DynamoDbClient dynamo, UserProfiles profiles) {
        this.api = new GalleryApi(config, new PhotoIndex(dynamo, config.table()), new AccessTokenVerifier(config.cognito()), profiles);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        ApiResponse r = api.handle(request(event));
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
        return new ApiRequest(method.toUpperCase(Locale.ROOT), path, query(event), header(event.getHeaders(), "authorization"));
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
