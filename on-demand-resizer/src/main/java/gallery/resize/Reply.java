package gallery.resize;

import gallery.core.Json;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP response from the resizer, free of Lambda types. */
public record Reply(int status, Map<String, String> headers, byte[] body) {
    /** Year-long and immutable: every URL names one size of one version in one format (the format via Vary). */
    public static final String IMMUTABLE = "public, max-age=31536000, immutable";

    public Reply {
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    static Reply image(byte[] data, String contentType) {
        return image(data, contentType, IMMUTABLE);
    }

    static Reply image(byte[] data, String contentType, String cacheControl) {
        return new Reply(200, Map.of("Content-Type", contentType, "Cache-Control", cacheControl, "Vary", "Accept"), data);
    }

    static Reply redirect(int status, String location, String cacheControl, boolean variesByAccept) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Location", location);
        h.put("Cache-Control", cacheControl);
        if (variesByAccept) h.put("Vary", "Accept");
        return new Reply(status, h, new byte[0]);
    }

    static Reply error(int status, String message, String parameter) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", message);
        if (parameter != null) body.put("parameter", parameter);
        return new Reply(status, Map.of("Content-Type", "application/json; charset=utf-8", "Cache-Control", "no-store"),
                Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    public String header(String name) {
        return headers.get(name);
    }
}
