package gallery.local.edge;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * An in-process Lambda handler behind the edge, called with the payload-2.0 event a function URL
 * (or HTTP API) would build: lower-case header names with repeated values comma-joined, cookies as
 * a list, query parameters decoded, binary bodies base64.
 * See https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads
 */
public final class LambdaOrigin implements Origin {
    private final Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;

    /** e.g. {@code new LambdaOrigin(event -> sessionHandler.handleRequest(event, null))} */
    public LambdaOrigin(Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        this.handler = handler;
    }

    @Override
    public OriginResponse fetch(OriginRequest request) {
        APIGatewayV2HTTPResponse response = handler.apply(event(request));
        if (response == null) return OriginResponse.text(502, "text/plain", "the handler returned nothing");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (response.getHeaders() != null) response.getHeaders().forEach((k, v) -> headers.put(k, List.of(v)));
        if (response.getMultiValueHeaders() != null) response.getMultiValueHeaders().forEach((k, v) -> headers.put(k, v));
        if (response.getCookies() != null && !response.getCookies().isEmpty()) headers.put("set-cookie", response.getCookies());
        byte[] body = response.getBody() == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                : response.getBody().getBytes(StandardCharsets.UTF_8);
        return new OriginResponse(response.getStatusCode(), headers, body);
    }

    /** The payload-2.0 event for {@code request}. */
    public static APIGatewayV2HTTPEvent event(OriginRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        request.headers().forEach((name, values) -> {
            if (name.equals("cookie")) {
                for (String v : values) for (String c : v.split(";")) if (!c.isBlank()) cookies.add(c.trim());
            } else {
                headers.put(name, String.join(",", values));
            }
        });
        Map<String, String> query = new LinkedHashMap<>();
        if (!request.rawQuery().isEmpty()) {
            for (String pair : request.rawQuery().split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
                query.merge(k, v, (a, b) -> a + "," + b);
            }
        }
        boolean text = isText(headers.get("content-type"));
        byte[] body = request.body();
        Instant now = Instant.now();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(request.rawPath())
                .withRawQueryString(request.rawQuery())
                .withHeaders(headers)
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withBody(body.length == 0 ? null : text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0 && !text)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(UUID.randomUUID().toString())
                        .withStage("$default")
                        .withTimeEpoch(now.toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(request.method())
                                .withPath(decode(request.rawPath().replace("+", "%2B")))
                                .withProtocol("HTTP/1.1")
                                .withSourceIp(request.sourceIp())
                                .withUserAgent(headers.get("user-agent"))
                                .build())
                        .build())
                .build();
    }

    private static boolean isText(String contentType) {
        if (contentType == null) return true;
        String c = contentType.toLowerCase(java.util.Locale.ROOT);
        return c.startsWith("text/") || c.contains("json") || c.contains("xml") || c.contains("x-www-form-urlencoded");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
