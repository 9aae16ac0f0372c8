package gallery.resize;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import gallery.core.config.Env;
import gallery.core.preset.OutputFormat;
import gallery.lambda.HttpEvent;
import gallery.lambda.Priming;
import gallery.imaging.Renderer;
import gallery.imaging.Encoded;
import gallery.index.PhotoIndex;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Lambda entry point of the on-demand resizer, behind a function URL (payload format 2.0, the HTTP
 * API v2 event). libvips is loaded once, in the constructor, and reused by every invocation.
 */
public final class ResizeHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final Resizer resizer;
    private final ResizeConfig config;
    private final Renderer renderer;
    private final Priming priming;

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
        this.config = config;
        this.renderer = renderer;
        this.resizer = new Resizer(config, new PhotoIndex(dynamo, config.table()), s3, renderer);
        this.priming = Priming.register("on-demand resizer", this::prime);
    }

    /**
     * What a resize does, short of DynamoDB and S3: read a function URL event, parse and snap the
     * request, and resize a small generated photo into every format this libvips encodes (each
     * encoder's first use is the slow one), answered as the base64 response. Returns the responses.
     */
    List<APIGatewayV2HTTPResponse> prime() {
        APIGatewayV2HTTPEvent event = HttpEvent.sample("GET", "/resize/200x150/photos/priming/sample%20photo.jpg", "v=0123456789ab",
                Map.of("accept", "image/avif,image/webp,*/*"));
        Resizer.Call call = call(event);
        ResizeRequest request = ResizeRequest.parse(call.rawPath(), call.version(), config.ladder());
        byte[] sample = Priming.sampleJpeg(320, 240);
        Canonical canonical = Canonical.of(request.width(), request.height(), 320, 240, config.ladder());
        canonical.url(request.key(), request.version().orElse(""));
        List<APIGatewayV2HTTPResponse> responses = new ArrayList<>();
        for (OutputFormat format : OutputFormat.values()) {
            if (!renderer.canEncode(format)) continue;
            Encoded out = renderer.resize(request.key().value(), sample, canonical.outputEdge(), canonical.outputEdge(), OnDemandEncoding.of(format));
            responses.add(response(Reply.image(out.data(), format.contentType())));
        }
        Resizer.negotiate(call.accept(), renderer::canEncode);
        responses.add(response(Reply.error(404, "no photo with key " + request.key(), null)));
        return responses;
    }

    /** The SnapStart hook registered for this handler. */
    Priming priming() {
        return priming;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try (var ignored = HttpEvent.invocation(context)) {
            return response(resizer.handle(call(event)));
        }
    }

    static Resizer.Call call(APIGatewayV2HTTPEvent event) {
        return new Resizer.Call(HttpEvent.method(event), event.getRawPath(), HttpEvent.query(event).get("v"), HttpEvent.header(event, "accept"));
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
}
