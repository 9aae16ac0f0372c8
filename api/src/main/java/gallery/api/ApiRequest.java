package gallery.api;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP request as the API sees it, free of Lambda types.
 *
 * @param rawPath       the path as sent, percent-encoded
 * @param query         query parameters, decoded
 * @param authorization the {@code Authorization} header, or null
 * @param body          the request body as text (the upload routes take JSON), or null
 */
public record ApiRequest(String method, String rawPath, Map<String, String> query, String authorization, String body) {
    public ApiRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        query = query == null ? Map.of() : Map.copyOf(query);
    }

    /** A request without a body (every GET). */
    public ApiRequest(String method, String rawPath, Map<String, String> query, String authorization) {
        this(method, rawPath, query, authorization, null);
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(query.get(name)).filter(v -> !v.isEmpty());
    }
}
