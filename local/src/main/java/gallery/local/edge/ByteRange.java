package gallery.local.edge;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP range requests at the edge, as CloudFront answers them (RFC 9110 §14): a single
 * {@code bytes=first-last}, {@code bytes=first-} or {@code bytes=-suffix} range of a 200 answer
 * becomes {@code 206} with {@code Content-Range}; a range starting past the end is {@code 416} with
 * {@code Content-Range: bytes *}{@code /<length>}. A malformed or multi-part Range is ignored (the whole
 * body, 200), which the RFC allows. Browsers seek in a video this way.
 */
final class ByteRange {
    private ByteRange() {
    }

    /** The answer to a GET carrying {@code range}, from the origin's (or cache's) full answer. */
    static OriginResponse apply(Optional<String> range, OriginResponse full) {
        if (full.status() != 200) return full;
        Map<String, List<String>> headers = new LinkedHashMap<>(full.headers());
        headers.put("accept-ranges", List.of("bytes"));
        long total = full.body().length;
        long[] span = range.map(r -> parse(r, total)).orElse(null);
        if (span == null) return new OriginResponse(200, headers, full.body());
        if (span.length == 0) {
            headers.put("content-range", List.of("bytes */" + total));
            headers.remove("content-type");
            return new OriginResponse(416, headers, new byte[0]);
        }
        headers.put("content-range", List.of("bytes " + span[0] + "-" + span[1] + "/" + total));
        return new OriginResponse(206, headers, java.util.Arrays.copyOfRange(full.body(), (int) span[0], (int) span[1] + 1));
    }

    /**
     * {first, last} inclusive; an empty array when unsatisfiable (416); null when the header is to be
     * ignored (malformed, several ranges, or not bytes).
     */
    static long[] parse(String header, long total) {
        String h = header.trim();
        if (!h.startsWith("bytes=")) return null;
        String spec = h.substring("bytes=".length()).trim();
        if (spec.contains(",")) return null;
        int dash = spec.indexOf('-');
        if (dash < 0) return null;
        String a = spec.substring(0, dash).trim(), b = spec.substring(dash + 1).trim();
        try {
            if (a.isEmpty()) {
                if (b.isEmpty()) return null;
                long suffix = Long.parseLong(b);
                if (suffix == 0) return new long[0];
                return total == 0 ? new long[0] : new long[]{Math.max(0, total - suffix), total - 1};
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? total - 1 : Long.parseLong(b);
            if (first < 0) return null;
            if (first >= total) return new long[0];
            if (last < first) return null;
            return new long[]{first, Math.min(last, total - 1)};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
