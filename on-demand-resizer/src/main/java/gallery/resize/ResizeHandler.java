package gallery.resize;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import gallery.core.config.Env;
import gallery.imaging.Renderer;
import gallery.index.PhotoIndex;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Lambda entry point of the on-demand resizer, behind a function URL (payload format 2.0, the HTTP
 * API v2 event). libvips is loaded once, in the constructor, and reused by every invocation.
 */
public final class ResizeHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final Resizer resizer;

    /** Lambda: configuration from the environment, SDK clients from the default chain. */
    public ResizeHandler() {
        this(ResizeConfig.fromEnv(Env.system()), S3Client.create(), DynamoDbClient.create());
    }

    /** The local stack and tests: ready clients pointed at the emulators. */
    public ResizeHandler(ResizeConfig config, S3Client s3, DynamoDbClient dynamo) {
        this(config, s3, dynamo, new Renderer(config.imaging()));
    }

    /** Shares one already-loaded renderer (the local stack runs the workers and the resizer in one process). */
    public ResizeHandler(ResizeConfig config, S3Client s3, DynamoDbClient dynamo, Renderer renderer) {
        this.resizer = new Resizer(config, new PhotoIndex(dynamo, config.table()), s3, renderer);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return response(resizer.handle(call(event)));
    }

    static Resizer.Call call(APIGatewayV2HTTPEvent event) {
        String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getMethod() : "GET";
        return new Resizer.Call(method.toUpperCase(Locale.ROOT), event.getRawPath(),
                query(event, "v"), header(event.getHeaders(), "accept"));
    }

    static APIGatewayV2HTTPResponse response(Reply reply) {
        // A function URL's response travels as JSON: binary bodies must be base64 (hence the inline limit).
        boolean binary = reply.body().length > 0 && !reply.headers().getOrDefault("Content-Type", "").startsWith("application/json");
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(reply.status())
                .withHeaders(reply.headers())
                .withBody(binary ? Base64.getEncoder().encodeToString(reply.body()) : new String(reply.body(), StandardCharsets.UTF_8))
                .withIsBase64Encoded(binary)
                .build();
    }

    private static String query(APIGatewayV2HTTPEvent event, String name) {
        String raw = event.getRawQueryString();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String n = eq < 0 ? pair : pair.substring(0, eq);
                if (n.equals(name)) {
                    try {
                        return URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException e) {
                        return pair.substring(eq + 1);
                    }
                }
            }
            return null;
        }
        Map<String, String> params = event.getQueryStringParameters();
        return params == null ? null : params.get(name);
    }

    private static String header(Map<String, String> headers, String name) {
        if (headers == null) return null;
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) return e.getValue();
        }
        return null;
    }
}
