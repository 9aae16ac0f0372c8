package gallery.local.edge;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** An origin's answer. Header names in lower case; {@code set-cookie} may repeat. */
public record OriginResponse(int status, Map<String, List<String>> headers, byte[] body) {
    public OriginResponse {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new java.util.ArrayList<>()).addAll(v));
        headers = lower;
        body = body == null ? new byte[0] : body;
    }

    public static OriginResponse text(int status, String contentType, String text) {
        return new OriginResponse(status, Map.of("content-type", List.of(contentType)), text.getBytes(StandardCharsets.UTF_8));
    }

    public Optional<String> header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.getFirst());
    }
}
