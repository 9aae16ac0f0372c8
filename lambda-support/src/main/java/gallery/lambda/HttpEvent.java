package gallery.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import gallery.core.telemetry.LogContext;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP API v2 event (payload format 2.0, also what a function URL sends) read once, the same way
 * for the signer, the api and the on-demand resizer: method, path, query, headers and body, so their
 * handlers only translate into their own request records.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
public final class HttpEvent {
    private HttpEvent() {
    }

    /** The request's log context ({@link LogContext#invocation}): its request id; {@code context} is null in-process. */
    public static LogContext invocation(Context context) {
        return LogContext.invocation(context == null ? null : context.getAwsRequestId(), null);
    }

    /** The method, upper case; GET when the event names none (a hand-built event). */
    public static String method(APIGatewayV2HTTPEvent event) {
        String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getMethod() : null;
        return method == null ? "GET" : method.toUpperCase(Locale.ROOT);
    }

    /** {@code rawPath} as sent (percent-encoded); "/" when absent. */
    public static String path(APIGatewayV2HTTPEvent event) {
        return event.getRawPath() == null ? "/" : event.getRawPath();
    }

    /**
     * HTTP API and function URLs lower-case header names, but the local edge or a hand-built event
     * may not: looked up ignoring case. Null when absent.
     */
    public static String header(APIGatewayV2HTTPEvent event, String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) return null;
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) return e.getValue();
        }
        return null;
    }

    /**
     * The query parameters, decoded, the first of a repeated name winning. From {@code rawQueryString}
     * when present (it is what was sent); else the decoded map, where API Gateway joins repeated
     * parameters with commas. A malformed escape is kept as sent.
     */
    public static Map<String, String> query(APIGatewayV2HTTPEvent event) {
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

    /** The body as text, base64-decoded when the event says it is encoded; null when there is none. */
    public static String body(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body != null && event.getIsBase64Encoded()) body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        return body;
    }

    /** A request as HTTP API would deliver it, for priming a handler before the snapshot (and tests). */
    public static APIGatewayV2HTTPEvent sample(String method, String path, String rawQuery, Map<String, String> headers) {
        return APIGatewayV2HTTPEvent.builder()
                .withRawPath(path).withRawQueryString(rawQuery)
                .withHeaders(headers)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path).build())
                        .build())
                .build();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
