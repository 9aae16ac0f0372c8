package gallery.api;

import gallery.core.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/** A JSON response. Nothing the API answers may be cached: it is per user and changes as photos arrive. */
public record ApiResponse(int status, Map<String, String> headers, String body) {
    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public static ApiResponse json(int status, Object body) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json; charset=utf-8");
        h.put("Cache-Control", "no-store");
        return new ApiResponse(status, h, Json.write(body));
    }

    /** {@code {"error": message}} plus {@code "parameter"} when one request parameter is at fault. */
    public static ApiResponse error(int status, String message, String parameter) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", message);
        if (parameter != null) body.put("parameter", parameter);
        ApiResponse r = json(status, body);
        if (status == 401) {
            Map<String, String> h = new LinkedHashMap<>(r.headers());
            h.put("WWW-Authenticate", "Bearer");
            return new ApiResponse(status, h, r.body());
        }
        return r;
    }
}
