package gallery.local.edge;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The web UI's built files (what the web bucket holds in AWS). {@code /} is {@code index.html}
 * (CloudFront's default root object). Files with a content hash in the name are immutable for a
 * year; everything else says {@code no-cache}, so a rebuilt UI shows at once (the deploy sets the
 * same headers on the objects it uploads).
 */
public final class StaticFilesOrigin implements Origin {
    private static final Pattern HASHED = Pattern.compile(".*[.-][A-Za-z0-9_-]{8,}\\.(js|mjs|css|woff2?|svg|png|webp|avif|jpg)$");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"), Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"), Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"),
            Map.entry("webp", "image/webp"), Map.entry("avif", "image/avif"), Map.entry("jpg", "image/jpeg"),
            Map.entry("ico", "image/x-icon"), Map.entry("woff2", "font/woff2"), Map.entry("woff", "font/woff"),
            Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("map", "application/json"));
    private final Path root;

    public StaticFilesOrigin(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public OriginResponse fetch(OriginRequest request) throws IOException {
        String path = URLDecoder.decode(request.rawPath().replace("+", "%2B"), StandardCharsets.UTF_8);
        if (path.endsWith("/")) path += "index.html";
        Path file = root.resolve(path.substring(1)).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            return OriginResponse.text(404, "text/plain", "not found: " + path);
        }
        String name = file.getFileName().toString();
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("content-type", List.of(TYPES.getOrDefault(ext, "application/octet-stream")));
        headers.put("cache-control", List.of(HASHED.matcher(name).matches() ? "public, max-age=31536000, immutable" : "no-cache"));
        byte[] body = request.method().equals("HEAD") ? new byte[0] : Files.readAllBytes(file);
        return new OriginResponse(200, headers, body);
    }
}
