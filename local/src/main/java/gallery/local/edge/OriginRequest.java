package gallery.local.edge;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the edge passes to an origin: the viewer's request after the route's forwarding rules.
 *
 * @param rawPath  percent-encoded path, as the viewer sent it
 * @param rawQuery percent-encoded query without {@code ?}, or empty
 * @param headers  header names in lower case
 */
public record OriginRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                            byte[] body, String sourceIp) {
    public Optional<String> header(String name) {
        List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(String.join(",", v));
    }
}
