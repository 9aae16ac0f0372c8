package gallery.local.deployed;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import gallery.local.edge.LambdaOrigin;
import gallery.local.edge.Origin;
import gallery.local.edge.OriginRequest;
import gallery.local.edge.OriginResponse;
import gallery.local.lambda.Invocation;
import gallery.local.lambda.LambdaEvents;
import gallery.local.lambda.LambdaFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP API's routes in front of their functions: a request matches a route by method
 * ({@code ANY} or the same) and path ({@code {name}} one segment, {@code {name+}} the rest), and the
 * function receives the payload-2.0 event with that {@code routeKey} and path parameters. No route:
 * 404 {@code {"message":"Not Found"}}; a function error: 500 {@code {"message":"Internal Server Error"}},
 * as the HTTP API answers (a function URL: 502).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
 */
final class HttpRoutes implements Origin {
    private static final Logger LOG = LoggerFactory.getLogger(HttpRoutes.class);

    private final List<CloudAssembly.HttpRoute> routes;
    private final Map<String, LambdaFunction> functions;

    HttpRoutes(List<CloudAssembly.HttpRoute> routes, Map<String, LambdaFunction> functions) {
        this.routes = List.copyOf(routes);
        this.functions = functions;
        for (CloudAssembly.HttpRoute r : routes) {
            if (!functions.containsKey(r.function())) throw new IllegalStateException("route " + r.routeKey() + ": " + r.function() + " is not a Java function of the stack");
        }
    }

    @Override
    public OriginResponse fetch(OriginRequest request) throws IOException {
        for (CloudAssembly.HttpRoute r : routes) {
            Map<String, String> params = match(r.routeKey(), request.method(), request.rawPath());
            if (params != null) {
                LambdaFunction f = functions.get(r.function());
                return new LambdaOrigin(event -> invoke(f, event, r.routeKey(), params)).fetch(request);
            }
        }
        return OriginResponse.text(404, "application/json", "{\"message\":\"Not Found\"}");
    }

    /** Path parameters when {@code routeKey} ({@code METHOD /path}) matches, else null. */
    static Map<String, String> match(String routeKey, String method, String rawPath) {
        int space = routeKey.indexOf(' ');
        String routeMethod = routeKey.substring(0, space);
        if (!routeMethod.equals("ANY") && !routeMethod.equalsIgnoreCase(method)) return null;
        String[] pattern = routeKey.substring(space + 1).split("/", -1);
        String[] path = rawPath.split("/", -1);
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("+}")) {
                if (i >= path.length) return null;
                String rest = String.join("/", java.util.Arrays.copyOfRange(path, i, path.length));
                if (rest.isEmpty()) return null;
                params.put(p.substring(1, p.length() - 2), rest);
                return params;
            }
            if (i >= path.length) return null;
            if (p.startsWith("{") && p.endsWith("}")) {
                if (path[i].isEmpty()) return null;
                params.put(p.substring(1, p.length() - 1), path[i]);
            } else if (!p.equals(path[i])) {
                return null;
            }
        }
        return pattern.length == path.length ? params : null;
    }

    /** A path the route matches, to find its CloudFront behaviour ({@code ANY /api/{proxy+}} → {@code /api/x}). */
    static String samplePath(String routeKey) {
        String path = routeKey.substring(routeKey.indexOf(' ') + 1);
        return path.replaceAll("\\{[^}]+}", "x");
    }

    /** One HTTP invocation: the event in, the response out; a function error becomes the front door's 500/502. */
    static APIGatewayV2HTTPResponse invoke(LambdaFunction f, APIGatewayV2HTTPEvent event, String routeKey, Map<String, String> params) {
        Invocation.Result r = f.invoke(LambdaEvents.http(event, routeKey, params));
        int failure = routeKey.equals("$default") ? 502 : 500;
        if (!r.ok()) {
            LOG.warn("{} {}: {}", f.spec().name(), event.getRawPath(), r.describe());
            return error(failure);
        }
        try {
            return LambdaEvents.httpResponse(r.payload());
        } catch (IllegalArgumentException e) {
            LOG.warn("{} {}: a malformed response: {}", f.spec().name(), event.getRawPath(), e.getMessage());
            return error(failure);
        }
    }

    private static APIGatewayV2HTTPResponse error(int status) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status)
                .withHeaders(Map.of("content-type", "application/json"))
                .withBody("{\"message\":\"Internal Server Error\"}").withIsBase64Encoded(false).build();
    }
}
